import { describe, expect, it } from 'vitest';
import { SubmissionRequest } from '../../../gateway';
import { maskIdNumber, parseReceipt } from '../../../drivers/printer';
import { personKey, toQueuedSubmission, toReceipt } from '../../../main/app/adapters';
import type { PaymentOutcome } from '../../../main/core/ports';
import { fines, identity } from '../../support/core-fakes';

const approved: Extract<PaymentOutcome, { result: 'approved' }> = {
  result: 'approved',
  amountCents: 80_000,
  trace: '000087',
  receiptNo: '0087',
  cardType: 'Debit Mastercard',
  panMasked: '************4771',
  authCode: 'A1B2C3',
  terminalId: '29001612',
  receiptLines: ['KUNDENBELEG', 'Betrag EUR 1,54'],
};

describe('driver ↔ session adapters', () => {
  it('builds a submission the gateway contract accepts, with only the ID number of the applicant', () => {
    const queued = toQueuedSubmission({ serviceId: 'pay-traffic-fines', applicant: identity, payload: { fineIds: ['F1'] }, payment: approved }, 'QAR', new Date('2026-11-28T10:00:00Z'));
    const wire = SubmissionRequest.parse({ ...queued, localRef: 'K01-20261128-000001', kioskId: 'K01' });
    expect(wire.applicant).toEqual({ idNumber: identity.idNumber });
    expect(JSON.stringify(wire)).not.toContain(identity.givenNames!);
    expect(wire.payment).toMatchObject({ amountCents: 80_000, currency: 'QAR', reference: '29001612-000087' });
  });

  it('builds a receipt the printer validates, with the ID number masked', () => {
    const receipt = parseReceipt(
      toReceipt({
        lang: 'ar',
        applicant: identity,
        service: { titleAr: 'سداد المخالفات المرورية', titleEn: 'Pay traffic fines' },
        lines: fines.map((f) => ({ labelAr: f.offence.ar, labelEn: f.offence.en, amountCents: f.amountCents })),
        totalCents: 80_000,
        currency: 'QAR',
        payment: approved,
        localRef: 'K01-20261128-000001',
        issuedAt: new Date('2026-11-28T10:00:00Z'),
      }),
    );
    expect(receipt.person.idNumberMasked).toBe('284******23');
    expect(receipt.person.nameAr).toBe('أحمد الكعبي');
    expect(receipt.payment.terminalLines).toEqual(approved.receiptLines);
    expect(maskIdNumber('1234')).toBe('****');
  });

  it('keys people by a keyed hash, stable per kiosk and never the number itself', () => {
    const a = personKey('28463400123', 'secret-1');
    expect(a).toBe(personKey('28463400123', 'secret-1'));
    expect(a).not.toBe(personKey('28463400123', 'secret-2'));
    expect(a).not.toContain('28463400123');
  });
});
