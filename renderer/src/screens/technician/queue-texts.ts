import { useMemo } from 'react';
import { formatMessage, type MessageParams } from '../../i18n/format';
import { useKiosk } from '../../kiosk-context';

/**
 * The queue page's words for what the outbox holds besides shoppers' requests, and for why the
 * ministry or the gateway refused an entry: each code the kiosk can store (gateway/schemas.ts
 * RejectionCode, the outbox's own, the gateway client's), read as a sentence. A code not listed
 * here is shown as it came. Loaded with the technician's screens; Arabic defines the keys.
 */
export const queueAr = {
  'kind.audit-entry': 'قيد في سجل التدقيق',
  'kind.config-report': 'تقرير عن الإعدادات',
  'reject.unknown-fine': 'المخالفة غير مسجَّلة لدى الوزارة',
  'reject.fine-already-paid': 'سبق دفع هذه المخالفة',
  'reject.amount-mismatch': 'المبلغ لا يطابق المسجَّل لدى الوزارة',
  'reject.payment-required': 'تتطلب الخدمة دفعًا لم يُسجَّل مع الطلب',
  'reject.invalid-payload': 'رفضت الوزارة بيانات الطلب',
  'reject.invalid-input': 'بيانات الطلب لا تطابق ما تقبله بوابة الوزارة',
  'reject.expired': 'انقضت مدة انتظاره في هذا الجهاز قبل أن يُرسَل',
  'reject.idempotency-conflict': 'سبق أن أُرسِل طلب مختلف بالمفتاح نفسه',
  'reject.audit': 'رفضت الوزارة هذا القيد لأن سلسلة سجل التدقيق لا تتطابق',
  'reject.http': 'رفضت بوابة الوزارة الطلب (رمز HTTP {status})',
  'reject.other': 'سبب الرفض',
} as const;

type QueueKey = keyof typeof queueAr;

export const queueEn: { readonly [K in QueueKey]: string } = {
  'kind.audit-entry': 'Audit log entry',
  'kind.config-report': 'Configuration report',
  'reject.unknown-fine': 'The ministry has no record of the fine',
  'reject.fine-already-paid': 'The fine was already paid',
  'reject.amount-mismatch': 'The amount does not match the ministry’s record',
  'reject.payment-required': 'The service needs a payment the request did not carry',
  'reject.invalid-payload': 'The ministry refused the request’s data',
  'reject.invalid-input': 'The request’s data does not follow what the ministry’s gateway takes',
  'reject.expired': 'It waited too long at this kiosk and was not sent',
  'reject.idempotency-conflict': 'A different request was already sent under the same key',
  'reject.audit': 'The ministry refused this entry: the audit log’s chain does not match',
  'reject.http': 'The ministry’s gateway refused it (HTTP {status})',
  'reject.other': 'Reason',
};

const KNOWN = new Set(['unknown-fine', 'fine-already-paid', 'amount-mismatch', 'payment-required', 'invalid-payload', 'invalid-input', 'expired', 'idempotency-conflict']);

/** The sentence for a stored reject code, or undefined for a code the kiosk has no words for. */
export function rejectKey(code: string): { key: QueueKey; params?: MessageParams } | undefined {
  if (KNOWN.has(code)) return { key: `reject.${code}` as QueueKey };
  if (code.startsWith('audit-')) return { key: 'reject.audit' };
  const http = /^http-(\d{3})$/.exec(code);
  return http ? { key: 'reject.http', params: { status: http[1]! } } : undefined;
}

export function useQueueText(): (key: QueueKey, params?: MessageParams) => string {
  const { i18n } = useKiosk();
  return useMemo(() => {
    const table = i18n.lang === 'ar' ? queueAr : queueEn;
    return (key, params = {}) => formatMessage(table[key], params, i18n.locale);
  }, [i18n]);
}
