import { civilDate } from '../../shared/civil-date';

/**
 * A card is expired from the day after its validUntil date, in the kiosk's calendar (Doha's,
 * whatever the machine's time zone): a card valid until 2026-11-28 still works all of that day.
 * No validUntil: not known to be expired.
 */
export function isCardExpired(validUntil: string | undefined, now: Date): boolean {
  if (!validUntil) return false;
  return validUntil < civilDate(now.getTime());
}
