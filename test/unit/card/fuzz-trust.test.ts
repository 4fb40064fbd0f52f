import fc from 'fast-check';
import * as asn1js from 'asn1js';
import { describe, expect } from 'vitest';
import { CardError } from '../../../drivers/card/errors';
import { Identity } from '../../../drivers/card/identity';
import { belpicProfile, ministryProfile } from '../../../drivers/card/profiles';
import { berObjectSize } from '../../../drivers/card/read-binary';
import { readIdentity } from '../../../drivers/card/read-identity';
import { CardOs, type CardImage, type DfNode, type EfNode } from '../../../drivers/card/sim/card-os';
import { belpicCardImage, ministryCardImage } from '../../../drivers/card/sim/images';
import { withTestAnchors } from '../../../drivers/card/sim/signing';
import { AUTHENTICITY_FAILURES } from '../../../drivers/card/trust/authenticity';
import belpicDemo from '../../../drivers/card/sim/demo-belpic.json';
import demo from '../../../drivers/card/sim/demo-identity.json';
import type { ApduTransport } from '../../../drivers/card/transmit';
import { fuzzIt } from '../../support/fuzz';

/**
 * Forged signed data, certificates and chip answers: every mutation of a genuine card ends as a
 * typed authenticity failure or a CardError, never a crash and never `verified`. Mutations are
 * seeded (SEED) so a failure replays; the chip keys and challenges are fresh each run, which no
 * outcome may depend on. KIOSK_FUZZ_RUNS sets the number of cases (test/support/fuzz.ts).
 */
const SEED = 0x14;
const ministryId = Identity.parse(demo);
const belpicId = Identity.parse(belpicDemo);

/** 1-6 edits: flip a byte, cut the rest, insert or delete one, as the card fuzz does. */
const edits = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 });
type Edits = Array<[number, number, number]>;
function mutate(file: Uint8Array, list: Edits): Uint8Array {
  let out = Array.from(file);
  for (const [pos, kind, value] of list) {
    const at = out.length === 0 ? 0 : pos % out.length;
    if (kind === 0) out[at] = value;
    else if (kind === 1) out = out.slice(0, at);
    else if (kind === 2) out.splice(at, 0, value);
    else out.splice(at, 1);
  }
  return Uint8Array.from(out);
}
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

function ef(image: CardImage, df: number, fid: number): EfNode {
  const dir = image.mf.children.find((c): c is DfNode => c.kind === 'df' && c.fid === df)!;
  return dir.children.find((c): c is EfNode => c.kind === 'ef' && c.fid === fid)!;
}
/** The image with one file's bytes replaced (the genuine image is shared by all cases, untouched). */
function withFile(image: CardImage, df: number, fid: number, data: Uint8Array): CardImage {
  const mf = structuredClone({ ...image.mf });
  const copy: CardImage = { ...image, mf };
  ef(copy, df, fid).data = data;
  return copy;
}

interface Outcome {
  authenticity?: string;
  error?: string;
}
async function read(image: CardImage, transport?: (os: CardOs) => ApduTransport): Promise<Outcome> {
  const os = new CardOs(image);
  const t = transport ? transport(os) : { transmit: async (c: Uint8Array) => os.handle(c) };
  const profile = image.atr === ministryImage.atr ? ministryProfile : belpicProfile;
  try {
    const got = await readIdentity(t, [profile], image.atr, { anchors: withTestAnchors, now: new Date('2027-06-01') });
    expect(Identity.safeParse(got.identity).success).toBe(true);
    return { authenticity: got.authenticity };
  } catch (err) {
    if (!(err instanceof CardError)) throw err;
    return { error: err.code };
  }
}
const failed = (o: Outcome) => (o.error !== undefined ? true : (AUTHENTICITY_FAILURES as readonly string[]).includes(o.authenticity!));

const ministryImage = ministryCardImage(ministryId);
const signedObject = ef(ministryImage, 0xdf01, 0x0101).data;

/** The bytes the reader keeps of a file that announces its size (what is after the object is never read). */
const asRead = (file: Uint8Array) => {
  const size = berObjectSize(file);
  return size !== undefined && file.length > size ? file.subarray(0, size) : file;
};

