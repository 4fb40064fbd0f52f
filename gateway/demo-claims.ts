import { addDays, civilDate } from '../shared/civil-date';
import { DEMO_QID, demoSponsoredPeople, seededRandom } from './demo-data';
import { demoRequestRef } from './demo-requests';
import type { LocalizedText } from './schemas';
import type { ClaimPayPlace, FinancialClaim } from './schemas-claims';

/**
 * Deterministic demo financial claims (services.md #40), consistent with the demo sponsorships
 * and requests: the demo card holder owes two fines a kiosk takes and a ticket only the issuing
 * department's service centre takes; their family member Maryam Al-Kuwari's ID card waits for
 * its 100 QAR fee (the same request, by its ministry reference, that "my requests" shows
 * awaiting payment); their employee and visitor owe nothing. Traffic fines are not claims here:
 * they have their own inquiry and service. Nothing here is real data.
 */

const TRAFFIC: LocalizedText = { ar: 'الإدارة العامة للمرور', en: 'General Directorate of Traffic' };
const PASSPORTS: LocalizedText = { ar: 'الإدارة العامة للجوازات', en: 'General Directorate of Passports' };
const COASTS: LocalizedText = { ar: 'الإدارة العامة لأمن السواحل والحدود', en: 'General Directorate of Coasts and Borders Security' };

const ONLINE_TOO: readonly ClaimPayPlace[] = ['kiosk', 'website', 'app'];

interface Template {
  kind: FinancialClaim['kind'];
  description: LocalizedText;
  department: LocalizedText;
  amountCents: number;
  /** Days before today it was issued. */
  daysAgo: number;
  payableAt: readonly ClaimPayPlace[];
}

const LATE_REGISTRATION: Template = {
  kind: 'fine',
  description: { ar: 'غرامة التأخر في تجديد استمارة المركبة', en: 'Late renewal of the vehicle registration' },
  department: TRAFFIC,
  amountCents: 100_00,
  daysAgo: 40,
  payableAt: ONLINE_TOO,
};
const LATE_LICENCE: Template = {
  kind: 'fine',
  description: { ar: 'غرامة التأخر في تجديد رخصة القيادة', en: 'Late renewal of the driving licence' },
  department: TRAFFIC,
  amountCents: 50_00,
  daysAgo: 75,
  payableAt: ONLINE_TOO,
};
const UNLICENSED_BOAT: Template = {
  kind: 'ticket',
  description: { ar: 'الإبحار بقارب دون رخصة سارية', en: 'Sailing a boat without a valid licence' },
  department: COASTS,
  amountCents: 1000_00,
  daysAgo: 120,
  payableAt: ['service-centre'],
};
const ID_CARD_FEE: Template = {
  kind: 'service-fee',
  description: { ar: 'رسوم تجديد البطاقة الشخصية', en: 'ID card renewal fee' },
  department: PASSPORTS,
  amountCents: 100_00,
  daysAgo: 1,
  payableAt: ONLINE_TOO,
};
const LATE_PERMIT: Template = {
  kind: 'fine',
  description: { ar: 'غرامة التأخر في تجديد الإقامة', en: 'Late renewal of the residence permit' },
  department: PASSPORTS,
  amountCents: 200_00,
  daysAgo: 30,
  payableAt: ONLINE_TOO,
};

/** Templates other QIDs' claims are drawn from (the ID card fee is the demo card's story only). */
const OTHERS: readonly Template[] = [LATE_REGISTRATION, LATE_LICENCE, UNLICENSED_BOAT, LATE_PERMIT];

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Claim ids are hashes: they do not reveal whose claim it is. */
const claimId = (owner: string, index: number) => `FC-${hash(`claim:${owner}#${index}`).toString(16).toUpperCase().padStart(8, '0')}`;

function build(t: Template, owner: string, index: number, today: Date, ministryRef?: string): FinancialClaim {
  return {
    id: claimId(owner, index),
    kind: t.kind,
    description: t.description,
    department: t.department,
    amountCents: t.amountCents,
    issuedOn: addDays(civilDate(today.getTime()), -t.daysAgo),
    payableAt: [...t.payableAt],
    ...(ministryRef ? { ministryRef } : {}),
  };
}

/**
 * Every claim a person has, paid or not (the simulator's ledger knows which are paid), oldest
 * first. Undefined: `personId` is not someone this QID sponsors (the gateway answers as for no
 * claims, so it tells nobody who exists).
 */
export function demoClaims(idNumber: string, personId: string | undefined, today: Date = new Date()): FinancialClaim[] | undefined {
  const owner = personId === undefined ? idNumber : `${idNumber}/${personId}`;
  const people = demoSponsoredPeople(idNumber, today);
  if (personId !== undefined && !people.some((p) => p.id === personId)) return undefined;
  let templates: readonly Template[];
  if (idNumber === DEMO_QID) {
    if (personId === undefined) templates = [UNLICENSED_BOAT, LATE_LICENCE, LATE_REGISTRATION];
    else if (people.find((p) => p.id === personId)?.relation === 'family') return [build(ID_CARD_FEE, owner, 0, today, demoRequestRef(idNumber, personId, 0))];
    else templates = [];
  } else {
    const random = seededRandom(hash(`claims:${owner}`));
    // Each kind of claim at most once: 0 to 4 of them, most people 0 to 2.
    templates = OTHERS.filter(() => random() < 0.3);
  }
  return templates.map((t, i) => build(t, owner, i, today)).sort((a, b) => a.issuedOn.localeCompare(b.issuedOn));
}
