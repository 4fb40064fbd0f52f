import { describe, expect, it } from 'vitest';
import { CardError } from '../../../drivers/card/errors';
import { PendingPin } from '../../../drivers/card/pin-session';
import { ministryProfile } from '../../../drivers/card/profiles';
import type { ApduTransport } from '../../../drivers/card/transmit';

/** A card that answers VERIFY with the given status words, one per call, after `delayMs`. */
function card(sws: number[], delayMs = 0): ApduTransport & { calls: number } {
  const t = {
    calls: 0,
    async transmit(): Promise<Uint8Array> {
      t.calls++;
      await new Promise((r) => setTimeout(r, delayMs));
      const sw = sws.shift();
      if (sw === undefined) throw new CardError('card-removed', 'the card was removed');
      return Uint8Array.of(sw >> 8, sw & 0xff);
    },
  };
  return t;
}

describe('PendingPin: one card waiting for its PIN', () => {
  it('wrong keeps waiting, ok resolves the wait; later submits are pin-not-expected', async () => {
    const p = new PendingPin(ministryProfile, card([0x63c2, 0x9000]));
    expect(await p.submit('1111')).toEqual({ result: 'wrong', triesLeft: 2 });
    expect(await p.submit('4821')).toEqual({ result: 'ok' });
    await expect(p.done).resolves.toBeUndefined();
    await expect(p.submit('4821')).rejects.toMatchObject({ code: 'pin-not-expected' });
  });
  it('a second submit while the first is on its way is reader-busy and never reaches the card', async () => {
    const t = card([0x9000], 50);
    const p = new PendingPin(ministryProfile, t);
    const first = p.submit('4821');
    await expect(p.submit('4821')).rejects.toMatchObject({ code: 'reader-busy' });
    expect(await first).toEqual({ result: 'ok' });
    expect(t.calls).toBe(1);
  });
  it('a badly formed PIN is refused without ending the wait', async () => {
    const t = card([0x9000]);
    const p = new PendingPin(ministryProfile, t);
    await expect(p.submit('12')).rejects.toMatchObject({ code: 'pin-format' });
    await expect(p.submit('123456789')).rejects.toMatchObject({ code: 'pin-format' }); // ministry: at most 8 digits
    expect(t.calls).toBe(0);
    expect(await p.submit('4821')).toEqual({ result: 'ok' });
  });
  it('blocked ends the wait with pin-blocked', async () => {
    const p = new PendingPin(ministryProfile, card([0x6983]));
    expect(await p.submit('1111')).toEqual({ result: 'blocked' });
    await expect(p.done).rejects.toMatchObject({ code: 'pin-blocked' });
  });
  it('the card leaving during VERIFY rejects both the submit and the wait', async () => {
    const p = new PendingPin(ministryProfile, card([]));
    await expect(p.submit('4821')).rejects.toMatchObject({ code: 'card-removed' });
    await expect(p.done).rejects.toMatchObject({ code: 'card-removed' });
  });
  it('fail() (cancel, removal) settles once; a later fail changes nothing', async () => {
    const p = new PendingPin(ministryProfile, card([0x9000]));
    p.fail(new CardError('pin-cancelled', 'cancelled'));
    p.fail(new CardError('card-removed', 'gone'));
    await expect(p.done).rejects.toMatchObject({ code: 'pin-cancelled' });
    await expect(p.submit('4821')).rejects.toMatchObject({ code: 'pin-not-expected' });
  });
});
