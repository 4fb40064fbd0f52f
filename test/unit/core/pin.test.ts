import { describe, expect, it } from 'vitest';
import { identity, makeKiosk, tick } from '../../support/core-fakes';

describe('card PIN', () => {
  it('asks for the PIN, says how many tries are left after a wrong one, then reads the card', async () => {
    const k = makeKiosk({ pinResults: [{ result: 'wrong', triesLeft: 2 }, { result: 'ok' }] });
    k.session.cardInserted();
    k.session.pinRequired(3);
    expect(k.at('pin')).toEqual({ screen: 'pin', triesLeft: 3, wrong: false });

    expect(await k.core.dispatch({ type: 'submitPin', pin: '12' })).toMatchObject({ ok: false, error: { code: 'invalid-intent' } });
    expect(await k.core.dispatch({ type: 'submitPin', pin: '1234x' })).toMatchObject({ ok: false, error: { code: 'invalid-intent' } });
    await k.core.dispatch({ type: 'submitPin', pin: '1111' });
    await tick();
    expect(k.at('pin')).toEqual({ screen: 'pin', triesLeft: 2, wrong: true });
    expect(k.session.snapshot.busy).toBe(false);
    expect(JSON.stringify(k.states)).not.toContain('1111');

    await k.core.dispatch({ type: 'submitPin', pin: '1234' });
    await tick();
    expect(k.at('reading')).toEqual({ screen: 'reading' });
    k.session.identityRead(identity, true);
    expect(k.step().screen).toBe('welcome');
    expect(k.pinsSeen).toEqual(['1111', '1234']);
  });

  it('ends on a blocked PIN with a notice, and refuses a PIN outside the PIN screen', async () => {
    const k = makeKiosk({ pinResults: [{ result: 'blocked' }] });
    expect(await k.core.dispatch({ type: 'submitPin', pin: '1234' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    k.session.cardInserted();
    k.session.pinRequired();
    await k.core.dispatch({ type: 'submitPin', pin: '0000' });
    await tick();
    expect(k.session.snapshot).toMatchObject({ mode: { kind: 'attract', step: { screen: 'error' } }, notice: 'pin-blocked' });
    k.session.cardRemoved();
    expect(k.step().screen).toBe('attract');
  });

  it('flags an expired card on the welcome screen', () => {
    const k = makeKiosk();
    k.session.cardInserted();
    k.session.identityRead({ ...identity, validUntil: '2020-01-01' }, true);
    expect(k.at('welcome').person.expired).toBe(true);
    // The catalog decides what an expired card may do: fines yes, a clearance certificate no.
    const services = k.at('welcome').services;
    expect(services.find((s) => s.id === 'pay-traffic-fines')?.available).toBe(true);
    expect(services.find((s) => s.id === 'police-clearance-certificate')).toMatchObject({ available: false, unavailableReason: 'card-expired' });
  });
});

describe('card read outcomes', () => {
  it('cancels the PIN on the card when the shopper gives up', async () => {
    const k = makeKiosk();
    k.session.cardInserted();
    k.session.pinRequired(3);
    await k.core.dispatch({ type: 'finish' });
    expect(k.events).toContain('cancel-pin');
    expect(k.step().screen).toBe('goodbye');
    k.session.cardReadFailed('pin-cancelled');
    expect(k.step().screen).toBe('goodbye');
  });

  it('tells a missing reader from an unreadable card, and leaves removal to cardRemoved', () => {
    const k = makeKiosk();
    k.session.cardInserted();
    k.session.cardReadFailed('card-removed');
    expect(k.step().screen).toBe('reading');
    k.session.cardReadFailed('reader-unavailable');
    expect(k.session.snapshot).toMatchObject({ mode: { step: { screen: 'error' } }, notice: 'card-reader-unavailable' });
    const k2 = makeKiosk();
    k2.session.cardInserted();
    k2.session.cardReadFailed('malformed-data');
    expect(k2.session.snapshot).toMatchObject({ mode: { step: { screen: 'error' } }, notice: 'card-unreadable' });
  });

  it('never opens a shopper session for a technician card', () => {
    const k = makeKiosk();
    k.session.cardInserted();
    k.session.technicianCard({ idNumber: '29063400777' });
    expect(k.session.snapshot).toMatchObject({ mode: { kind: 'attract', step: { screen: 'error' } }, notice: 'technician-card' });
  });
});
