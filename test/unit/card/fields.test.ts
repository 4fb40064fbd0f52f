import { describe, expect, it } from 'vitest';
import {
  decodeField,
  decodeText,
  encodeField,
  parseBelpicBirthDate,
  parseDdMmYyyy,
  parseNationality,
  parseSex,
  parseYyyymmdd,
} from '../../../drivers/card/fields';
import { bytes, h } from './helpers';

describe('dates', () => {
  it('YYYYMMDD', () => {
    expect(parseYyyymmdd('20290430')).toBe('2029-04-30');
    expect(() => parseYyyymmdd('20290230')).toThrow(/calendar/);
    expect(() => parseYyyymmdd('2029-04-30')).toThrow(/YYYYMMDD/);
  });
  it('DD.MM.YYYY (BELPIC validity)', () => {
    expect(parseDdMmYyyy('01.02.2020')).toBe('2020-02-01');
    expect(parseDdMmYyyy('1.2.2020')).toBe('2020-02-01');
    expect(() => parseDdMmYyyy('31.04.2020')).toThrow(/calendar/);
    expect(() => parseDdMmYyyy('2020.02.01')).toThrow(/DD.MM.YYYY/);
  });
  it.each([
    ['31 JUIL 1985', '1985-07-31'], // French
    ['31 JUL 1985', '1985-07-31'], // Dutch / German / English
    ['01 MAAR 1970', '1970-03-01'], // Dutch
    ['01 MARS 1970', '1970-03-01'], // French
    ['01.MÄR.1970', '1970-03-01'], // German with dots
    ['12 FEV 2001', '2001-02-12'],
    ['12 FÉV 2001', '2001-02-12'], // accent tolerated
    ['05 MEI 1990', '1990-05-05'],
    ['15 AOUT 1966', '1966-08-15'],
    ['15 AOÛT 1966', '1966-08-15'],
    ['03 SEPT 1999', '1999-09-03'],
    ['03 OKT 1999', '1999-10-03'],
    ['24 DEZ 1950', '1950-12-24'],
    ['24 DEC 1950', '1950-12-24'],
    ['1942', '1942'], // year only
    ['     1942', '1942'], // blank day and month
    ['00 000 1942', '1942'],
  ])('birth date %j -> %s', (input, iso) => {
    expect(parseBelpicBirthDate(input)).toBe(iso);
  });
  it('rejects unknown months and impossible days', () => {
    expect(() => parseBelpicBirthDate('01 FOO 1970')).toThrow(/month/);
    expect(() => parseBelpicBirthDate('30 FEB 1970')).toThrow(/calendar/);
    expect(() => parseBelpicBirthDate('01 JAN 70')).toThrow(/DD MMM YYYY/);
  });
  it('error messages name the field, never the value', () => {
    try {
      parseBelpicBirthDate('01 FOO 1970', 'birthDate');
    } catch (e) {
      expect((e as Error).message).toContain('birthDate');
      expect((e as Error).message).not.toContain('1970');
    }
    expect.assertions(2);
  });
});

describe('sex and nationality', () => {
  it('M, and F/V/W for female, X unspecified', () => {
    expect(['M', 'F', 'V', 'W', 'X', ' m '].map((s) => parseSex(s))).toEqual(['M', 'F', 'F', 'F', 'X', 'M']);
    expect(() => parseSex('Q')).toThrow(expect.objectContaining({ code: 'malformed-data' }));
  });
  it('alpha-3 passes, BELPIC nationality words map, unknown words give undefined', () => {
    expect(parseNationality('QAT')).toBe('QAT');
    expect(parseNationality('Belg')).toBe('BEL');
    expect(parseNationality('Belge')).toBe('BEL');
    expect(parseNationality('Belgier')).toBe('BEL');
    expect(parseNationality('Français')).toBe('FRA');
    expect(parseNationality('Martian')).toBeUndefined();
  });
});

describe('decodeText / decodeField / encodeField', () => {
  it('UTF-8 Arabic survives; trailing NULs and spaces are dropped', () => {
    expect(decodeText(bytes('أحمد علي ', h('00 00')))).toBe('أحمد علي');
  });
  it('invalid UTF-8 is malformed-data', () => {
    expect(() => decodeText(h('C3 28'), 'surname')).toThrow(/surname: not valid UTF-8/);
  });
  it('an empty value decodes to undefined (field absent)', () => {
    expect(decodeField('text', new Uint8Array(0), 'x')).toBeUndefined();
  });
  it.each([
    ['text', 'الكواري'],
    ['date-yyyymmdd', '2029-04-30'],
    ['date-dd.mm.yyyy', '2029-04-30'],
    ['date-belpic-birth', '1985-07-31'],
    ['date-belpic-birth', '1942'],
    ['sex', 'F'],
    ['nationality', 'BEL'],
    ['nationality', 'QAT'],
  ] as const)('%s round trip of %j', (format, value) => {
    expect(decodeField(format, encodeField(format, value), 'f')).toBe(value);
  });
});
