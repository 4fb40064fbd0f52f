import { describe, expect, it } from 'vitest';
import { shippedCatalog } from '../../../main/config/catalog';
import { identity, makeKiosk, tick } from '../../support/core-fakes';

const ELSEWHERE = new Set(shippedCatalog().filter((s) => s.offered === 'elsewhere').map((s) => s.id));

/** A card whose signature or chip check failed: the session is open, but not to that person's data. */
describe('an unverified card', () => {
  it('shows no name and no ID number, refuses every service the catalog does not allow it, and never shows requests', async () => {
    const k = makeKiosk();
    k.session.cardInserted();
    k.session.identityRead(identity, false);
    const welcome = k.at('welcome');
    expect(welcome.person).toEqual({ idNumberMasked: '•••••••••••', expired: false, verified: false });
    expect(welcome.services.length).toBeGreaterThan(0);
    // Nothing here for it: what is served elsewhere is still named as such, offered nowhere here.
    for (const s of welcome.services) expect(s, s.id).toMatchObject({ available: false, unavailableReason: ELSEWHERE.has(s.id) ? 'elsewhere' : 'card-unverified' });
    expect(await k.core.dispatch({ type: 'chooseService', serviceId: 'pay-traffic-fines' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    expect(await k.core.dispatch({ type: 'showRequests' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    await tick();
    expect(k.step().screen).toBe('welcome');
    // Nothing the card claims about the person reached any state.
    const sent = JSON.stringify(k.states);
    for (const personal of [identity.idNumber, identity.idNumber.slice(0, 3) + '•', 'Ahmed', 'أحمد']) expect(sent).not.toContain(personal);
  });

  it('may use what the catalog allows it (unverifiedCard: allowed), and nothing else', async () => {
    const catalog = shippedCatalog().map((s) => (s.id === 'pay-traffic-fines' ? { ...s, unverifiedCard: 'allowed' as const } : s));
    const k = makeKiosk({ deps: { catalog } });
    k.session.cardInserted();
    k.session.identityRead(identity, false);
    const services = k.at('welcome').services;
    expect(services.filter((s) => s.available).map((s) => s.id)).toEqual(['pay-traffic-fines']);
    expect((await k.core.dispatch({ type: 'chooseService', serviceId: 'pay-traffic-fines' })).ok).toBe(true);
  });

  it('a verified card is unaffected: names, masked ID, every service it may use', () => {
    const k = makeKiosk();
    k.session.cardInserted();
    k.session.identityRead(identity, true);
    const welcome = k.at('welcome');
    expect(welcome.person).toMatchObject({ verified: true, idNumberMasked: '284••••••23' });
    expect(welcome.services.some((s) => s.unavailableReason === 'card-unverified')).toBe(false);
  });
});
