import { describe, expect, it } from 'vitest';
import { KioskState, ScreenId, currentStep, screenOf } from '../../../main/contract';
import { silentLogger } from '../../../main/core/log';
import { createPreviewKiosk, driveTo, scenarioFrom } from '../../../main/dev/scenarios';

/**
 * The dev preview is the real session over in-memory fakes: every screen is reached the way a
 * shopper reaches it, and what it shows is what main sends (the session checks each state).
 */
const kiosk = createPreviewKiosk(silentLogger);
const at = (screen: ScreenId, query = '') => driveTo(kiosk, scenarioFrom(screen, new URLSearchParams(query)));

/** The next state on the given screen (the card's read goes on by itself after the PIN). */
function reaches(screen: ScreenId): Promise<KioskState> {
  return new Promise((resolve) => {
    const stop = kiosk.session.onState((state) => {
      if (screenOf(state) !== screen) return;
      queueMicrotask(() => stop());
      resolve(state);
    });
  });
}

describe('dev preview scenarios', () => {
  it.each(ScreenId.options)('reaches %s through the real session', async (screen) => {
    const state = await at(screen, 'lang=en');
    expect(screenOf(state)).toBe(screen);
    expect(state.lang).toBe('en');
    expect(KioskState.safeParse(state).success).toBe(true);
    // Only the screen asked for: no notice left over from the session the preview ended.
    if (screen !== 'error') expect(state.notice).toBeUndefined();
  });

  it('scripts the terminal, the printer and the ministry', async () => {
    expect(currentStep(await at('result', 'outcome=declined'))).toMatchObject({ screen: 'result', payment: { phase: 'declined' } });
    expect(currentStep(await at('result', 'receipt=failed&ministry=1'))).toMatchObject({
      payment: { phase: 'approved' },
      receipt: { state: 'failed', reason: 'paper-out' },
      submission: { delivery: 'delivered', ministryRef: expect.stringMatching(/^MOI-/) },
    });
    expect(currentStep(await at('paying', 'prompt=enter-pin'))).toMatchObject({ payment: { phase: 'in-progress', prompt: 'enter-pin' } });
    expect((await at('welcome', 'gateway=offline')).gateway).toBe('offline');
  });

  it('leaves the session running: taps go to the real state machine', async () => {
    await at('fines');
    expect((await kiosk.core.dispatch({ type: 'selectFines', fineIds: ['PV-202'] })).ok).toBe(true);
    expect(currentStep(kiosk.session.snapshot)).toMatchObject({ screen: 'fines', selectedFineIds: ['PV-202'], amountCents: 50_000 });
    expect((await kiosk.core.dispatch({ type: 'review' })).ok).toBe(true);
    expect(currentStep(kiosk.session.snapshot)).toMatchObject({ screen: 'confirm', amountCents: 50_000, fineCount: 1 });
    // The renderer still chooses, never states facts.
    expect(await kiosk.core.dispatch({ type: 'confirmPayment', amountCents: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-intent' } });
  });

  it('keeps the card\'s PIN rules: 1234 opens it, three wrong tries block it', async () => {
    await at('pin');
    await kiosk.core.dispatch({ type: 'submitPin', pin: '0000' });
    await new Promise((r) => setImmediate(r));
    expect(currentStep(kiosk.session.snapshot)).toEqual({ screen: 'pin', triesLeft: 2, wrong: true });
    const welcome = reaches('welcome');
    await kiosk.core.dispatch({ type: 'submitPin', pin: '1234' });
    expect(currentStep(await welcome)).toMatchObject({ screen: 'welcome', person: { givenNames: 'Mariam' } });
    await at('pin');
    for (const _ of [1, 2, 3]) {
      await kiosk.core.dispatch({ type: 'submitPin', pin: '0000' });
      await new Promise((r) => setImmediate(r));
    }
    expect(kiosk.session.snapshot).toMatchObject({ mode: { kind: 'attract', step: { screen: 'error' } }, notice: 'pin-blocked' });
  });

  it('says why when a scenario cannot be reached', async () => {
    await expect(at('fines', 'gateway=offline')).rejects.toThrow(/chooseService.*not-allowed-now/);
  });
});
