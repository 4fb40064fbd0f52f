import { describe, expect, it } from 'vitest';
import type { Intent, KioskState, ShopperStep } from '../../../main/contract';
import { type SessionEvent, SessionTracker } from '../../../main/telemetry/session-tracker';

const base = { seq: 0, lang: 'ar', gateway: 'online', devices: { card: 'ready', printer: 'ready', terminal: 'ready' }, offer: { inService: true, paid: true, receipt: 'paper' }, currency: 'QAR', busy: false } as const;
const attract = (): KioskState => ({ ...base, mode: { kind: 'attract', step: { screen: 'attract' } } });
const shopper = (step: ShopperStep): KioskState => ({ ...base, mode: { kind: 'shopper', session: { step } } });
const choose = (serviceId: string): Intent => ({ type: 'chooseService', serviceId });
const ok = { ok: true } as const;
const recorded = (): ShopperStep => ({ screen: 'result', flow: 'form', amountCents: 1000, submission: { localRef: 'K01-20261201-000001', delivery: 'queued' } });
/** The tracker reads only which screen a step is; the rest of a step is the session tests' subject. */
const screen = (name: 'welcome' | 'form'): ShopperStep => ({ screen: name }) as unknown as ShopperStep;
const welcome = () => screen('welcome');
const declined = (): ShopperStep => ({ screen: 'result', flow: 'fines', amountCents: 1000, payment: { phase: 'declined' } });

function track(): { t: SessionTracker; events: SessionEvent[] } {
  const events: SessionEvent[] = [];
  return { t: new SessionTracker((e) => events.push(e)), events };
}

describe('session tracker: sessions and requests a fleet counts', () => {
  it('a session with one recorded request is completed, once, however often the result is sent again', () => {
    const { t, events } = track();
    t.state(attract());
    t.state(shopper({ screen: 'reading' }));
    t.intent(choose('police-clearance-certificate'), ok);
    t.state(shopper(recorded()));
    t.state(shopper(recorded()));
    t.state(attract());
    expect(events).toEqual([
      { type: 'session-started' },
      { type: 'request-started', service: 'police-clearance-certificate' },
      { type: 'request-ended', service: 'police-clearance-certificate', outcome: 'completed' },
      { type: 'session-ended', outcome: 'completed' },
    ]);
  });

  it('a declined payment is a failed request; a service left for another, or at the end, is abandoned', () => {
    const { t, events } = track();
    t.state(shopper({ screen: 'reading' }));
    t.intent(choose('pay-traffic-fines'), ok);
    t.state(shopper(declined()));
    t.intent(choose('renew-driving-licence'), ok);
    t.intent(choose('national-address'), ok);
    t.state(attract());
    expect(events.filter((e) => e.type === 'request-ended')).toEqual([
      { type: 'request-ended', service: 'pay-traffic-fines', outcome: 'failed', reason: 'payment-declined' },
      { type: 'request-ended', service: 'renew-driving-licence', outcome: 'abandoned', reason: 'another-service' },
      { type: 'request-ended', service: 'national-address', outcome: 'abandoned', reason: 'session-ended' },
    ]);
    expect(events.filter((e) => e.type === 'request-started').map((e) => e.type === 'request-started' && e.service)).toEqual(['pay-traffic-fines', 'renew-driving-licence', 'national-address']);
    expect(events.at(-1)).toEqual({ type: 'session-ended', outcome: 'failed' });
  });

  it('ignores refused intents, a payment still running, and intents outside a session', () => {
    const { t, events } = track();
    t.intent(choose('x'), ok);
    t.state(shopper({ screen: 'reading' }));
    t.intent(choose('y'), { ok: false, error: { code: 'not-allowed-now', message: '' } });
    t.intent(choose('z'), ok);
    t.state(shopper({ screen: 'result', flow: 'fines', amountCents: 5, payment: { phase: 'in-progress' } }));
    t.state(attract());
    expect(events).toEqual([
      { type: 'session-started' },
      { type: 'request-started', service: 'z' },
      { type: 'request-ended', service: 'z', outcome: 'abandoned', reason: 'session-ended' },
      { type: 'session-ended', outcome: 'abandoned' },
    ]);
  });

  it('says why a request did not complete: back to the list, a service that gave up, how the session ended', () => {
    const { t, events } = track();
    const ended = () => events.filter((e) => e.type === 'request-ended').map((e) => e.type === 'request-ended' && [e.service, e.outcome, e.reason]);
    let seq = 0;
    const show = (state: KioskState) => t.state({ ...state, seq: ++seq });
    // As the door does: received, the states the intent causes, then its answer.
    const tap = (intent: Intent, during: KioskState[] = []) => {
      t.received(intent);
      for (const state of during) show(state);
      t.intent(intent, ok);
    };
    show(shopper(welcome()));
    tap(choose('renew-driving-licence'), [shopper(screen('form'))]);
    show(shopper(welcome()));
    // The inquiry failed: the list came back, told why, before chooseService was answered.
    tap(choose('pay-traffic-fines'), [{ ...shopper(welcome()), busy: true }, { ...shopper(welcome()), notice: 'gateway-unavailable' }]);
    tap(choose('pay-traffic-fines'), [{ ...shopper(welcome()), busy: true }, { ...shopper(welcome()), notice: 'no-fines' }]);
    // A choice whose states have not come yet does not take the list's old notice for its own.
    tap(choose('national-address'));
    // The same service chosen again while it is open is the same request.
    tap(choose('national-address'), [shopper(screen('form'))]);
    show({ ...attract(), notice: 'card-removed' });
    show(shopper(welcome()));
    tap(choose('national-address'), [shopper(screen('form'))]);
    show({ ...attract(), notice: 'session-timeout' });
    expect(ended()).toEqual([
      ['renew-driving-licence', 'abandoned', 'back-to-menu'],
      ['pay-traffic-fines', 'failed', 'gateway-unavailable'],
      ['pay-traffic-fines', 'abandoned', 'no-fines'],
      ['national-address', 'abandoned', 'card-removed'],
      ['national-address', 'abandoned', 'session-timeout'],
    ]);
    expect(events.filter((e) => e.type === 'request-started')).toHaveLength(5);
    expect(events.filter((e) => e.type === 'session-ended')).toEqual([
      { type: 'session-ended', outcome: 'failed' },
      { type: 'session-ended', outcome: 'abandoned' },
    ]);
  });
});
