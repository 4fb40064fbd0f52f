import { civilDate } from '../../shared/civil-date';

/** Shows enough of an ID number for a person to recognise it as theirs, not enough to reuse it. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 5) return '•'.repeat(idNumber.length);
  return `${idNumber.slice(0, 3)}${'•'.repeat(idNumber.length - 5)}${idNumber.slice(-2)}`;
}

/** A card is expired from the day after its validUntil date (YYYY-MM-DD), in Doha's calendar. */
export function isExpired(validUntil: string | undefined, nowMs: number): boolean {
  if (!validUntil || !/^\d{4}-\d{2}-\d{2}$/.test(validUntil)) return false;
  return validUntil < civilDate(nowMs);
}
