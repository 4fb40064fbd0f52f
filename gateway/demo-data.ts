import { civilDate, epochDay, isoDayOf } from '../shared/civil-date';
import { type Fine, type LocalizedText, type SponsoredPerson, type SponsoredRelation } from './schemas';

/**
 * Deterministic demo fines: the same QID always has the same fines, so a demo, a test and a
 * screenshot agree without a database. Nothing here is real data.
 */

/** The QID on the demo ID card: two fines, 800 QAR in total. */
export const DEMO_QID = '28463400123';

interface OffenceKind {
  offence: LocalizedText;
  amountCents: number;
}

// Amounts follow the published Qatari traffic-fine schedule for these offences (in dirham).
export const OFFENCES: readonly OffenceKind[] = [
  { offence: { ar: 'تجاوز السرعة المقررة', en: 'Speeding' }, amountCents: 500_00 },
  { offence: { ar: 'الوقوف في مكان ممنوع', en: 'Parking in a prohibited place' }, amountCents: 300_00 },
  { offence: { ar: 'قطع الإشارة الضوئية الحمراء', en: 'Running a red light' }, amountCents: 6000_00 },
  { offence: { ar: 'عدم ربط حزام الأمان', en: 'Not wearing a seat belt' }, amountCents: 500_00 },
];

const PLACES: readonly LocalizedText[] = [
  { ar: 'الدوحة - طريق الكورنيش', en: 'Doha - Corniche Road' },
  { ar: 'الريان - طريق دخان', en: 'Al Rayyan - Dukhan Road' },
  { ar: 'الوكرة - الشارع الرئيسي', en: 'Al Wakrah - Main Street' },
  { ar: 'لوسيل - طريق لوسيل السريع', en: 'Lusail - Lusail Expressway' },
  { ar: 'الخور - الطريق الساحلي', en: 'Al Khor - Coastal Road' },
];

/** FNV-1a: a stable 32-bit hash, enough to spread QIDs over demo data. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fine ids are derived from a hash so they do not reveal the QID they belong to. */
function fineId(idNumber: string, index: number): string {
  return `TF-${fnv1a(`${idNumber}#${index}`).toString(16).toUpperCase().padStart(8, '0')}`;
}

// 2026-11-01: demo violations fall in the 600 days before it.
const LATEST_DAY = epochDay('2026-11-01');

function demoCardFines(): Fine[] {
  const [speeding, parking] = OFFENCES as [OffenceKind, OffenceKind];
  return [
    { id: fineId(DEMO_QID, 0), date: '2026-03-14', ...speeding, place: PLACES[0]!, plate: '123456' },
    { id: fineId(DEMO_QID, 1), date: '2026-08-02', ...parking, place: PLACES[3]!, plate: '123456' },
  ];
}

