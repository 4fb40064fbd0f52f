import { afterEach, describe, expect, it, vi } from 'vitest';
import { approved, fines, identity, makeKiosk, tick } from '../../support/core-fakes';

async function toConfirm(k: ReturnType<typeof makeKiosk>) {
  k.session.cardInserted();
  k.session.identityRead(identity, true);
  expect((await k.core.dispatch({ type: 'chooseService', serviceId: 'pay-traffic-fines' })).ok).toBe(true);
  await tick();
  expect(k.step().screen).toBe('fines');
  expect((await k.core.dispatch({ type: 'review' })).ok).toBe(true);
  expect(k.step().screen).toBe('confirm');
}

/** No shopper's session is open: the one value that held everything about them is gone. */
const NOBODY = { kind: 'attract' } as const;

afterEach(() => vi.useRealTimers());

describe('session flow', () => {
  it('reads the card, lists fines, pays, records the submission before saying received, prints', async () => {
    const k = makeKiosk();
    expect(k.session.snapshot.mode).toEqual({ kind: 'attract', step: { screen: 'attract' } });
    expect(k.session.snapshot.lang).toBe('ar');
    await toConfirm(k);
    const welcome = k.states.find((s) => s.mode.kind === 'shopper' && s.mode.session.step.screen === 'welcome');
    expect(welcome?.mode).toMatchObject({ session: { step: { person: { idNumberMasked: '284••••••23' } } } });
    // No state ever sent carried the whole ID number.
    expect(JSON.stringify(k.states)).not.toContain(identity.idNumber);
    expect(k.at('confirm')).toMatchObject({ flow: 'fines', amountCents: 80_000, fineCount: 2 });

    await k.core.dispatch({ type: 'confirmPayment' });
    expect(k.step().screen).toBe('paying');
    expect(k.terminal.sales).toEqual([80_000]);
    k.terminal.progress?.('enter-pin');
    expect(k.at('paying').payment).toEqual({ phase: 'in-progress', prompt: 'enter-pin' });

    k.terminal.finish(approved(80_000));
    await tick();
    const done = k.at('result');
    expect(done.payment?.phase).toBe('approved');
    expect(done.submission).toEqual({ localRef: 'K01-20261128-000001', delivery: 'queued' });
    expect(done.receipt?.state).toBe('printed');
    // Durable first, then the screen that tells the shopper it was received, then the receipt.
    expect(k.events.indexOf('enqueued')).toBeLessThan(k.events.lastIndexOf('screen:result'));
    expect(k.enqueued[0]?.payload).toEqual({ fineIds: ['F1', 'F2'] });
    expect(k.printed[0]?.totalCents).toBe(80_000);

    k.session.submissionDelivered('sub-1', 'MOI-2026-42');
    expect(k.at('result').submission?.ministryRef).toBe('MOI-2026-42');

    await k.core.dispatch({ type: 'finish' });
    expect(k.session.snapshot.mode).toEqual({ ...NOBODY, step: { screen: 'goodbye' } });
    k.session.cardRemoved();
    expect(k.step().screen).toBe('attract');
  });

  it('forgets the shopper by dropping one value: nothing of theirs survives into the next session', async () => {
    const k = makeKiosk({ printFail: 'paper-out' });
    await toConfirm(k);
    await k.core.dispatch({ type: 'confirmPayment' });
    k.terminal.finish(approved(80_000));
    await tick();
    const { localRef } = k.at('result').submission!;
    await k.core.dispatch({ type: 'finish' });
    k.session.cardRemoved();
    const after = JSON.stringify(k.session.snapshot);
    for (const personal of ['Ahmed', 'أحمد', '284••••••23', 'F1', localRef, 'VISA']) expect(after).not.toContain(personal);
    // The next card starts from nothing: no reprint of the last shopper's receipt, no old request.
    k.session.cardInserted();
    expect(k.session.snapshot.mode).toEqual({ kind: 'shopper', session: { step: { screen: 'reading' } } });
    k.session.identityRead({ ...identity, idNumber: '29063400999', givenNames: 'Mona' }, true);
    expect(await k.core.dispatch({ type: 'reprintReceipt' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    expect(await k.core.dispatch({ type: 'confirmPayment' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    expect(k.terminal.sessionIds).toEqual([`session-1-${k.clock.ms}`]);
  });

  it('computes the amount from its own fines: the renderer can only choose among them', async () => {
    const k = makeKiosk();
    await toConfirm(k);
    await k.core.dispatch({ type: 'back' });
    const forged = await k.core.dispatch({ type: 'selectFines', fineIds: ['F1'], amountCents: 1 });
    expect(forged).toMatchObject({ ok: false, error: { code: 'invalid-intent' } });
    const unknown = await k.core.dispatch({ type: 'selectFines', fineIds: ['F9'] });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-intent' } });
    await k.core.dispatch({ type: 'selectFines', fineIds: ['F2'] });
    expect(k.at('fines')).toMatchObject({ selectedFineIds: ['F2'], amountCents: fines[1]!.amountCents });
    expect(await k.core.dispatch({ type: 'setIdentity', idNumber: '30000000000' })).toMatchObject({ ok: false, error: { code: 'invalid-intent' } });
  });

  it('refuses intents the current screen does not offer', async () => {
    const k = makeKiosk();
    expect(await k.core.dispatch({ type: 'confirmPayment' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    expect(await k.core.dispatch('not an object')).toMatchObject({ ok: false, error: { code: 'invalid-intent' } });
    expect(k.terminal.sales).toEqual([]);
  });

  it('shows declined and aborted outcomes without recording a submission', async () => {
    const k = makeKiosk();
    await toConfirm(k);
    await k.core.dispatch({ type: 'confirmPayment' });
    k.terminal.finish({ result: 'declined', code: 0x64, reason: 'card-not-readable' });
    await tick();
    expect(k.at('result')).toEqual({ screen: 'result', flow: 'fines', amountCents: 80_000, payment: { phase: 'declined', reason: 'card-not-readable' } });
    expect(k.enqueued).toHaveLength(0);

    const k2 = makeKiosk();
    await toConfirm(k2);
    await k2.core.dispatch({ type: 'confirmPayment' });
    await k2.core.dispatch({ type: 'cancelPayment' });
    await tick();
    expect(k2.at('result').payment?.phase).toBe('aborted');
  });

  it('finishes a running payment when the card is pulled, then wipes the session', async () => {
    const k = makeKiosk();
    await toConfirm(k);
    await k.core.dispatch({ type: 'confirmPayment' });
    k.session.cardRemoved();
    expect(k.step().screen).toBe('paying');
    k.terminal.finish(approved(80_000));
    await tick();
    expect(k.enqueued).toHaveLength(1);
    expect(k.printed).toHaveLength(1);
    expect(k.session.snapshot).toMatchObject({ mode: { ...NOBODY, step: { screen: 'attract' } }, notice: 'card-removed', busy: false });
  });

  it('keeps the reference on screen and offers a reprint when the printer fails', async () => {
    const k = makeKiosk({ printFail: 'paper-out' });
    await toConfirm(k);
    await k.core.dispatch({ type: 'confirmPayment' });
    k.terminal.finish(approved(80_000));
    await tick();
    expect(k.at('result').receipt).toEqual({ state: 'failed', reason: 'paper-out', reprintAvailable: false });
    expect(k.at('result').submission?.localRef).toBeDefined();
    // Paper loaded: the same journaled job (7) is offered again, not a new one.
    k.session.setDeviceHealth('printer', 'ready');
    expect(k.at('result').receipt?.reprintAvailable).toBe(true);
    expect((await k.core.dispatch({ type: 'reprintReceipt' })).ok).toBe(true);
    await tick();
    expect(k.events).toContain('reprint:7');
    expect(k.at('result').receipt?.state).toBe('printed');
  });

  it('says the gateway is needed when the fines inquiry fails', async () => {
    const k = makeKiosk({ finesFail: true });
    k.session.cardInserted();
    k.session.identityRead(identity, true);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'pay-traffic-fines' });
    await tick();
    expect(k.step().screen).toBe('welcome');
    expect(k.session.snapshot).toMatchObject({ notice: 'gateway-unavailable', busy: false });
  });

  it('warns after inactivity on the injected clock and resets the session after the countdown', async () => {
    vi.useFakeTimers();
    const k = makeKiosk();
    k.session.cardInserted();
    k.session.identityRead(identity, true);
    k.clock.ms += 1000;
    vi.advanceTimersByTime(1000);
    expect(k.session.snapshot.timeoutAt).toBe(k.clock.ms + 500);
    await k.core.dispatch({ type: 'activity' });
    expect(k.session.snapshot.timeoutAt).toBeUndefined();
    vi.advanceTimersByTime(1500);
    expect(k.session.snapshot).toMatchObject({ mode: { ...NOBODY, step: { screen: 'goodbye' } }, notice: 'session-timeout' });
    expect(k.session.snapshot.timeoutAt).toBeUndefined();
  });

  it('ends on card removal with a notice that clears itself', async () => {
    vi.useFakeTimers();
    const k = makeKiosk();
    k.session.cardInserted();
    k.session.identityRead(identity, true);
    k.session.cardRemoved();
    expect(k.session.snapshot).toMatchObject({ mode: { step: { screen: 'attract' } }, notice: 'card-removed' });
    vi.advanceTimersByTime(300);
    expect(k.session.snapshot.notice).toBeUndefined();
  });

  it('says why the session ended in the language the shopper chose, then is Arabic again for the next person', async () => {
    vi.useFakeTimers();
    const k = makeKiosk();
    k.session.cardInserted();
    k.session.identityRead(identity, true);
    await k.core.dispatch({ type: 'setLanguage', lang: 'en' });
    k.session.cardRemoved();
    expect(k.session.snapshot).toMatchObject({ mode: { step: { screen: 'attract' } }, notice: 'card-removed', lang: 'en' });
    vi.advanceTimersByTime(300);
    expect(k.session.snapshot).toMatchObject({ notice: undefined, lang: 'ar' });

    // A card inserted while the notice still shows starts in Arabic too...
    await k.core.dispatch({ type: 'setLanguage', lang: 'en' });
    k.session.cardInserted();
    k.session.identityRead(identity, true);
    k.session.cardRemoved();
    expect(k.session.snapshot.lang).toBe('en');
    k.session.cardInserted();
    expect(k.session.snapshot).toMatchObject({ mode: { kind: 'shopper' }, lang: 'ar' });
    k.session.cardRemoved();

    // ...unless the person chose English on the attract screen before inserting it.
    await k.core.dispatch({ type: 'setLanguage', lang: 'en' });
    k.session.cardInserted();
    expect(k.session.snapshot).toMatchObject({ mode: { kind: 'shopper' }, lang: 'en' });
  });
});
