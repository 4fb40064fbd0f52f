import { afterEach, describe, expect, it } from 'vitest';
import { Identity } from '../../../drivers/card/identity';
import type { IdentityEvent } from '../../../drivers/card/reader-types';
import { CardReaderService } from '../../../drivers/card/reader-service';
import { belpicCardImage, ministryCardImage } from '../../../drivers/card/sim/images';
import { withTestAnchors } from '../../../drivers/card/sim/signing';
import { VirtualCard } from '../../../drivers/card/sim/virtual-card';
import demo from '../../../drivers/card/sim/demo-identity.json';
import expiredDemo from '../../../drivers/card/sim/demo-expired.json';
import technicianDemo from '../../../drivers/card/sim/demo-technician.json';
import belpicDemo from '../../../drivers/card/sim/demo-belpic.json';
import { nextEvent, sleep, TEST_READER } from './helpers';
import { Harness } from './service-harness';

const identity = Identity.parse(demo);
type PinEvent = [{ reader: string; profile: string; triesLeft?: number }];

describe('PIN, expired and technician cards through pcscd', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('pin-required with tries left; a wrong PIN says how many remain; the right one continues to identity', async () => {
    h = await Harness.open();
    const card = h.card({ image: ministryCardImage(identity, { pin: { value: '4821', tries: 3 } }) });
    const asked = nextEvent<PinEvent>(h.service, 'pin-required');
    await card.insert();
    const [ev] = await asked;
    expect(ev).toEqual({ reader: TEST_READER, profile: 'ministry', triesLeft: 3 });
    expect(h.service.pinPending(TEST_READER)).toBe(true);
    await expect(h.service.submitPin(TEST_READER, '12')).rejects.toMatchObject({ code: 'pin-format' });
    expect(card.pinTriesLeft).toBe(3); // refused before it reached the card
    expect(await h.service.submitPin(TEST_READER, '0000')).toEqual({ result: 'wrong', triesLeft: 2 });
    const got = nextEvent<[IdentityEvent]>(h.service, 'identity');
    expect(await h.service.submitPin(TEST_READER, '4821')).toEqual({ result: 'ok' });
    expect((await got)[0].identity).toEqual(identity);
    expect(h.service.pinPending(TEST_READER)).toBe(false);
    // The PIN is in no log line and in no event.
    const everything = JSON.stringify([h.logged, h.events]);
    expect(everything).not.toMatch(/4821|0000/);
    await expect(h.service.submitPin(TEST_READER, '4821')).rejects.toMatchObject({ code: 'pin-not-expected' });
  });

  it('a PIN blocked by wrong tries: blocked, then read-error pin-blocked; a card already blocked fails at once', async () => {
    h = await Harness.open();
    const card = h.card({ image: ministryCardImage(identity, { pin: { value: '4821', tries: 2 } }) });
    const asked = nextEvent<PinEvent>(h.service, 'pin-required');
    await card.insert();
    expect((await asked)[0].triesLeft).toBe(2);
    const failed = nextEvent<[{ error: { code: string } }]>(h.service, 'read-error');
    expect(await h.service.submitPin(TEST_READER, '1111')).toEqual({ result: 'wrong', triesLeft: 1 });
    expect(await h.service.submitPin(TEST_READER, '2222')).toEqual({ result: 'blocked' });
    expect((await failed)[0].error.code).toBe('pin-blocked');

    // Same card (its counter stays at 0) inserted again: no PIN prompt, pin-blocked.
    const removed = nextEvent(h.service, 'card-removed');
    await card.remove();
    await removed;
    const again = nextEvent<[{ error: { code: string } }]>(h.service, 'read-error');
    await card.insert();
    expect((await again)[0].error.code).toBe('pin-blocked');
    expect(h.names().filter((n) => n === 'pin-required')).toHaveLength(1);
  });

  it('card pulled while waiting for the PIN: read-error card-removed, nothing pending, no identity', async () => {
    h = await Harness.open();
    const card = h.card({ image: ministryCardImage(identity, { pin: { value: '4821', tries: 3 } }) });
    const asked = nextEvent<PinEvent>(h.service, 'pin-required');
    await card.insert();
    await asked;
    const failed = nextEvent<[{ error: { code: string } }]>(h.service, 'read-error');
    await card.remove();
    expect((await failed)[0].error.code).toBe('card-removed');
    expect(h.service.pinPending(TEST_READER)).toBe(false);
    await expect(h.service.submitPin(TEST_READER, '4821')).rejects.toMatchObject({ code: 'pin-not-expected' });
    expect(h.names()).not.toContain('identity');
  });

  it('cancelPin ends the read with pin-cancelled', async () => {
    h = await Harness.open();
    const card = h.card({ image: ministryCardImage(identity, { pin: { value: '4821', tries: 3 } }) });
    const asked = nextEvent<PinEvent>(h.service, 'pin-required');
    await card.insert();
    await asked;
    const failed = nextEvent<[{ error: { code: string } }]>(h.service, 'read-error');
    h.service.cancelPin(TEST_READER);
    expect((await failed)[0].error.code).toBe('pin-cancelled');
    expect(card.pinTriesLeft).toBe(3);
  });

  it('an expired card is read and flagged; the clock is injectable', async () => {
    h = await Harness.open({ now: () => new Date('2026-11-28T12:00:00+03:00') });
    const card = h.card({ image: ministryCardImage(Identity.parse(expiredDemo)) });
    const got = nextEvent<[IdentityEvent]>(h.service, 'identity');
    await card.insert();
    const [ev] = await got;
    expect(ev.expired).toBe(true);
    expect(ev.identity.validUntil).toBe('2024-05-31');
  });

  it('the same valid card counts as expired once the clock passes its validUntil', async () => {
    h = await Harness.open({ now: () => new Date('2029-05-01T09:00:00+03:00') });
    const card = h.card({ image: ministryCardImage(identity) });
    const got = nextEvent<[IdentityEvent]>(h.service, 'identity');
    await card.insert();
    expect((await got)[0].expired).toBe(true);
  });

  it('a technician card raises technician-card, never identity', async () => {
    h = await Harness.open();
    const tech = Identity.parse(technicianDemo);
    const card = h.card({ image: ministryCardImage(tech) });
    const got = nextEvent<[IdentityEvent]>(h.service, 'technician-card');
    await card.insert();
    const [ev] = await got;
    expect(ev.identity.role).toBe('technician');
    expect(ev.identity.givenNamesAr).toBe('مختبر');
    await sleep(200);
    expect(h.names()).not.toContain('identity');
  });

  it('extended length through pcscd: a 1.6 KiB signed object in one READ BINARY (its DER header gives the size), then the chip challenge', async () => {
    h = await Harness.open({ anchors: withTestAnchors });
    const long = { ...identity, birthPlace: 'B'.repeat(200), surname: 'N'.repeat(200), address: { street: 'S'.repeat(200), municipality: 'M'.repeat(200) } };
    const card = h.card({ image: ministryCardImage(long) });
    const got = nextEvent<[IdentityEvent]>(h.service, 'identity');
    await card.insert();
    expect((await got)[0]).toMatchObject({ identity: long, authenticity: 'verified' });
    expect(card.apduCount).toBe(3);
  });

  it('Belgian card over T=0 with a 32-byte card buffer', async () => {
    h = await Harness.open();
    const belgian = Identity.parse(belpicDemo);
    const card = h.card({ image: belpicCardImage(belgian, { chunk: 32 }) });
    // Six files, photo and certificate included, in 32-byte pieces: ~140 round trips.
    const got = nextEvent<[IdentityEvent]>(h.service, 'identity', 20_000);
    await card.insert();
    expect((await got)[0].identity).toEqual(belgian);
  });
});

describe('several readers', () => {
  it('only the configured reader (pattern) is used: a card in another reader is ignored', async () => {
    // "Virtual PCD B 00 01" (35966) is free for card tests and benchmarks; the e2e reader is never touched.
    const other = 'Virtual PCD B 00 01';
    const h = await Harness.open();
    const watcher = new CardReaderService({ readerPattern: '/^Virtual PCD B 00 01$/' });
    const seen = nextEvent<[IdentityEvent]>(watcher, 'identity', 8000);
    watcher.start();
    const card = new VirtualCard({ image: ministryCardImage(identity), port: 35966 });
    try {
      await card.insert();
      const [ev] = await seen;
      expect(ev.reader).toBe(other);
      await sleep(300);
      expect(h.events).toEqual([]);
      expect(h.service.readerNames).toEqual([TEST_READER]);
    } finally {
      await card.remove();
      await watcher.stop();
      await h.close();
    }
  });
});