/** Every fine a QID has ever had, paid or not, in date order. */
export function demoFines(idNumber: string): Fine[] {
  if (idNumber === DEMO_QID) return demoCardFines();
  const random = seededRandom(fnv1a(idNumber));
  const count = Math.floor(random() * 4);
  const plate = String(100_000 + Math.floor(random() * 900_000));
  const fines: Fine[] = [];
  for (let i = 0; i < count; i++) {
    const kind = OFFENCES[Math.floor(random() * OFFENCES.length)]!;
    const place = PLACES[Math.floor(random() * PLACES.length)]!;
    const day = LATEST_DAY - Math.floor(random() * 600);
    fines.push({ id: fineId(idNumber, i), date: isoDayOf(day), ...kind, place, plate });
  }
  return fines.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Deterministic demo sponsorships: who a card holder sponsors (workers, family residents,
 * visitors). The demo card sponsors three people, one of each kind; other QIDs 0 to 2, derived
 * from the QID. Document validity is relative to `today`, so the demo visitor's visa always ends
 * soon; pass `today` for a fixed answer.
 */

interface DemoName {
  givenNamesAr: string;
  surnameAr: string;
  givenNames: string;
  surname: string;
}

const SPONSORED_NAMES: Readonly<Record<SponsoredRelation, readonly DemoName[]>> = {
  employee: [
    { givenNamesAr: 'راجيش', surnameAr: 'كومار', givenNames: 'Rajesh', surname: 'Kumar' },
    { givenNamesAr: 'خوان', surnameAr: 'ديلا كروز', givenNames: 'Juan', surname: 'Dela Cruz' },
    { givenNamesAr: 'محمد', surnameAr: 'رحمن', givenNames: 'Mohammed', surname: 'Rahman' },
    { givenNamesAr: 'أنيل', surnameAr: 'شارما', givenNames: 'Anil', surname: 'Sharma' },
    { givenNamesAr: 'ماريا', surnameAr: 'سانتوس', givenNames: 'Maria', surname: 'Santos' },
  ],
  family: [
    { givenNamesAr: 'مريم', surnameAr: 'الكواري', givenNames: 'Maryam', surname: 'Al-Kuwari' },
    { givenNamesAr: 'نورة', surnameAr: 'المري', givenNames: 'Noora', surname: 'Al-Marri' },
    { givenNamesAr: 'حمد', surnameAr: 'الكبيسي', givenNames: 'Hamad', surname: 'Al-Kubaisi' },
    { givenNamesAr: 'سارة', surnameAr: 'السليطي', givenNames: 'Sara', surname: 'Al-Sulaiti' },
  ],
  visitor: [
    { givenNamesAr: 'فاطمة', surnameAr: 'أحمد', givenNames: 'Fatima', surname: 'Ahmed' },
    { givenNamesAr: 'عائشة', surnameAr: 'حسن', givenNames: 'Aisha', surname: 'Hassan' },
    { givenNamesAr: 'يوسف', surnameAr: 'إبراهيم', givenNames: 'Yousef', surname: 'Ibrahim' },
  ],
};

const RELATIONS: readonly SponsoredRelation[] = ['employee', 'family', 'visitor'];

/** Person ids are derived from a hash so they do not reveal the sponsor's QID. */
function sponsoredId(idNumber: string, index: number): string {
  return `SP-${fnv1a(`sponsor:${idNumber}#${index}`).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** A QID shown as 284••••••23: the first three and last two digits. */
export function maskQid(qid: string): string {
  return `${qid.slice(0, 3)}${'•'.repeat(qid.length - 5)}${qid.slice(-2)}`;
}

/** A passport number shown as ••••••67: only its last two digits. */
export function maskPassport(digits: string): string {
  return `${'•'.repeat(digits.length - 2)}${digits.slice(-2)}`;
}

function digits(random: () => number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(Math.floor(random() * 10));
  return out;
}

/** Today in Doha, as whole days since the epoch: the simulator's ministry keeps Doha's calendar. */
function todayDay(today: Date): number {
  return epochDay(civilDate(today.getTime()));
}

function demoCardSponsored(today: Date): SponsoredPerson[] {
  const day = todayDay(today);
  const [rajesh] = SPONSORED_NAMES.employee as [DemoName];
  const [maryam] = SPONSORED_NAMES.family as [DemoName];
  const [fatima] = SPONSORED_NAMES.visitor as [DemoName];
  return [
    { id: sponsoredId(DEMO_QID, 0), relation: 'employee', ...rajesh, idNumberMasked: maskQid('35635600871'), documentValidUntil: isoDayOf(day + 240) },
    { id: sponsoredId(DEMO_QID, 1), relation: 'family', ...maryam, idNumberMasked: maskQid('29063400145') },
    // A mother on a family visit visa that ends in three weeks: the case a renewal is for.
    { id: sponsoredId(DEMO_QID, 2), relation: 'visitor', ...fatima, idNumberMasked: maskPassport('48213567'), documentValidUntil: isoDayOf(day + 21) },
  ];
}

/**
 * A Qatari demo sponsor of one visitor whose visa the ministry holds no record of (say, not issued
 * yet): the sponsorships inquiry lists her without a last day, the contract's "when known", and
 * the visa inquiry answers 404 no-visa. The demo card's people stay as they are.
 */
export const DEMO_NO_VISA_SPONSOR_QID = '27963400518';

function noVisaSponsored(): SponsoredPerson[] {
  const aisha = SPONSORED_NAMES.visitor[1]!;
  return [{ id: sponsoredId(DEMO_NO_VISA_SPONSOR_QID, 0), relation: 'visitor', ...aisha, idNumberMasked: maskPassport('53019482') }];
}

/** The people a QID sponsors: the demo card three, one of each relation; the no-visa sponsor one visitor; others 0 to 2. */
export function demoSponsoredPeople(idNumber: string, today: Date = new Date()): SponsoredPerson[] {
  if (idNumber === DEMO_QID) return demoCardSponsored(today);
  if (idNumber === DEMO_NO_VISA_SPONSOR_QID) return noVisaSponsored();
  const random = seededRandom(fnv1a(`sponsor:${idNumber}`));
  const count = Math.floor(random() * 3);
  const day = todayDay(today);
  const people: SponsoredPerson[] = [];
  for (let i = 0; i < count; i++) {
    const relation = RELATIONS[Math.floor(random() * RELATIONS.length)]!;
    const names = SPONSORED_NAMES[relation];
    const name = names[Math.floor(random() * names.length)]!;
    const idNumberMasked = relation === 'visitor' ? maskPassport(digits(random, 8)) : maskQid(`${relation === 'family' ? idNumber[0] : '3'}${digits(random, 10)}`);
    const validDays = relation === 'visitor' ? 7 + Math.floor(random() * 80) : 30 + Math.floor(random() * 700);
    const person: SponsoredPerson = { id: sponsoredId(idNumber, i), relation, ...name, idNumberMasked };
    people.push(relation === 'family' && random() < 0.5 ? person : { ...person, documentValidUntil: isoDayOf(day + validDays) });
  }
  return people;
}
