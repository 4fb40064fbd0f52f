import { describe, expect, it } from 'vitest';
import type { TrackedRequests } from '../../../main/core/ports';
import { identity, makeKiosk, tick } from '../../support/core-fakes';

const employee = { id: 'SP-emp', relation: 'employee' as const, givenNamesAr: 'راجيش', surnameAr: 'كومار', givenNames: 'Rajesh', surname: 'Kumar', idNumberMasked: '356••••••71' };
const fee = { amountCents: 80_000, serviceId: 'pay-traffic-fines' };
const at = Date.UTC(2026, 10, 27, 8);

/** The card holder's registration waits for fines; their employee's request waits for the same kind of payment, and a card to collect. */
const tracked = (ministry: TrackedRequests['ministry'] = 'answered'): TrackedRequests => ({
  ministry,
  people: [
    {
      personId: 'self',
      requests: [
        {
          ministryRef: 'MOI-1',
          channel: 'website',
          serviceId: 'renew-vehicle-registration',
          submittedAt: at,
          history: [{ status: 'received', at }, { status: 'awaiting-payment', at: at + 1, note: { ar: 'توجد مخالفات مرورية غير مدفوعة.', en: 'There are unpaid traffic fines.' } }],
          expectedNext: { ar: 'تُجدَّد الاستمارة بعد سداد المخالفات.', en: 'The registration is renewed once the fines are paid.' },
          outstandingFee: fee,
        },
        { ministryRef: 'MOI-9', channel: 'app', serviceId: 'not-in-the-catalog', title: { ar: 'خدمة أخرى', en: 'Another service' }, submittedAt: at - 5, history: [{ status: 'completed', at: at - 5 }], outstandingFee: { amountCents: 500, serviceId: 'first-residence-permit' } },
      ],
    },
    {
      personId: 'SP-emp',
      person: employee,
      requests: [
        { ministryRef: 'MOI-2', channel: 'service-centre', serviceId: 'replace-residence-card', submittedAt: at, history: [{ status: 'awaiting-visit', at }], visit: { where: 'service-centre', reason: { ar: 'البطاقة جاهزة للاستلام.', en: 'The card is ready to collect.' } } },
        { ministryRef: 'MOI-3', channel: 'website', serviceId: 'renew-residence-permit', submittedAt: at - 1, history: [{ status: 'awaiting-payment', at }], outstandingFee: fee },
      ],
    },
  ],
});

async function atRequests(k: ReturnType<typeof makeKiosk>) {
  k.session.cardInserted();
  k.session.identityRead(identity, true);
  await k.core.dispatch({ type: 'showRequests' });
  await tick();
  return k.at('requests');
}

describe('my requests from every channel', () => {
  it('shows each person with their requests, names from the catalog (else the ministry’s), and what main decided can be done now', async () => {
    const k = makeKiosk({ requests: () => tracked() });
    const step = await atRequests(k);
    expect(step.ministry).toBe('answered');
    const [self, emp] = step.people;
    expect(self).toMatchObject({ id: 'self', relation: 'self' });
    expect(self!.requests[0]).toMatchObject({
      reference: 'MOI-1',
      channel: 'website',
      titleEn: 'Renew vehicle registration',
      nextEn: 'The registration is renewed once the fines are paid.',
      history: [{ status: 'received', at }, { status: 'awaiting-payment', at: at + 1, noteAr: 'توجد مخالفات مرورية غير مدفوعة.', noteEn: 'There are unpaid traffic fines.' }],
      action: { kind: 'pay-here', amountCents: 80_000, serviceId: 'pay-traffic-fines' },
    });
    // A service the kiosk does not know keeps the ministry's name; a fee only served elsewhere says where.
    expect(self!.requests[1]).toMatchObject({ titleAr: 'خدمة أخرى', action: { kind: 'pay-elsewhere', amountCents: 500, where: ['website', 'app', 'service-centre'] } });
    expect(emp).toMatchObject({ id: 'SP-emp', relation: 'employee', nameEn: 'Rajesh Kumar', nameAr: 'راجيش كومار', idNumberMasked: '356••••••71' });
    expect(emp!.requests[0]!.action).toEqual({ kind: 'visit', where: 'service-centre', reasonAr: 'البطاقة جاهزة للاستلام.', reasonEn: 'The card is ready to collect.' });
    // Traffic fines are paid here for the card holder only: the employee's fee is paid elsewhere.
    expect(emp!.requests[1]!.action).toMatchObject({ kind: 'pay-elsewhere' });
  });

  it('pays a fee main offered here through the service that takes it, and refuses any other reference', async () => {
    const k = makeKiosk({ requests: () => tracked() });
    await atRequests(k);
    expect(await k.core.dispatch({ type: 'payRequestFee', reference: 'MOI-3' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    expect(await k.core.dispatch({ type: 'payRequestFee', reference: 'MOI-404' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    expect(k.step().screen).toBe('requests');
    expect(await k.core.dispatch({ type: 'payRequestFee', reference: 'MOI-1' })).toMatchObject({ ok: true });
    await tick();
    expect(k.step().screen).toBe('fines');
    expect(k.at('fines').readOnly).toBe(false);
  });

  it('says when the ministry did not answer, and offers no fee to pay here once the network is gone', async () => {
    const k = makeKiosk({ requests: () => tracked('unavailable') });
    k.session.setGateway('offline');
    const step = await atRequests(k);
    expect(step.ministry).toBe('unavailable');
    expect(step.people[0]!.requests[0]!.action).toMatchObject({ kind: 'pay-elsewhere' });
    expect(await k.core.dispatch({ type: 'payRequestFee', reference: 'MOI-1' })).toMatchObject({ ok: false });
  });
});
