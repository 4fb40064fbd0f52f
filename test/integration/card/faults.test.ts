import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Identity } from '../../../drivers/card/identity';
import type { IdentityEvent } from '../../../drivers/card/reader-types';
import { belpicCardImage, ministryCardImage, type CardImageOptions } from '../../../drivers/card/sim/images';
import type { CardImage } from '../../../drivers/card/sim/card-os';
import demo from '../../../drivers/card/sim/demo-identity.json';
import belpicDemo from '../../../drivers/card/sim/demo-belpic.json';
import { nextEvent, TEST_READER, waitUntil } from './helpers';
import { Harness } from './service-harness';

const identity = Identity.parse(demo);
const belgian = Identity.parse(belpicDemo);
const PIN = '4821';
type ErrorEvent = [{ reader: string; error: { code: string; message: string } }];

interface Case {
  name: string;
  image: () => CardImage;
  expected: Identity;
  pin?: boolean;
}

const pinned: CardImageOptions = { pin: { value: PIN, tries: 3 } };
const cases: Case[] = [
  { name: 'ministry (T=1)', image: () => ministryCardImage(identity), expected: identity },
  { name: 'ministry (T=0, 64-byte buffer)', image: () => ministryCardImage(identity, { t0: true, chunk: 64 }), expected: identity },
  { name: 'ministry with PIN', image: () => ministryCardImage(identity, pinned), expected: identity, pin: true },
  { name: 'belpic', image: () => belpicCardImage(belgian), expected: belgian },
];

describe('card pulled out at every APDU of a read', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.open();
    // Answer every PIN prompt at once, as a shopper at the PIN pad would; a pulled card may reject it.
    h.service.on('pin-required', ({ reader }) => void h.service.submitPin(reader, PIN).catch(() => undefined));
  });
  afterAll(async () => h.close());

  /** Inserts the card, waits until the read is over (identity or error) and the card is out. */
  async function readOnce(image: CardImage, yankAfter?: number): Promise<{ apdus: number; outcome: string; code?: string }> {
    const card = h.card({ image, yankAfter });
    const from = h.events.length;
    const done = Promise.race([
      nextEvent<[IdentityEvent]>(h.service, 'identity', 8000).then(() => ({ outcome: 'identity' as const, code: undefined })),
      nextEvent<ErrorEvent>(h.service, 'read-error', 8000).then(([ev]) => ({ outcome: 'read-error' as const, code: ev.error.code })),
    ]);
    await card.insert();
    const result = await done;
    const apdus = card.apduCount;
    await card.remove();
    await waitUntil(() => h.service.cardPresent(TEST_READER) === false, 5000, 'card out');
    // Whatever happened, no half-read identity and no PIN wait survives the card.
    expect(h.service.pinPending(TEST_READER)).toBe(false);
    if (result.outcome === 'read-error') expect(h.events.slice(from).map(([n]) => n)).not.toContain('identity');
    return { apdus, ...result };
  }

  for (const c of cases) {
    it(c.name, async () => {
      const full = await readOnce(c.image());
      expect(full.outcome).toBe('identity');
      expect(full.apdus).toBeGreaterThanOrEqual(2);
      const seen: string[] = [];
      for (let k = 0; k < full.apdus; k++) {
        const r = await readOnce(c.image(), k);
        seen.push(`${k}:${r.code}`);
        expect(r.outcome, `pulled at APDU ${k}`).toBe('read-error');
        expect(r.code, `pulled at APDU ${k}`).toBe('card-removed');
      }
      expect(seen).toHaveLength(full.apdus);
      // And the next card reads normally, without a restart.
      const again = await readOnce(c.image());
      expect(again.outcome).toBe('identity');
    });
  }
});

describe('a card that goes mute', () => {
  it('ends the read with card-mute after the APDU timeout, and the next card reads', async () => {
    const h = await Harness.open({ apduTimeoutMs: 800 });
    try {
      const mute = h.card({ image: ministryCardImage(identity), muteAfter: 1 });
      const failed = nextEvent<ErrorEvent>(h.service, 'read-error', 8000);
      const t0 = Date.now();
      await mute.insert();
      const [ev] = await failed;
      expect(ev.error.code).toBe('card-mute');
      expect(ev.error.message).toMatch(/did not answer/);
      expect(Date.now() - t0).toBeLessThan(4000);
      const removed = nextEvent(h.service, 'card-removed', 8000);
      await mute.remove();
      await removed;
      const good = h.card({ image: ministryCardImage(identity) });
      const got = nextEvent<[IdentityEvent]>(h.service, 'identity', 8000);
      await good.insert();
      expect((await got)[0].identity).toEqual(identity);
    } finally {
      await h.close();
    }
  });
});
