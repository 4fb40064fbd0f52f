import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../drivers/card/apdu';
import { Identity } from '../../../drivers/card/identity';
import { belpicProfile, builtInProfiles, ministryProfile } from '../../../drivers/card/profiles';
import { readIdentity } from '../../../drivers/card/read-identity';
import { CardOs, type CardImage } from '../../../drivers/card/sim/card-os';
import { belpicCardImage, ministryCardImage } from '../../../drivers/card/sim/images';
import { withTestAnchors } from '../../../drivers/card/sim/signing';
import demo from '../../../drivers/card/sim/demo-identity.json';
import type { ApduTransport } from '../../../drivers/card/transmit';

/** Drives the pure card OS directly: the whole read path minus PC/SC. */
class OsTransport implements ApduTransport {
  readonly log: string[] = [];
  readonly os: CardOs;
  constructor(image: CardImage) {
    this.os = new CardOs(image);
  }
  async transmit(command: Uint8Array): Promise<Uint8Array> {
    this.log.push(toHex(command));
    return this.os.handle(command);
  }
}

const identity = Identity.parse(demo);
const belgian: Identity = {
  profile: 'belpic',
  idNumber: '85073100123',
  documentNumber: '592123456789',
  surname: 'Peeters',
  givenNames: 'Anna Maria',
  nationality: 'BEL',
  birthDate: '1985-07-31',
  birthPlace: 'Leuven',
  sex: 'F',
  validFrom: '2020-02-01',
  validUntil: '2030-02-01',
  address: { street: 'Meir 1 bus 101', postalCode: '2000', municipality: 'Antwerpen' },
};

describe('readIdentity over the simulated card OS', () => {
  it('ministry card: 3 APDUs (select the application, one extended READ BINARY by SFI 1 of the signed object, INTERNAL AUTHENTICATE)', async () => {
    const image = ministryCardImage(identity);
    const t = new OsTransport(image);
    const { identity: got, profile, authenticity } = await readIdentity(t, builtInProfiles, image.atr, { anchors: withTestAnchors });
    expect(profile).toBe(ministryProfile);
    expect(got).toEqual(identity);
    expect(authenticity).toBe('verified');
    expect(t.log.slice(0, 2)).toEqual(['00A4040C08D634000001494401', '00B08100008000']);
    expect(t.log[2]).toMatch(/^0088000008[0-9A-F]{16}00$/);
    expect(t.log).toHaveLength(3);
  });
  it("ministry card under the profile's production anchors (none ship): untrusted-issuer, the identity still decoded", async () => {
    const image = ministryCardImage(identity);
    const { identity: got, authenticity, authenticityReason } = await readIdentity(new OsTransport(image), builtInProfiles, image.atr);
    expect(got).toEqual(identity);
    expect(authenticity).toBe('untrusted-issuer');
    expect(authenticityReason).toMatch(/no trust anchors/);
  });
  it('ministry card, naive strategy (the benchmark baseline): SELECT the EF, then 256-byte chunks until the card says the end', async () => {
    const image = ministryCardImage(identity);
    const t = new OsTransport(image);
    const { identity: got, authenticity } = await readIdentity(t, builtInProfiles, image.atr, { strategy: 'naive', anchors: withTestAnchors });
    expect(got).toEqual(identity);
    expect(authenticity).toBe('verified');
    expect(t.log.slice(0, 4)).toEqual(['00A4040C08D634000001494401', '00A4020C020101', '00B0000000', '00B0010000']);
    expect(t.log.at(-1)).toMatch(/^0088/);
  });
  it('BELPIC card: select by path, READ BINARY F4 blocks with the 6Cxx retry, every file the RRN scheme checks', async () => {
    const image = belpicCardImage(belgian);
    const t = new OsTransport(image);
    const { identity: got, profile, authenticity } = await readIdentity(t, builtInProfiles, image.atr, { anchors: withTestAnchors });
    expect(profile).toBe(belpicProfile);
    expect(got).toEqual(belgian);
    expect(authenticity).toBe('verified');
    expect(t.log[0]).toBe('00A4080C04DF014031');
    expect(t.log[1]).toBe('00B00000F4');
    expect(t.log[2]).toMatch(/^00B00000[0-9A-F]{2}$/);
    // 4031 and 4033: SELECT, F4 -> 6Cxx, the exact rest (3 each); 4032 and 4034 (256-byte RSA
    // signatures): SELECT, F4, F4 -> 6C0C, 0C (4 each); 4035 (2,162-byte photo): SELECT + 10;
    // 503C (the certificate announces its 725 bytes): SELECT + 3, the last asking for exactly the rest.
    expect(t.log.filter((c) => c.startsWith('00A4'))).toEqual(['DF014031', 'DF014033', 'DF014032', 'DF014034', 'DF014035', 'DF00503C'].map((p) => `00A4080C04${p}`));
    expect(t.log).toHaveLength(29);
  });
  it('an unknown ATR still works: the BELPIC files are found by SELECT after the ministry AID fails', async () => {
    const image = { ...belpicCardImage(belgian), atr: fromHex('3B 02 14 50') };
    const t = new OsTransport(image);
    const { profile } = await readIdentity(t, builtInProfiles, image.atr);
    expect(profile.name).toBe('belpic');
    expect(t.log[0]).toBe('00A4040C08D634000001494401');
  });
  it('a card no profile can select is unknown-card', async () => {
    const image: CardImage = { atr: fromHex('3B00'), mf: { kind: 'df', fid: 0x3f00, children: [] }, readBeyondEnd: 'short' };
    await expect(readIdentity(new OsTransport(image), builtInProfiles, image.atr)).rejects.toMatchObject({
      code: 'unknown-card',
      message: expect.stringMatching(/ministry, belpic/),
    });
  });
  it('a failure after the first SELECT is not "unknown card": a missing identity EF is file-not-found', async () => {
    const image = ministryCardImage(identity);
    const app = image.mf.children[0]!;
    if (app.kind === 'df') app.children = app.children.filter((c) => c.fid !== 0x0101);
    await expect(readIdentity(new OsTransport(image), [ministryProfile], image.atr)).rejects.toMatchObject({ code: 'file-not-found' });
  });
  it('restricting profiles restricts what is tried', async () => {
    const image = belpicCardImage(belgian);
    await expect(readIdentity(new OsTransport(image), [ministryProfile], image.atr)).rejects.toMatchObject({ code: 'unknown-card' });
  });
});
