import { type Fine, type LocalizedText } from './schemas';

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

export const PLACES: readonly LocalizedText[] = [
  { ar: 'الدوحة - طريق الكورنيش', en: 'Doha - Corniche Road' },
  { ar: 'الريان - طريق دخان', en: 'Al Rayyan - Dukhan Road' },
  { ar: 'الوكرة - الشارع الرئيسي', en: 'Al Wakrah - Main Street' },
  { ar: 'لوسيل - طريق لوسيل السريع', en: 'Lusail - Lusail Expressway' },
  { ar: 'الخور - الطريق الساحلي', en: 'Al Khor - Coastal Road' },
];

/** FNV-1a: a stable 32-bit hash, enough to spread QIDs over demo data. */
export function fnv1a(text: string): number {
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

function isoDay(epochDay: number): string {
  return new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
}

// 2026-11-01: demo violations fall in the 600 days before it.
const LATEST_DAY = Date.UTC(2026, 10, 1) / 86_400_000;

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
    fines.push({ id: fineId(idNumber, i), date: isoDay(day), ...kind, place, plate });
  }
  return fines.sort((a, b) => a.date.localeCompare(b.date));
}
