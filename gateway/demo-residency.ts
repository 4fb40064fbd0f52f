import { addDays, civilDate, daysBetween } from '../shared/civil-date';
import { seededRandom } from './demo-data';
import { demoResidencePermit } from './demo-permits';
import type { ResidencyEligibility, ResidencyReason } from './schemas-residency';

/**
 * Deterministic demo answers to the permanent-residency eligibility inquiry, consistent with the
 * demo residence permits: a Qatari (nationality digits 634, such as the demo card holder) gets
 * none, permanent residency does not apply to a citizen; a resident's years in Qatar are derived
 * from the QID (1 to 31, 10 required for one in five, born in Qatar, else 20), and a resident
 * whose own permit the permits inquiry gives as expired or cancelled is not eligible now either.
 * Nothing here is real data.
 */

function seedOf(text: string): number {
  let seed = 0;
  for (const c of text) seed = (Math.imul(seed, 31) + c.charCodeAt(0)) >>> 0;
  return seed;
}

/** The same day `years` later (29 February falls on 1 March in a common year). */
function addYears(isoDay: string, years: number): string {
  const [y, m, d] = isoDay.split('-');
  // Date.UTC carries a 29 February over into March.
  return addDays(`${Number(y) + years}-${m}-${d}`, 0);
}

/** Undefined: the gateway answers 404 not-applicable (a Qatari citizen). */
export function demoPermanentResidency(idNumber: string, today: Date = new Date()): ResidencyEligibility | undefined {
  if (idNumber.slice(3, 6) === '634') return undefined;
  const random = seededRandom(seedOf(`residency:${idNumber}`));
  const requiredYears = random() < 0.2 ? 10 : 20;
  const now = civilDate(today.getTime());
  const since = addDays(now, -Math.floor(365 + random() * 30 * 365));
  let residenceYears = Number(now.slice(0, 4)) - Number(since.slice(0, 4));
  if (now.slice(5) < since.slice(5)) residenceYears -= 1;
  const eligibleFrom = addYears(since, requiredYears);
  const reasons: ResidencyReason[] = [];
  if (daysBetween(now, eligibleFrom) > 0) reasons.push('residence-period');
  if (demoResidencePermit(idNumber, undefined, today)?.status !== 'valid') reasons.push('residence-permit-not-valid');
  return {
    status: reasons.length === 0 ? 'eligible' : 'not-yet-eligible',
    reasons,
    residenceYears,
    requiredYears,
    ...(reasons.includes('residence-period') ? { eligibleFrom } : {}),
  };
}
