import { civilDate } from '../shared/civil-date';
import { DEMO_QID, demoSponsoredPeople, seededRandom } from './demo-data';
import type { Visa } from './schemas-visas';

/**
 * Deterministic demo visas, consistent with the demo sponsorships: each sponsored visitor holds
 * one visa that ends on the day the sponsorships inquiry gives (the demo card's Fatima Ahmed: a
 * family visit visa ending in 21 days, the case an extension is for). Employees and family
 * residents hold residence permits, not visas; the no-visa sponsor's visitor is listed without a
 * last day, as the ministry has no visa on record for her. Nothing here is real data.
 */

const TYPES: readonly Visa['type'][] = ['family-visit', 'business-visit', 'tourist'];

function seedOf(text: string): number {
  let seed = 0;
  for (const c of text) seed = (Math.imul(seed, 31) + c.charCodeAt(0)) >>> 0;
  return seed;
}

/** Undefined: the gateway answers 404 no-visa (not a visitor, a visitor with no visa on record, or not someone this QID sponsors). */
export function demoVisa(idNumber: string, personId: string, today: Date = new Date()): Visa | undefined {
  const person = demoSponsoredPeople(idNumber, today).find((p) => p.id === personId);
  if (!person || person.relation !== 'visitor' || !person.documentValidUntil) return undefined;
  const random = seededRandom(seedOf(`visa:${personId}`));
  const visaNumber = `31${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
  // The demo card's visitor is the sponsor's mother on a family visit; others vary.
  const type = idNumber === DEMO_QID ? 'family-visit' : TYPES[Math.floor(random() * TYPES.length)]!;
  const status = person.documentValidUntil >= civilDate(today.getTime()) ? 'valid' : 'expired';
  return { visaNumber, type, status, validUntil: person.documentValidUntil, passportMasked: person.idNumberMasked };
}
