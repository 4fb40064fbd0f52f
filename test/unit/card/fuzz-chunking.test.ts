import fc from 'fast-check';
import { describe, expect } from 'vitest';
import { Identity } from '../../../drivers/card/identity';
import { belpicProfile, ministryProfile, parseCardProfile, type CardProfile } from '../../../drivers/card/profiles';
import { readIdentity } from '../../../drivers/card/read-identity';
import { CardOs, type CardImage } from '../../../drivers/card/sim/card-os';
import { belpicCardImage, ministryCardImage } from '../../../drivers/card/sim/images';
import { withTestAnchors } from '../../../drivers/card/sim/signing';
import belpicDemo from '../../../drivers/card/sim/demo-belpic.json';
import demo from '../../../drivers/card/sim/demo-identity.json';
import type { ApduTransport } from '../../../drivers/card/transmit';
import { fuzzIt } from '../../support/fuzz';

/**
 * Whatever way a card cuts its answers — a small I/O buffer (61xx + GET RESPONSE), answers capped
 * with 9000 in the middle of a file, 6Cxx, 6282, 6B00 or an empty answer at the end, T=0 or T=1,
 * short or extended APDUs — and whatever block size the reader asks for, the identity read is the
 * one on the card, to the last byte of every file.
 */
class OsTransport implements ApduTransport {
  apdus = 0;
  constructor(readonly os: CardOs) {}
  async transmit(command: Uint8Array): Promise<Uint8Array> {
    this.apdus++;
    return this.os.handle(command);
  }
}

const cardCuts = fc.record({
  chunk: fc.option(fc.integer({ min: 1, max: 256 }), { nil: undefined }),
  shortReads: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
  readBeyondEnd: fc.constantFrom<CardImage['readBeyondEnd']>('short', '6282', '6C'),
  atEnd: fc.constantFrom<CardImage['atEnd']>('6B00', 'empty'),
  protocol: fc.constantFrom<CardImage['protocol']>('T0', 'T1'),
  extendedLength: fc.boolean(),
});
const readerAsks = fc.record({
  readChunk: fc.integer({ min: 1, max: 256 }),
  extendedLength: fc.boolean(),
  knowsSize: fc.boolean(),
});
/** Longer text makes files of 300-1,000 bytes, so they span many READ BINARY answers. */
const filler = fc.string({ unit: fc.constantFrom('a', 'b', 'ك', 'ر', ' ', '-'), minLength: 1, maxLength: 120 }).map((s) => s.trim() || 'x');

function profileFor(base: CardProfile, asks: { readChunk: number; extendedLength: boolean; knowsSize: boolean }): CardProfile {
  return parseCardProfile({
    ...base,
    readChunk: asks.extendedLength ? asks.readChunk * 64 : asks.readChunk,
    extendedLength: asks.extendedLength,
    files: base.files.map((f) => ({ ...f, size: asks.knowsSize ? f.size : undefined })),
  });
}

// Each case is a whole read over the virtual link with its signature and chip checks: tens of
// milliseconds alone, several times that beside the rest of the suite on two cores.
const PER_READ_MS = 250;

describe('fuzz: reads survive any chunking', () => {
  // Fewer cases than the Belgian one: each signs and verifies a 1-1.6 KiB object, read in as little as 1-byte pieces.
  fuzzIt('ministry card: the identity comes back whole and verified', 300, async (numRuns) => {
    const base = Identity.parse(demo);
    await fc.assert(
      fc.asyncProperty(cardCuts, readerAsks, fc.option(filler, { nil: undefined }), async (cuts, asks, long) => {
        const identity = long ? { ...base, birthPlace: long, address: { street: long, municipality: long } } : base;
        const image: CardImage = { ...ministryCardImage(identity), ...cuts };
        const t = new OsTransport(new CardOs(image));
        const got = await readIdentity(t, [profileFor(ministryProfile, asks)], image.atr, { anchors: withTestAnchors });
        expect(got.identity).toEqual(identity);
        // Every byte of the signed object arrived in order, and the chip's answer too, or this fails.
        expect(got.authenticity).toBe('verified');
      }),
      { numRuns },
    );
  }, { msPerCase: PER_READ_MS });
  // Each case reads six files (a 2 KB photo among them) and checks two RSA signatures.
  fuzzIt('Belgian eID: every file comes back whole and verified', 500, async (numRuns) => {
    const base = Identity.parse(belpicDemo);
    await fc.assert(
      fc.asyncProperty(cardCuts, readerAsks, fc.option(filler, { nil: undefined }), async (cuts, asks, long) => {
        const identity = long ? { ...base, birthPlace: long, address: { ...base.address, street: long } } : base;
        const image: CardImage = { ...belpicCardImage(identity), ...cuts };
        const got = await readIdentity(new OsTransport(new CardOs(image)), [profileFor(belpicProfile, asks)], image.atr, { anchors: withTestAnchors });
        expect(got.identity).toEqual(identity);
        expect(got.authenticity).toBe('verified');
      }),
      { numRuns },
    );
  }, { msPerCase: PER_READ_MS });
});
