// @vitest-environment jsdom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IntentResult } from '../../../main/contract';
import { ACTIVITY_THROTTLE_MS } from '../../../renderer/src/App';
import { fixtureState } from './fixtures';
import { renderApp, settle } from './helpers';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const click = async (testId: string): Promise<void> => {
  fireEvent.click(screen.getByTestId(testId));
  await settle();
};

describe('intents sent by the screens', () => {
  it('language toggle asks for the other language', async () => {
    const { bridge } = renderApp(fixtureState('attract', 'ar'));
    await click('lang-toggle');
    expect(bridge.intents()).toEqual([{ type: 'setLanguage', lang: 'en' }]);
    bridge.push(fixtureState('attract', 'en', { seq: 2 }));
    expect(document.documentElement.dir).toBe('ltr');
    await click('lang-toggle');
    expect(bridge.intents()[1]).toEqual({ type: 'setLanguage', lang: 'ar' });
  });

  it('service button chooses that service', async () => {
    const { bridge } = renderApp(fixtureState('welcome', 'ar'));
    await click('service-pay-traffic-fines');
    expect(bridge.intents()).toEqual([{ type: 'chooseService', serviceId: 'pay-traffic-fines' }]);
  });

  it('the menu opens a category and goes back to the categories', async () => {
    const { bridge } = renderApp(fixtureState('welcome', 'en'));
    await click('category-traffic');
    expect(bridge.intents()).toEqual([{ type: 'openCategory', category: 'traffic' }]);
    bridge.push(fixtureState('welcome', 'en', { seq: 2, step: { category: 'traffic' } }));
    expect(await screen.findByTestId('open-category-traffic')).toBeTruthy();
    expect(screen.getByTestId('service-traffic-violations-inquiry')).toBeTruthy();
    expect(screen.queryByTestId('service-national-address')).toBeNull();
    await click('back');
    expect(bridge.intents()[1]).toEqual({ type: 'back' });
  });

  it('a fine toggle sends the whole new selection, in list order', async () => {
    const { bridge } = renderApp(fixtureState('fines', 'en'));
    await screen.findByTestId('screen-fines', {}, { timeout: 10_000 });
    await click('fine-F-1002');
    expect(bridge.intents()).toEqual([{ type: 'selectFines', fineIds: ['F-1001', 'F-1003'] }]);
    bridge.push(fixtureState('fines', 'en', { seq: 2, step: { selectedFineIds: ['F-1003'] } }));
    await click('fine-F-1001');
    expect(bridge.intents()[1]).toEqual({ type: 'selectFines', fineIds: ['F-1001', 'F-1003'] });
  });

  it('continue asks main to review, and is disabled with nothing selected', async () => {
    const { bridge } = renderApp(fixtureState('fines', 'en'));
    await screen.findByTestId('screen-fines', {}, { timeout: 10_000 });
    await click('fines-continue');
    expect(bridge.intents()).toEqual([{ type: 'review' }]);
    bridge.push(fixtureState('fines', 'en', { seq: 2, step: { selectedFineIds: [], amountCents: 0 } }));
    expect((screen.getByTestId('fines-continue') as HTMLButtonElement).disabled).toBe(true);
    await click('back');
    expect(bridge.intents()[1]).toEqual({ type: 'back' });
  });

  it('confirm screen: pay and back', async () => {
    const { bridge } = renderApp(fixtureState('confirm', 'ar'));
    await click('confirm-pay');
    await click('back');
    expect(bridge.intents()).toEqual([{ type: 'confirmPayment' }, { type: 'back' }]);
  });

  it('cancel stays available while main is busy with the terminal', async () => {
    const { bridge } = renderApp(fixtureState('paying', 'en', { busy: true }));
    expect((screen.getByTestId('cancel-payment') as HTMLButtonElement).disabled).toBe(false);
    await click('cancel-payment');
    expect(bridge.intents()).toEqual([{ type: 'cancelPayment' }]);
  });

  it('result screen: reprint and finish', async () => {
    const { bridge } = renderApp(fixtureState('result', 'en', { step: { receipt: { state: 'failed', reprintAvailable: true } } }));
    await click('reprint');
    await click('finish');
    expect(bridge.intents()).toEqual([{ type: 'reprintReceipt' }, { type: 'finish' }]);
  });

  it('a double tap sends pay once while main has not answered', async () => {
    const { bridge } = renderApp(fixtureState('confirm', 'en'));
    let answer: (r: IntentResult) => void = () => undefined;
    bridge.reply = () => new Promise((resolve) => (answer = resolve));
    fireEvent.click(screen.getByTestId('confirm-pay'));
    fireEvent.click(screen.getByTestId('confirm-pay'));
    await settle();
    expect(bridge.intents()).toEqual([{ type: 'confirmPayment' }]);
    expect((screen.getByTestId('confirm-pay') as HTMLButtonElement).disabled).toBe(true);
    answer({ ok: false, error: { code: 'device-unavailable', message: 'terminal unavailable' } });
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await settle();
    expect((screen.getByTestId('confirm-pay') as HTMLButtonElement).disabled).toBe(false);
  });

  it('buttons that change the flow are disabled while main is busy', () => {
    renderApp(fixtureState('confirm', 'en', { busy: true }));
    expect((screen.getByTestId('confirm-pay') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('back') as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId('lang-toggle') as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('activity and inactivity', () => {
  it('sends activity on a touch anywhere, at most once per throttle interval', async () => {
    // The clock runs while the fines' screen loads (lazily), and is held from then on.
    const realNow = Date.now.bind(Date);
    let held: number | undefined;
    vi.spyOn(Date, 'now').mockImplementation(() => held ?? realNow());
    const { bridge } = renderApp(fixtureState('fines', 'en'));
    await screen.findByTestId('screen-fines', {}, { timeout: 10_000 });
    let now = realNow() + ACTIVITY_THROTTLE_MS;
    held = now;
    fireEvent.pointerDown(document.body);
    fireEvent.pointerDown(screen.getByTestId('fine-F-1001'));
    held = now += ACTIVITY_THROTTLE_MS - 1;
    fireEvent.pointerDown(document.body);
    expect(bridge.sent.filter((i) => i.type === 'activity')).toHaveLength(1);
    held = now += 1;
    fireEvent.pointerDown(document.body);
    expect(bridge.sent.filter((i) => i.type === 'activity')).toHaveLength(2);
  });

  it('continue on the inactivity warning sends activity at once', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(1_000);
    const { bridge } = renderApp(fixtureState('confirm', 'en', { timeoutAt: 21_000 }));
    await click('timeout-continue');
    expect(bridge.sent).toEqual([{ type: 'activity' }]);
  });

  it('blocks the context menu a long press would open', () => {
    renderApp(fixtureState('attract', 'ar'));
    const allowed = fireEvent.contextMenu(screen.getByTestId('screen-attract'));
    expect(allowed).toBe(false);
  });
});

describe('connection', () => {
  it('shows "connecting" until the first state arrives', () => {
    const { bridge } = renderApp(undefined);
    expect(screen.getByTestId('connecting').textContent).toContain('جارٍ الاتصال');
    bridge.push(fixtureState('attract', 'ar'));
    expect(screen.queryByTestId('connecting')).toBeNull();
    expect(screen.getByTestId('screen-attract')).toBeTruthy();
  });

  it('covers a screen main may have moved on from while the bridge refuses what main sends', () => {
    const { bridge } = renderApp(fixtureState('confirm', 'en'));
    bridge.fault({ code: 'contract-mismatch', issues: ['state.mode: invalid_union'] });
    expect(screen.getByTestId('contract-fault').textContent).toContain('The screen could not be updated');
    bridge.fault(undefined);
    expect(screen.queryByTestId('contract-fault')).toBeNull();
  });

  it('says so in Arabic when even the first state was refused', () => {
    const { bridge } = renderApp(undefined);
    bridge.fault({ code: 'contract-mismatch', issues: [] });
    expect(screen.getByTestId('contract-fault').textContent).toContain('تعذَّر تحديث الشاشة');
    expect(screen.queryByTestId('connecting')).toBeNull();
  });

  it('covers the screen while the bridge reconnects, in the last language', () => {
    const { bridge } = renderApp(fixtureState('welcome', 'en'));
    bridge.setConnected(false);
    expect(screen.getByTestId('connecting').textContent).toContain('Connecting');
    bridge.setConnected(true);
    expect(screen.queryByTestId('connecting')).toBeNull();
  });
});
