import { KIOSK_TIME_ZONE } from '../../shared/civil-date';
import { PrinterError } from './errors';
import { type ParsedReceipt, type Receipt, receiptSchema, type ReceiptLang } from './receipt';

/** Western digits in both languages: the norm on Gulf receipts, and what card terminals print. */
export function formatAmount(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const frac = String(cents % 100).padStart(2, '0');
  return `${whole.toLocaleString('en-US')}.${frac}`;
}

export function currencyLabel(currency: Receipt['currency'], lang: ReceiptLang): string {
  if (currency === 'QAR') return lang === 'ar' ? 'ر.ق' : 'QAR';
  return currency;
}

/**
 * The issue time in the shopper's language, in the kiosk's time zone (receipts show wall-clock
 * time where they were printed, not UTC). `-u-nu-latn` keeps digits Western in Arabic too.
 * Arabic reads "3 ديسمبر 2026، الساعة 14:05": ICU's "في 14:05" is a literal translation of
 * English "at", not how a date and time are written on an Arabic document.
 */
export function formatIssuedAt(iso: string, lang: ReceiptLang, timeZone = KIOSK_TIME_ZONE): string {
  const date = new Date(iso);
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(date);
  if (lang === 'ar') {
    const day = new Intl.DateTimeFormat('ar-QA-u-nu-latn', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(date);
    return `${day}، الساعة ${time}`;
  }
  const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(date);
  return `${day}, ${time}`;
}

/** Validates untrusted receipt data; the error names the fields, never their values. */
export function parseReceipt(input: unknown): ParsedReceipt {
  const result = receiptSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new PrinterError('invalid-receipt', `invalid receipt: ${problems.slice(0, 5).join('; ')}`);
}
