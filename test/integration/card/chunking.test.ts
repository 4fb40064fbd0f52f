import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Identity } from '../../../drivers/card/identity';
import type { IdentityEvent } from '../../../drivers/card/reader-types';
import type { CardImage } from '../../../drivers/card/sim/card-os';
import { belpicCardImage, ministryCardImage } from '../../../drivers/card/sim/images';
import { withTestAnchors } from '../../../drivers/card/sim/signing';
import belpicDemo from '../../../drivers/card/sim/demo-belpic.json';
import demo from '../../../drivers/card/sim/demo-identity.json';
import { nextEvent } from './helpers';
import { Harness } from './service-harness';

/**
 * The chunking fuzz of test/unit/card/fuzz-chunking.test.ts, through the real pcscd and the virtual
 * reader: a seeded sample of ways a card cuts its answers, each inserted and read by the service.
 */
const cuts = fc.record({
  chunk: fc.option(fc.integer({ min: 1, max: 256 }), { nil: undefined }),
  shortReads: fc.option(fc.integer({ min: 8, max: 120 }), { nil: undefined }),
  readBeyondEnd: fc.constantFrom<CardImage['readBeyondEnd']>('short', '6282', '6C'),
  atEnd: fc.constantFrom<CardImage['atEnd']>('6B00', 'empty'),
});
const samples = fc.sample(fc.tuple(fc.constantFrom('ministry', 'belpic'), cuts), { numRuns: 8, seed: 14 });

describe('reads that survive any chunking, over pcscd + vpcd', () => {
  let h: Harness;
  beforeEach(async () => (h = await Harness.open({ anchors: withTestAnchors })));
  afterEach(async () => h.close());

  it.each(samples.map((s) => [`${s[0]} ${JSON.stringify(s[1])}`, s] as const))('%s', async (_name, [profile, cut]) => {
    const identity = Identity.parse(profile === 'ministry' ? demo : belpicDemo);
    const image: CardImage = { ...(profile === 'ministry' ? ministryCardImage(identity) : belpicCardImage(identity)), ...cut };
    // A Belgian card with all six files cut into 8-byte answers takes ~450 round trips of ~45 ms.
    const got = nextEvent<[IdentityEvent]>(h.service, 'identity', 40_000);
    await h.card({ image }).insert();
    const [ev] = await got;
    expect(ev.identity).toEqual(identity);
    // Every byte of the signed data, signatures, photo and certificate arrived in order.
    expect(ev.authenticity).toBe('verified');
  });
});
