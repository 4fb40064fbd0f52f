import { describe, expect, it } from 'vitest';
import { toHex } from '../../../drivers/card/apdu';
import { Identity } from '../../../drivers/card/identity';
import { verifyPin } from '../../../drivers/card/pin-verify';
import { builtInProfiles, ministryProfile, parseCardProfile } from '../../../drivers/card/profiles';
import { readIdentity } from '../../../drivers/card/read-identity';
import { CardOs, type CardImage } from '../../../drivers/card/sim/card-os';
import { belpicCardImage, ministryCardImage } from '../../../drivers/card/sim/images';
import { withTestAnchors } from '../../../drivers/card/sim/signing';
import demo from '../../../drivers/card/sim/demo-identity.json';
import type { ApduTransport } from '../../../drivers/card/transmit';

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
const belgian = Identity.parse({ ...identity, profile: 'belpic', idNumber: '85073100123', documentNumber: '592123456789', surnameAr: undefined, givenNamesAr: undefined });

/** The ministry EF's bytes (the signed object) in a simulated image. */
const efSize = (image: CardImage) => {
  const app = image.mf.children[0];
  const ef = app?.kind === 'df' ? app.children[0] : undefined;
  return ef?.kind === 'ef' ? ef.data.length : 0;
};
const read = (t: OsTransport, image: CardImage, profiles = builtInProfiles) => readIdentity(t, profiles, image.atr, { anchors: withTestAnchors });

describe('T=0 and T=1 ministry cards read the same', () => {
  for (const t0 of [false, true]) {
    it(t0 ? 'T=0: INTERNAL AUTHENTICATE is case 4, its answer follows 61xx' : 'T=1', async () => {
      const image = ministryCardImage(identity, { t0 });
      const t = new OsTransport(image);
      expect(await read(t, image)).toMatchObject({ identity, authenticity: 'verified' });
      expect(t.log).toHaveLength(t0 ? 4 : 3);
    });
  }
});

describe('whatever chunk the card answers', () => {
  for (const chunk of [1, 7, 16, 100, 231]) {
    it(`ministry card with a ${chunk}-byte I/O buffer (61xx + GET RESPONSE)`, async () => {
      const image = ministryCardImage(identity, { chunk });
      const t = new OsTransport(image);
      expect(await read(t, image)).toMatchObject({ identity, authenticity: 'verified' });
      // The signed object, then the 64-byte r‖s answer to the challenge, each in chunk-sized parts.
      expect(t.log.filter((c) => c.startsWith('00C0')).length).toBe(Math.ceil(efSize(image) / chunk) - 1 + Math.ceil(64 / chunk) - 1);
    });
  }
  it('BELPIC card with a 32-byte buffer', async () => {
    const image = belpicCardImage(belgian, { chunk: 32 });
    const t = new OsTransport(image);
    expect((await readIdentity(t, builtInProfiles, image.atr)).identity).toEqual({ ...belgian, surnameAr: undefined, givenNamesAr: undefined });
  });
});

describe('extended length when the profile allows it', () => {
  const short = parseCardProfile({ ...ministryProfile, extendedLength: false, readChunk: 256 });
  it('a 1.6 KiB signed object in one READ BINARY (Ne 32768, the offset limit): its DER header gives the size, so the short answer is the end', async () => {
    const long = { ...identity, address: { street: 'S'.repeat(200), municipality: 'M'.repeat(200) }, birthPlace: 'B'.repeat(200), surname: 'N'.repeat(200) };
    const image = ministryCardImage(long);
    const t = new OsTransport(image);
    expect(await read(t, image)).toMatchObject({ identity: long, authenticity: 'verified' });
    expect(efSize(image)).toBeGreaterThan(1500);
    expect(t.log.slice(0, 2)).toEqual(['00A4040C08D634000001494401', '00B08100008000']);
    expect(t.log).toHaveLength(3);
  });
  it('without it, the same file takes 256-byte chunks, the last asking exactly for the rest', async () => {
    const image = ministryCardImage(identity);
    const t = new OsTransport(image);
    expect(await read(t, image, [short])).toMatchObject({ identity, authenticity: 'verified' });
    const size = efSize(image);
    const last = `00B0${(size & 0xff00).toString(16).padStart(4, '0').toUpperCase()}${(size & 0xff).toString(16).padStart(2, '0').toUpperCase()}`;
    expect(t.log.slice(1, -1)).toEqual(['00B0810000', ...Array.from({ length: (size >> 8) - 1 }, (_, i) => `00B00${i + 1}0000`), last]);
  });
  it('a card without extended length answers 6700: the read goes on in short APDUs', async () => {
    const image = { ...ministryCardImage(identity), extendedLength: false };
    const t = new OsTransport(image);
    expect(await read(t, image)).toMatchObject({ identity, authenticity: 'verified' });
    expect(t.log.slice(1, 3)).toEqual(['00B08100008000', '00B0810000']);
  });
});

