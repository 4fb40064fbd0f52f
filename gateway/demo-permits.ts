import { addDays, civilDate } from '../shared/civil-date';
import { demoSponsoredPeople, maskQid, seededRandom } from './demo-data';
import type { ResidencePermit } from './schemas';

/**
 * Deterministic demo residence permits, consistent with the demo sponsorships: a sponsored
 * employee's or family resident's permit ends on the day the sponsorships inquiry says; a
 * visitor holds a visa, not a permit; a Qatari (nationality digits 634) holds none. Anyone else's
 * own permit is derived from their QID. Nothing here is real data.
 */

function statusOn(validUntil: string, today: Date): ResidencePermit['status'] {
  return validUntil >= civilDate(today.getTime()) ? 'valid' : 'expired';
}

/** Undefined: the gateway answers 404 no-residence-permit (none, or not someone this QID sponsors). */
export function demoResidencePermit(idNumber: string, personId: string | undefined, today: Date = new Date()): ResidencePermit | undefined {
  if (personId !== undefined) {
    const person = demoSponsoredPeople(idNumber, today).find((p) => p.id === personId);
    if (!person || person.relation === 'visitor' || !person.documentValidUntil) return undefined;
    return { status: statusOn(person.documentValidUntil, today), validUntil: person.documentValidUntil, idNumberMasked: person.idNumberMasked };
  }
  if (idNumber.slice(3, 6) === '634') return undefined;
  let seed = 0;
  for (const c of idNumber) seed = (Math.imul(seed, 31) + c.charCodeAt(0)) >>> 0;
  const random = seededRandom(seed);
  // From 200 days expired to 700 days left; one in ten cancelled.
  const validUntil = addDays(civilDate(today.getTime()), Math.floor(random() * 900 - 200));
  const status = random() < 0.1 ? 'cancelled' : statusOn(validUntil, today);
  return { status, validUntil, idNumberMasked: maskQid(idNumber) };
}
