import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { belpicProfile, ministryProfile, parseCardProfile, parseCardProfileJson } from '../../../drivers/card/profiles';

const DIR = join(import.meta.dirname, '../../../drivers/card/profiles');

describe('card profiles shipped as JSON', () => {
  it('ministry.json and belpic.json are what the app loads', () => {
    expect(parseCardProfileJson(readFileSync(join(DIR, 'ministry.json'), 'utf8'))).toEqual(ministryProfile);
    expect(parseCardProfileJson(readFileSync(join(DIR, 'belpic.json'), 'utf8'))).toEqual(belpicProfile);
  });
  it('the ministry profile: SFI read, PIN on demand, one file with identity and address', () => {
    expect(ministryProfile.pin).toEqual({ when: 'on-demand', reference: 1, format: 'iso9564-2', minLength: 4, maxLength: 8 });
    expect(ministryProfile.files).toHaveLength(1);
    expect(ministryProfile.files[0]!.select).toEqual({ by: 'sfi', sfi: 1, fid: '0101' });
    expect(ministryProfile.files[0]!.tags.map((t) => t.field)).toEqual(expect.arrayContaining(['street', 'municipality', 'role']));
    expect(belpicProfile.pin.when).toBe('never');
  });
  it('a delivered profile that does not validate is invalid-profile, naming the field', () => {
    expect(() => parseCardProfileJson('{ not json')).toThrow(expect.objectContaining({ code: 'invalid-profile', message: 'card profile is not valid JSON' }));
    expect(() => parseCardProfile({ ...ministryProfile, extendedLength: false, readChunk: 4096 })).toThrow(expect.objectContaining({ code: 'invalid-profile', message: expect.stringContaining('readChunk') }));
    expect(() => parseCardProfile({ ...ministryProfile, pin: { ...ministryProfile.pin, minLength: 9 } })).toThrow(
      expect.objectContaining({ code: 'invalid-profile', message: expect.stringContaining('pin') }),
    );
    expect(() => parseCardProfile({ ...ministryProfile, role: 'admin' })).toThrow(expect.objectContaining({ code: 'invalid-profile' }));
    expect(() => parseCardProfile({ ...ministryProfile, files: [{ ...ministryProfile.files[0], select: { by: 'sfi', sfi: 31, fid: '0101' } }] })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('"ministry"') }),
    );
  });
  it('a technician profile is expressible as data', () => {
    const tech = parseCardProfile({ ...ministryProfile, name: 'ministry-technician', label: 'Ministry technician card', role: 'technician', aid: 'D6 34 00 00 01 49 44 54' });
    expect(tech.role).toBe('technician');
    expect(tech.aid).toBe('D634000001494454');
  });
});
