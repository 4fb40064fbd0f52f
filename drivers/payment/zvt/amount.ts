import { ZvtError } from './errors';

/** The largest amount BMP 04 can carry: 12 BCD digits of cents. */
const MAX_AMOUNT_CENTS = 999_999_999_999;

export function validateAmountCents(amountCents: number): number {
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0 || amountCents > MAX_AMOUNT_CENTS) {
    throw new ZvtError('invalid-amount', `amount must be a whole number of cents from 1 to ${MAX_AMOUNT_CENTS}, got ${String(amountCents)}`);
  }
  return amountCents;
}

/**
 * "1.50" → 150. Parsed as digit strings, never through floating point, so "0.29" is 29 and not
 * 28.999…; at most two decimals, no sign, no exponent, no thousands separators.
 */
export function parseAmount(text: string): number {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new ZvtError('invalid-amount', `"${text}" is not an amount like 1.50 (digits, at most two decimals)`);
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return validateAmountCents(cents);
}

/** 150 → "1.50" */
export function formatAmount(amountCents: number): string {
  const s = String(amountCents).padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
