import { CardError } from './errors';

/**
 * Conversions between the bytes of one TLV value and the string the Identity carries, both ways
 * (decode for reading, encode for the simulator's card images). Errors name the field, not its
 * value: the value is personal data.
 */
export type FieldFormat = 'text' | 'date-yyyymmdd' | 'date-dd.mm.yyyy' | 'date-belpic-birth' | 'sex' | 'nationality' | 'role';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

function bad(field: string, why: string): CardError {
  return new CardError('malformed-data', `card field ${field}: ${why}`);
}

export function decodeText(bytes: Uint8Array, field = 'text'): string {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  try {
    return utf8.decode(bytes.subarray(0, end)).trim();
  } catch {
    throw bad(field, 'not valid UTF-8');
  }
}

function isoDate(y: number, m: number, d: number, field: string): string {
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (m < 1 || m > 12 || d < 1 || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) throw bad(field, 'not a calendar date');
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function parseYyyymmdd(s: string, field = 'date'): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) throw bad(field, 'expected YYYYMMDD');
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]), field);
}

/** Belgian validity dates: DD.MM.YYYY (some cards use spaces or dashes). */
export function parseDdMmYyyy(s: string, field = 'date'): string {
  const m = /^(\d{1,2})[. -](\d{1,2})[. -](\d{4})$/.exec(s);
  if (!m) throw bad(field, 'expected DD.MM.YYYY');
  return isoDate(Number(m[3]), Number(m[2]), Number(m[1]), field);
}

/** Month abbreviations on Belgian cards in French, Dutch, German and English, without accents. */
const MONTHS: Record<string, number> = {
  JAN: 1, JANV: 1,
  FEV: 2, FEB: 2, FEVR: 2,
  MARS: 3, MAAR: 3, MAR: 3, MRZ: 3,
  AVR: 4, APR: 4,
  MAI: 5, MEI: 5, MAY: 5,
  JUIN: 6, JUN: 6,
  JUIL: 7, JUL: 7,
  AOUT: 8, AUG: 8,
  SEPT: 9, SEP: 9,
  OCT: 10, OKT: 10,
  NOV: 11,
  DEC: 12, DEZ: 12,
};
const FR_TOKENS = ['JAN', 'FEV', 'MARS', 'AVR', 'MAI', 'JUIN', 'JUIL', 'AOUT', 'SEPT', 'OCT', 'NOV', 'DEC'];

/**
 * Belgian birth date: "DD MMM YYYY" (German cards "DD.MMM.YYYY"), or only a year when day and
 * month are unknown (then blank or absent). Returns YYYY-MM-DD, or YYYY for a bare year.
 */
export function parseBelpicBirthDate(s: string, field = 'birthDate'): string {
  const norm = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase();
  const parts = norm.split(/[\s.]+/).filter(Boolean);
  const year = parts.at(-1);
  if (!year || !/^\d{4}$/.test(year)) throw bad(field, 'expected DD MMM YYYY');
  if (parts.length > 3) throw bad(field, 'expected DD MMM YYYY');
  const [day, mon] = parts.length === 3 ? [parts[0]!, parts[1]!] : ['', ''];
  // Unknown day or month: the card knows only the year.
  if (parts.length < 3 || /^0+$/.test(day) || /^0+$/.test(mon)) return year;
  if (!/^\d{1,2}$/.test(day)) throw bad(field, 'expected DD MMM YYYY');
  const month = MONTHS[mon];
  if (month === undefined) throw bad(field, 'unknown month abbreviation');
  return isoDate(Number(year), month, Number(day), field);
}

function formatBelpicBirthDate(iso: string): string {
  if (/^\d{4}$/.test(iso)) return `     ${iso}`;
  const [y, m, d] = iso.split('-');
  return `${d} ${FR_TOKENS[Number(m) - 1]} ${y}`;
}

/** M; F, V (Dutch vrouw) and W (German weiblich) mean female; X is the ICAO "unspecified". */
export function parseSex(s: string, field = 'sex'): 'M' | 'F' | 'X' {
  const v = s.trim().toUpperCase();
  if (v === 'M') return 'M';
  if (v === 'F' || v === 'V' || v === 'W') return 'F';
  if (v === 'X') return 'X';
  throw bad(field, 'expected M, F, V, W or X');
}

/** Nationality words found on Belgian cards, per card language; anything else must already be alpha-3. */
const NATIONALITY_WORDS: Record<string, string> = {
  BELG: 'BEL', BELGE: 'BEL', BELGIER: 'BEL', BELGIAN: 'BEL', BELGISCH: 'BEL',
  NEDERLANDER: 'NLD', NEERLANDAIS: 'NLD', NIEDERLANDER: 'NLD', DUTCH: 'NLD',
  FRANS: 'FRA', FRANCAIS: 'FRA', FRANCAISE: 'FRA', FRANZOSE: 'FRA', FRENCH: 'FRA',
  DUITS: 'DEU', DUITSER: 'DEU', ALLEMAND: 'DEU', ALLEMANDE: 'DEU', DEUTSCHER: 'DEU', GERMAN: 'DEU',
  QATARI: 'QAT', QATARIEN: 'QAT', QATARESE: 'QAT',
};

/** Returns undefined when the card's wording is not one we can map: better absent than wrong. */
export function parseNationality(s: string): string | undefined {
  const v = s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(v)) return v;
  return NATIONALITY_WORDS[v.replace(/[^A-Z]/g, '')];
}

/** Holder role on the ministry card: C citizen, T technician (a field service card). */
function parseRole(s: string, field = 'role'): 'citizen' | 'technician' {
  const v = s.trim().toUpperCase();
  if (v === 'C') return 'citizen';
  if (v === 'T') return 'technician';
  throw bad(field, 'expected C or T');
}

export function decodeField(format: FieldFormat, bytes: Uint8Array, field: string): string | undefined {
  const s = decodeText(bytes, field);
  if (s === '') return undefined;
  switch (format) {
    case 'text':
      return s;
    case 'date-yyyymmdd':
      return parseYyyymmdd(s, field);
    case 'date-dd.mm.yyyy':
      return parseDdMmYyyy(s, field);
    case 'date-belpic-birth':
      return parseBelpicBirthDate(s, field);
    case 'sex':
      return parseSex(s, field);
    case 'nationality':
      return parseNationality(s);
    case 'role':
      return parseRole(s, field);
  }
}

export function encodeField(format: FieldFormat, value: string): Uint8Array {
  switch (format) {
    case 'text':
    case 'sex':
      return utf8Encoder.encode(value);
    case 'date-yyyymmdd':
      return utf8Encoder.encode(value.replace(/-/g, ''));
    case 'date-dd.mm.yyyy': {
      const [y, m, d] = value.split('-');
      return utf8Encoder.encode(`${d}.${m}.${y}`);
    }
    case 'date-belpic-birth':
      return utf8Encoder.encode(formatBelpicBirthDate(value));
    case 'nationality':
      return utf8Encoder.encode(value === 'BEL' ? 'Belg' : value);
    case 'role':
      return utf8Encoder.encode(value === 'technician' ? 'T' : 'C');
  }
}