describe('PIN on demand', () => {
  const pinned = () => ministryCardImage(identity, { pin: { value: '1234', tries: 3 } });

  it('6982 on the read -> tries asked -> prompt -> VERIFY -> read again', async () => {
    const image = pinned();
    const t = new OsTransport(image);
    const prompts: Array<number | undefined> = [];
    const { identity: got } = await readIdentity(t, builtInProfiles, image.atr, {
      anchors: withTestAnchors,
      onPin: async ({ profile, triesLeft, transport }) => {
        prompts.push(triesLeft);
        expect(await verifyPin(transport, profile, '9999')).toEqual({ result: 'wrong', triesLeft: 2 });
        expect(await verifyPin(transport, profile, '1234')).toEqual({ result: 'ok' });
      },
    });
    expect(got).toEqual(identity);
    expect(prompts).toEqual([3]);
    expect(t.log).toEqual([
      '00A4040C08D634000001494401',
      '00B08100008000', // 6982
      '00200001', // 63C3
      '0020000108249999FFFFFFFFFF',
      '0020000108241234FFFFFFFFFF',
      '00B08100008000',
      expect.stringMatching(/^0088/),
    ]);
    expect(t.os.pinTriesLeft).toBe(3); // a right PIN resets the counter
  });
  it('without a PIN handler the read ends with security-status', async () => {
    const image = pinned();
    await expect(readIdentity(new OsTransport(image), builtInProfiles, image.atr)).rejects.toMatchObject({ code: 'security-status' });
  });
  it('a blocked card is pin-blocked before anyone is asked', async () => {
    const image = ministryCardImage(identity, { pin: { value: '1234', tries: 0 } });
    let asked = false;
    await expect(
      readIdentity(new OsTransport(image), builtInProfiles, image.atr, { onPin: async () => void (asked = true) }),
    ).rejects.toMatchObject({ code: 'pin-blocked' });
    expect(asked).toBe(false);
  });
  it('three wrong PINs block the card: the third answer is blocked', async () => {
    const image = pinned();
    const t = new OsTransport(image);
    const results: unknown[] = [];
    await expect(
      readIdentity(t, builtInProfiles, image.atr, {
        onPin: async ({ profile, transport }) => {
          for (let i = 0; i < 3; i++) results.push(await verifyPin(transport, profile, '0000'));
          throw new Error('gave up');
        },
      }),
    ).rejects.toThrow('gave up');
    expect(results).toEqual([{ result: 'wrong', triesLeft: 2 }, { result: 'wrong', triesLeft: 1 }, { result: 'blocked' }]);
    expect(toHex(t.os.handle(Uint8Array.of(0, 0x20, 0, 1)))).toBe('6983');
  });
  it("policy 'always' asks before the first file; 'never' turns 6982 into security-status", async () => {
    const image = pinned();
    const always = parseCardProfile({ ...ministryProfile, pin: { ...ministryProfile.pin, when: 'always' } });
    const t = new OsTransport(image);
    await readIdentity(t, [always], image.atr, { onPin: async ({ profile, transport }) => void (await verifyPin(transport, profile, '1234')) });
    expect(t.log.slice(1, 3)).toEqual(['00200001', '0020000108241234FFFFFFFFFF']);
    const never = parseCardProfile({ ...ministryProfile, pin: { ...ministryProfile.pin, when: 'never' } });
    await expect(readIdentity(new OsTransport(pinned()), [never], image.atr, { onPin: async () => undefined })).rejects.toMatchObject({
      code: 'security-status',
    });
  });
});
