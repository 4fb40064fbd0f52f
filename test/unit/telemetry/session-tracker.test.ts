import { describe, expect, it } from 'vitest';
import type { Intent, KioskState, ShopperStep } from '../../../main/contract';
import { type SessionEvent, SessionTracker } from '../../../main/telemetry/session-tracker';

const base = { seq: 0, lang: 'ar', gateway: 'online', devices: { card: 'ready', printer: 'ready', terminal: 'ready' }, offer: { inService: true, paid: true, receipt: 'paper' }, currency: 'QAR', busy: false } as const;
const attract = (): KioskState => ({ ...base, mode: { kind: 'attract', step: { screen: 'attract' } } });
const shopper = (step: ShopperStep): KioskState => ({ ...base, mode: { kind: 'shopper', session: { step } } });
const choose = (serviceId: string): Intent => ({ type: 'chooseService', serviceId });
const ok = { ok: true } as const;
const recorded = (): ShopperStep => ({ screen: 'result', flow: 'form', amountCents: 1000, submission: { localRef: 'K01-20261201-000001', delivery: 'queued' } });
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
      { type: 'request-ended', service: 'pay-traffic-fines', outcome: 'failed' },
      { type: 'request-ended', service: 'renew-driving-licence', outcome: 'abandoned' },
      { type: 'request-ended', service: 'national-address', outcome: 'abandoned' },
    ]);
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
    expect(events).toEqual([{ type: 'session-started' }, { type: 'request-ended', service: 'z', outcome: 'abandoned' }, { type: 'session-ended', outcome: 'abandoned' }]);
  });
});
