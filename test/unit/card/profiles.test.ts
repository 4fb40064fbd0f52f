import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../drivers/card/apdu';
import { atrMatches, decodeIdentity, encodeCardFiles, orderProfiles } from '../../../drivers/card/decode';
import { type Identity } from '../../../drivers/card/identity';
import { BELPIC_ATR, belpicProfile, builtInProfiles, findProfile, MINISTRY_ATR, ministryProfile, parseCardProfile } from '../../../drivers/card/profiles';
import { bytes, h } from './helpers';

/** BELPIC identity file 4031 as the reference lays it out, padded with 00 like an issued card. */
const belpicIdentityFile = bytes(
  h('00 01 01'),
  h('01 0C'), '592123456789',
  h('02 10 534C494E33660012AB5E2F4C0A1B2C3D'),
  h('03 0A'), '01.02.2020',
  h('04 0A'), '01.02.2030',
  h('05 09'), 'Antwerpen',
  h('06 0B'), '85073100123',
  h('07 07'), 'Peeters',
  h('08 0A'), 'Anna Maria',
  h('09 01'), 'J',
  h('0A 04'), 'Belg',
  h('0B 06'), 'Leuven',
  h('0C 0C'), '31 JUIL 1985',
  h('0D 01'), 'V',
  h('0F 01'), '1',
  h('10 01'), '0',
  h('00 00 00 00 00 00 00 00'),
);
const belpicAddressFile = bytes(h('00 01 01'), h('01 0E'), 'Meir 1 bus 101', h('02 04'), '2000', h('03 09'), 'Antwerpen', new Uint8Array(20));

/** Ministry EF 0101 (identity and address in one file): UTF-8 Arabic names (each letter 2 bytes), dates YYYYMMDD, 00 padding. */
const ministryIdentityFile = bytes(
  h('00 01 01'),
  h('01 0B'), '28463400123',
  h('02 09'), 'QA8841207',
  h('03 09'), 'Al-Kuwari',
  h('04 09'), 'Ahmed Ali',
  h('05 0E'), 'الكواري',
  h('06 0F'), 'أحمد علي',
  h('07 03'), 'QAT',
  h('08 08'), '19840315',
  h('0A 01'), 'M',
  h('0C 08'), '20290430',
  h('0D 09'), 'Street 12',
  h('0F 04'), 'Doha',
  new Uint8Array(64),
);

describe('BELPIC profile decoding (byte fixtures)', () => {
  it('decodes identity and address, skipping chip number, municipality and document type', () => {
    expect(decodeIdentity(belpicProfile, { identity: belpicIdentityFile, address: belpicAddressFile })).toEqual({
      profile: 'belpic',
      idNumber: '85073100123',
      documentNumber: '592123456789',
      surname: 'Peeters',
      givenNames: 'Anna Maria J',
      nationality: 'BEL',
      birthDate: '1985-07-31',
      birthPlace: 'Leuven',
      sex: 'F',
      validFrom: '2020-02-01',
      validUntil: '2030-02-01',
      address: { street: 'Meir 1 bus 101', postalCode: '2000', municipality: 'Antwerpen' },
    });
  });
  it('a missing national number (required) is malformed-data', () => {
    const file = bytes(h('00 01 01'), h('07 07'), 'Peeters');
    expect(() => decodeIdentity(belpicProfile, { identity: file })).toThrow(/idNumber is missing/);
  });
});

describe('ministry profile decoding (byte fixtures)', () => {
  it('decodes Arabic and Latin names, omits absent fields', () => {
    const id = decodeIdentity(ministryProfile, { identity: ministryIdentityFile });
    expect(id).toEqual({
      profile: 'ministry',
      idNumber: '28463400123',
      documentNumber: 'QA8841207',
      surname: 'Al-Kuwari',
      givenNames: 'Ahmed Ali',
      surnameAr: 'الكواري',
      givenNamesAr: 'أحمد علي',
      nationality: 'QAT',
      birthDate: '1984-03-15',
      sex: 'M',
      validUntil: '2029-04-30',
      address: { street: 'Street 12', municipality: 'Doha' },
    });
    expect('birthPlace' in id).toBe(false);
  });
  it('an ID number that is not a QID is refused without echoing it', () => {
    const file = bytes(h('00 01 01'), h('01 0B'), '18463400123');
    let message = '';
    try {
      decodeIdentity(ministryProfile, { identity: file });
    } catch (e) {
      message = (e as Error).message;
      expect(e).toMatchObject({ code: 'malformed-data' });
    }
    expect(message).toMatch(/idNumber/);
    expect(message).not.toContain('18463400123');
  });
  it('a truncated identity file is malformed-data', () => {
    expect(() => decodeIdentity(ministryProfile, { identity: ministryIdentityFile.subarray(0, 40) })).toThrow(/truncated/);
  });
});

