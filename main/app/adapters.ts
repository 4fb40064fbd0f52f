import { createHash } from 'node:crypto';
import { maskIdNumber, type Receipt } from '../../drivers/printer/receipt';
import type { QueuedSubmission } from '../gateway';
import type { PaymentOutcome, ReceiptRequest, SubmissionInput } from '../core/ports';

/**
 * Translations between the drivers' own types and the session's ports. Kept apart from the
 * wiring so each can be tested with plain data.
 */

/**
 * The outbox stores its person key in clear to order deliveries; a keyed hash of the ID number
 * keeps that order without keeping the number.
 */
export function personKey(idNumber: string, kioskSecret: string): string {
  return createHash('sha256').update(kioskSecret).update('\0').update(idNumber).digest('base64url').slice(0, 22);
}

export function paymentReference(payment: Extract<PaymentOutcome, { result: 'approved' }>): string {
  return [payment.terminalId ?? 'PT', payment.trace ?? payment.receiptNo ?? 'x'].join('-');
}

export function toQueuedSubmission(input: SubmissionInput, currency: string, submittedAt: Date): QueuedSubmission {
  const p = input.payment;
  return {
    serviceId: input.serviceId,
    applicant: { idNumber: input.applicant.idNumber },
    payload: input.payload,
    ...(p
      ? {
          payment: {
            amountCents: p.amountCents,
            currency,
            reference: paymentReference(p),
            ...(p.authCode ? { authCode: p.authCode } : {}),
            ...(p.cardType ? { cardType: p.cardType } : {}),
            ...(p.panMasked ? { panMasked: p.panMasked } : {}),
          },
        }
      : {}),
    submittedAt: submittedAt.toISOString(),
  };
}

const MINISTRY = { nameAr: 'وزارة الداخلية', nameEn: 'Ministry of Interior' };
const PAID_TITLE = { ar: 'إيصال دفع', en: 'Payment receipt' };
const REQUEST_TITLE = { ar: 'إيصال تقديم طلب', en: 'Request receipt' };
const PAID_FOOTER = {
  ar: 'احتفظ بهذا الإيصال إثباتًا للدفع، وتابع طلبك بالرقم المرجعي.',
  en: 'Keep this receipt as proof of payment. Track your request with the reference number.',
};
const REQUEST_FOOTER = {
  ar: 'احتفظ بهذا الإيصال، وتابع طلبك بالرقم المرجعي.',
  en: 'Keep this receipt. Track your request with the reference number.',
};

const joinNames = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' ') || undefined;

export function toReceipt(r: ReceiptRequest): Receipt {
  const p = r.payment;
  return {
    kind: 'payment',
    lang: r.lang,
    ministry: MINISTRY,
    title: p ? PAID_TITLE : REQUEST_TITLE,
    person: {
      nameAr: joinNames(r.applicant.givenNamesAr, r.applicant.surnameAr),
      nameEn: joinNames(r.applicant.givenNames, r.applicant.surname),
      // A receipt may be left at the kiosk: the printer's own rule keeps 3 + 2 digits.
      idNumberMasked: maskIdNumber(r.applicant.idNumber),
    },
    service: r.service,
    ...(r.beneficiary
      ? {
          beneficiary: {
            nameAr: r.beneficiary.nameAr || undefined,
            nameEn: r.beneficiary.nameEn || undefined,
            // The screen masks with dots; paper keeps the printer's digits-and-stars form.
            idNumberMasked: r.beneficiary.idNumberMasked?.replace(/[^\d]/g, '*'),
          },
        }
      : {}),
    ...(r.answers?.length ? { answers: r.answers.slice(0, 8) } : {}),
    lines: r.lines,
    totalCents: r.totalCents,
    currency: 'QAR',
    payment: p
      ? {
          cardType: p.cardType,
          panMasked: p.panMasked,
          authCode: p.authCode,
          trace: p.trace,
          receiptNo: p.receiptNo,
          terminalId: p.terminalId,
          terminalLines: p.receiptLines.slice(0, 40),
        }
      : {},
    localRef: r.localRef,
    ministryRef: r.ministryRef,
    issuedAt: r.issuedAt.toISOString(),
    footer: p ? PAID_FOOTER : REQUEST_FOOTER,
  };
}
