import { describe, expect, it } from 'vitest';
import { Identity } from '../../../drivers/card/identity';
import { belpicProfile, parseCardProfile } from '../../../drivers/card/profiles';
import { readIdentity } from '../../../drivers/card/read-identity';
import { CardOs, type CardImage, type DfNode, type EfNode } from '../../../drivers/card/sim/card-os';
import { belpicCardImage } from '../../../drivers/card/sim/images';
import { withTestAnchors, type CardTamper } from '../../../drivers/card/sim/signing';
import type { Authenticity } from '../../../drivers/card/trust/authenticity';
import demo from '../../../drivers/card/sim/demo-belpic.json';

const identity = Identity.parse(demo);
const transport = (image: CardImage) => {
  const os = new CardOs(image);
  return { transmit: async (c: Uint8Array) => os.handle(c) };
};
const read = (image: CardImage, now?: Date) => readIdentity(transport(image), [belpicProfile], image.atr, { anchors: withTestAnchors, now });

/** The EF `fid` under DF01 of an image, to forge one byte of it. */
function df01File(image: CardImage, fid: number): EfNode {
  const df01 = image.mf.children.find((c): c is DfNode => c.kind === 'df' && c.fid === 0xdf01)!;
  return df01.children.find((c): c is EfNode => c.kind === 'ef' && c.fid === fid)!;
}

describe('Belgian eID: RRN signatures, RRN certificate chain and photo hash', () => {
  const outcomes: Array<[CardTamper | undefined, Authenticity, RegExp | undefined]> = [
    [undefined, 'verified', undefined],
    ['identity', 'signature-invalid', /identity file does not match its RRN signature \(4032\)/],
    ['address', 'signature-invalid', /address file does not match its RRN signature \(4034\)/],
    ['cert-expired', 'certificate-expired', /2021/],
    ['untrusted', 'untrusted-issuer', /does not chain/],
    ['unsigned', 'unsigned', /no identity signature/],
  ];
  for (const [tamper, expected, reason] of outcomes) {
    it(`${tamper ? `tamper ${tamper}` : 'a genuine card'}: ${expected}`, async () => {
      const got = await read(belpicCardImage(identity, { tamper }));
      expect(got.authenticity).toBe(expected);
      if (reason) expect(got.authenticityReason).toMatch(reason);
    });
  }
  it('a photo that is not the one the identity file hashes: signature-invalid', async () => {
    const image = belpicCardImage(identity);
    const photo = df01File(image, 0x4035);
    photo.data = Uint8Array.from(photo.data);
    photo.data[600]! ^= 0x01;
    const got = await read(image);
    expect(got.authenticity).toBe('signature-invalid');
    expect(got.authenticityReason).toMatch(/photo \(4035\) does not match/);
  });
  it('the address signature covers the identity signature too: a genuine address beside another card’s 4032 fails', async () => {
    const image = belpicCardImage(identity);
    const other = belpicCardImage({ ...identity, surname: 'Janssens' });
    // The identity pair from another genuine card, the address pair from this one.
    df01File(image, 0x4031).data = df01File(other, 0x4031).data;
    df01File(image, 0x4032).data = df01File(other, 0x4032).data;
    const got = await read(image);
    expect(got.authenticity).toBe('signature-invalid');
    expect(got.authenticityReason).toMatch(/4034/);
  });
  it('the RRN certificate is checked at the read’s clock: valid in 2030, expired in 2037', async () => {
    expect((await read(belpicCardImage(identity), new Date('2030-01-01'))).authenticity).toBe('verified');
    expect((await read(belpicCardImage(identity), new Date('2037-01-01'))).authenticity).toBe('certificate-expired');
  });
  it("production anchors only (the profile's, none ship): untrusted-issuer", async () => {
    const image = belpicCardImage(identity);
    expect((await readIdentity(transport(image), [belpicProfile], image.atr)).authenticity).toBe('untrusted-issuer');
  });
  it('a profile without authentication reads every card as unsigned', async () => {
    const plain = parseCardProfile({ ...belpicProfile, authentication: undefined });
    const image = belpicCardImage(identity);
    expect((await readIdentity(transport(image), [plain], image.atr, { anchors: withTestAnchors })).authenticity).toBe('unsigned');
  });
  it('--tamper chip is refused: the Belgian eID has no chip challenge', () => {
    expect(() => belpicCardImage(identity, { tamper: 'chip' })).toThrow(expect.objectContaining({ code: 'invalid-profile' }));
  });
});
