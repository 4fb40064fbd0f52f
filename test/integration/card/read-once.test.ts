import { afterEach, describe, expect, it } from 'vitest';
import { Identity } from '../../../drivers/card/identity';
import { readCardOnce } from '../../../drivers/card/read-once';
import { belpicCardImage, ministryCardImage } from '../../../drivers/card/sim/images';
import { VirtualCard } from '../../../drivers/card/sim/virtual-card';
import demo from '../../../drivers/card/sim/demo-identity.json';
import { sleep, TEST_READER, testPort, readerEmpty } from './helpers';

const identity = Identity.parse(demo);


describe('readCardOnce', () => {
  let card: VirtualCard | undefined;
  afterEach(async () => {
    await card?.remove();
    card = undefined;
    await readerEmpty();
  });

  it('reads a card that is already inserted', async () => {
    await readerEmpty();
    card = new VirtualCard({ image: ministryCardImage(identity), port: await testPort() });
    await card.insert();
    await sleep(600);
    const t0 = Date.now();
    expect(await readCardOnce({ readerPattern: TEST_READER, timeoutMs: 5000 })).toEqual(identity);
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('waits for a card inserted after the call', async () => {
    await readerEmpty();
    card = new VirtualCard({ image: ministryCardImage(identity), port: await testPort() });
    const pending = readCardOnce({ readerPattern: TEST_READER, timeoutMs: 5000 });
    await sleep(300);
    await card.insert();
    expect((await pending).givenNamesAr).toBe('أحمد علي');
  });

  it('with --profile ministry a Belgian card is unknown-card', async () => {
    await readerEmpty();
    card = new VirtualCard({ image: belpicCardImage({ ...identity, profile: 'belpic' }), port: await testPort() });
    await card.insert();
    await expect(readCardOnce({ readerPattern: TEST_READER, profile: 'ministry', timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'unknown-card',
    });
  });

  it('times out with a typed error when no card comes', async () => {
    await readerEmpty();
    const t0 = Date.now();
    await expect(readCardOnce({ readerPattern: TEST_READER, timeoutMs: 700 })).rejects.toMatchObject({
      name: 'CardError',
      code: 'timeout',
      message: expect.stringContaining(TEST_READER),
    });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('stops waiting when told its card has left, and does not read the one inserted next', async () => {
    await readerEmpty();
    const gone = new AbortController();
    const pending = readCardOnce({ readerPattern: TEST_READER, timeoutMs: 5000, signal: gone.signal });
    await sleep(200);
    const t0 = Date.now();
    gone.abort();
    await expect(pending).rejects.toMatchObject({ name: 'CardError', code: 'card-removed' });
    expect(Date.now() - t0).toBeLessThan(1000);
    card = new VirtualCard({ image: ministryCardImage(identity), port: await testPort() });
    await card.insert();
    await sleep(300);
    expect(card.apduCount).toBe(0);
    await expect(readCardOnce({ readerPattern: TEST_READER, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'card-removed' });
  });

  it('no matching reader is reader-unavailable', async () => {
    await expect(readCardOnce({ readerPattern: 'No Such Reader', timeoutMs: 500 })).rejects.toMatchObject({
      code: 'reader-unavailable',
      message: expect.stringContaining('No Such Reader'),
    });
  });

  it('an unknown profile name is refused before anything is opened', async () => {
    await expect(readCardOnce({ profile: 'passport', timeoutMs: 500 })).rejects.toMatchObject({ code: 'unknown-card' });
  });
});
