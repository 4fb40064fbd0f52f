/**
 * A card is expired from the day after its validUntil date, in the kiosk's local calendar: a card
 * valid until 2026-11-28 still works all of that day. No validUntil: not known to be expired.
 */
export function isCardExpired(validUntil: string | undefined, now: Date): boolean {
  if (!validUntil) return false;
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return validUntil < today;
}