describe('encodeCardFiles (simulator side) round trips through decodeIdentity', () => {
  const demo: Identity = {
    profile: 'ministry',
    idNumber: '28463400123',
    surname: 'Al-Thani',
    givenNames: 'Fatima Hamad',
    surnameAr: 'آل ثاني',
    givenNamesAr: 'فاطمة حمد',
    nationality: 'QAT',
    birthDate: '1990-11-02',
    sex: 'F',
    validFrom: '2023-01-01',
    validUntil: '2028-01-01',
    address: { street: 'Zone 60, Street 850, Building 3', postalCode: '60', municipality: 'Doha' },
  };
  for (const profile of builtInProfiles) {
    it(profile.name, () => {
      const files = encodeCardFiles(profile, { ...demo, profile: profile.name });
      const mapped = new Set(profile.files.flatMap((f) => f.tags.map((t) => t.field as string)));
      const expected = Object.fromEntries(Object.entries({ ...demo, profile: profile.name }).filter(([k]) => k === 'profile' || k === 'address' || mapped.has(k)));
      expect(decodeIdentity(profile, files)).toEqual(expected);
      // BELPIC has no Arabic name fields; the ministry card carries every field.
      expect('surnameAr' in expected).toBe(profile.name === 'ministry');
      for (const f of profile.files) if (f.tags.length > 0) expect(files[f.role]!.length).toBeGreaterThanOrEqual(f.paddedSize ?? 0);
    });
  }
});

describe('profiles as data', () => {
  it('ATR patterns with masks', () => {
    expect(atrMatches(belpicProfile, fromHex(BELPIC_ATR))).toBe(true);
    expect(atrMatches(belpicProfile, fromHex('3B 98 94 40 FF A5 03 01 01 01 AD 13 10'))).toBe(true);
    expect(atrMatches(belpicProfile, fromHex('3B 98 94 40 FF A5 03 01 01 02 AD 13 10'))).toBe(false);
    expect(atrMatches(ministryProfile, fromHex(MINISTRY_ATR))).toBe(true);
    expect(atrMatches(ministryProfile, fromHex(BELPIC_ATR))).toBe(false);
  });
  it('profiles whose ATR matches are tried first', () => {
    expect(orderProfiles(builtInProfiles, fromHex(BELPIC_ATR)).map((p) => p.name)).toEqual(['belpic', 'ministry']);
    expect(orderProfiles(builtInProfiles, fromHex('3B 00')).map((p) => p.name)).toEqual(['ministry', 'belpic']);
  });
  it('a profile from JSON config is validated and normalised', () => {
    const p = parseCardProfile({
      name: 'other-id',
      label: 'Other ID',
      aid: 'a0 00 00 00 01',
      files: [{ role: 'identity', select: { by: 'fid', fid: '0001' }, tags: [{ tag: 1, field: 'idNumber' }] }],
    });
    expect(p.aid).toBe('A000000001');
    expect(p.readChunk).toBe(256);
    expect(p.files[0]!.tags[0]!.format).toBe('text');
  });
  it('bad profiles are rejected: unknown field, bad hex, tag out of range', () => {
    const base = { name: 'x', label: 'X', files: [{ role: 'identity', select: { by: 'fid', fid: '0001' }, tags: [{ tag: 1, field: 'idNumber' }] }] };
    expect(() => parseCardProfile({ ...base, aid: 'XYZ' })).toThrow();
    expect(() => parseCardProfile({ ...base, files: [{ ...base.files[0], tags: [{ tag: 1, field: 'shoeSize' }] }] })).toThrow();
    expect(() => parseCardProfile({ ...base, files: [{ ...base.files[0], tags: [{ tag: 300, field: 'idNumber' }] }] })).toThrow();
    expect(() => parseCardProfile({ ...base, files: [{ ...base.files[0], select: { by: 'fid', fid: '01' } }] })).toThrow();
  });
  it('findProfile names the known profiles when asked for an unknown one', () => {
    expect(findProfile('belpic')).toBe(belpicProfile);
    expect(() => findProfile('nope')).toThrow(/known: ministry, belpic/);
  });
});