/** The SignedData with its first certificate replaced by `cert`, every enclosing length made right again. */
function withCertificate(cert: Uint8Array): Uint8Array {
  const root = asn1js.fromBER(signedObject).result as asn1js.Sequence;
  const sd = (root.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
  const fields = sd.valueBlock.value.map((b) => b.valueBeforeDecodeView);
  const certs = (sd.valueBlock.value[3] as asn1js.Constructed).valueBlock.value.map((b) => b.valueBeforeDecodeView);
  const tlv = (tag: number, ...parts: Uint8Array[]) => {
    const body = Buffer.concat(parts);
    const n = body.length;
    const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
    return Uint8Array.from([tag, ...len, ...body]);
  };
  const signedData = tlv(0x30, fields[0]!, fields[1]!, fields[2]!, tlv(0xa0, cert, ...certs.slice(1)), ...fields.slice(4));
  return tlv(0x30, root.valueBlock.value[0]!.valueBeforeDecodeView, tlv(0xa0, signedData));
}
const explicit = (asn1js.fromBER(signedObject).result as asn1js.Sequence).valueBlock.value[1]!;
const genuineCert = (((explicit as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence).valueBlock.value[3] as asn1js.Constructed).valueBlock.value[0]!.valueBeforeDecodeView;

describe('fuzz: forged signed data, certificates and chip answers', () => {
  fuzzIt('ministry: a mutated CMS SignedData is a typed failure, never verified', 300, async (numRuns) => {
    expect((await read(ministryImage)).authenticity).toBe('verified');
    await fc.assert(
      fc.asyncProperty(edits, async (list) => {
        const forged = mutate(signedObject, list);
        fc.pre(!same(asRead(forged), signedObject));
        const got = await read(withFile(ministryImage, 0xdf01, 0x0101, forged));
        expect(got, JSON.stringify(list)).toSatisfy(failed);
      }),
      { numRuns, seed: SEED },
    );
  });
  fuzzIt('ministry: a mutated document signer certificate (DER) is a typed failure, never verified', 200, async (numRuns) => {
    expect((await read(withFile(ministryImage, 0xdf01, 0x0101, withCertificate(genuineCert)))).authenticity).toBe('verified');
    await fc.assert(
      fc.asyncProperty(edits, async (list) => {
        const cert = mutate(genuineCert, list);
        fc.pre(cert.length > 0 && !same(asRead(cert), genuineCert));
        const got = await read(withFile(ministryImage, 0xdf01, 0x0101, withCertificate(cert)));
        expect(got, JSON.stringify(list)).toSatisfy(failed);
      }),
      { numRuns, seed: SEED },
    );
  });
  fuzzIt('ministry: a mutated answer to INTERNAL AUTHENTICATE (data and status word) is a typed failure', 150, async (numRuns) => {
    await fc.assert(
      fc.asyncProperty(edits, async (list) => {
        let changed = false;
        const got = await read(ministryImage, (os) => ({
          transmit: async (c) => {
            const answer = os.handle(c);
            if (c[1] !== 0x88) return answer;
            const forged = mutate(answer, list);
            changed = !same(forged, answer);
            return forged;
          },
        }));
        fc.pre(changed);
        expect(got, JSON.stringify(list)).toSatisfy(failed);
      }),
      { numRuns, seed: SEED },
    );
  });

  const belpicImage = belpicCardImage(belpicId);
  const trimmed = (b: Uint8Array) => {
    let end = b.length;
    while (end > 0 && b[end - 1] === 0) end--;
    return b.subarray(0, end);
  };
  // Which bytes of each file a mutation must change to be a forgery (the address signature covers
  // the address without its 00 padding; the certificate is read to its announced end).
  const belpicFiles: Array<[string, number, number, (b: Uint8Array) => Uint8Array]> = [
    ['RRN certificate 503C', 0xdf00, 0x503c, asRead],
    ['identity signature 4032', 0xdf01, 0x4032, (b) => b],
    ['address signature 4034', 0xdf01, 0x4034, (b) => b],
    ['identity 4031', 0xdf01, 0x4031, (b) => b],
    ['address 4033', 0xdf01, 0x4033, trimmed],
  ];
  fuzzIt('Belgian eID: a mutated RRN certificate, signature or signed file is a typed failure, never verified', 200, async (numRuns) => {
    expect((await read(belpicImage)).authenticity).toBe('verified');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...belpicFiles), edits, async ([name, df, fid, meaning], list) => {
        const genuine = ef(belpicImage, df, fid).data;
        const forged = mutate(genuine, list);
        fc.pre(!same(meaning(forged), meaning(genuine)));
        const got = await read(withFile(belpicImage, df, fid, forged));
        expect(got, `${name} ${JSON.stringify(list)}`).toSatisfy(failed);
      }),
      { numRuns, seed: SEED },
    );
  });
});
