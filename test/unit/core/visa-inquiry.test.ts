import { describe, expect, it } from 'vitest';
import { availabilityOf, DEFAULT_AVAILABILITY } from '../../../main/core/availability';
import { visaView } from '../../../main/core/inquiry-views';
import type { SponsoredPerson, Visa } from '../../../main/core/ports';
import { identity, makeKiosk, tick } from '../../support/core-fakes';
import { statesWith } from '../../support/device-health';

async function atWelcome(k: ReturnType<typeof makeKiosk>) {
  k.session.cardInserted();
  k.session.identityRead(identity, true);
  expect(k.step().screen).toBe('welcome');
}

const visitor = (id: string, givenNames: string): SponsoredPerson => ({ id, relation: 'visitor', givenNames, surname: 'Ahmed', givenNamesAr: 'فاطمة', surnameAr: 'أحمد', idNumberMasked: '••••••67' });
const businessVisa: Visa = { visaNumber: '3188812345', type: 'business-visit', status: 'valid', validUntil: '2027-01-20', passportMasked: '••••••12' };

describe('visa inquiry', () => {
  it('asks the ministry for the one visitor the card holder sponsors and offers extending a family visit visa here', async () => {
    const k = makeKiosk();
    await atWelcome(k);
    expect(k.at('welcome').services.find((s) => s.id === 'visa-inquiry')).toMatchObject({ available: true, pricing: 'read-only', needsNetwork: true });
    await k.core.dispatch({ type: 'chooseService', serviceId: 'visa-inquiry' });
    await tick();
    // Only visitors hold visas: the employee is not offered, and one visitor needs no choice.
    expect(k.at('visa')).toMatchObject({
      beneficiary: { id: 'SP-vis', relation: 'visitor', nameEn: 'Fatima Ahmed' },
      visa: { visaNumber: '3120045817', type: 'family-visit', status: 'valid', passportMasked: '••••••67', next: 'extend-here', daysLeft: 20 },
    });
    // Nothing was requested or paid.
    expect(k.enqueued).toEqual([]);
    expect(k.terminal.sales).toEqual([]);

    // Extending goes straight to the extension's form for the same visitor.
    expect(await k.core.dispatch({ type: 'extendVisa' })).toMatchObject({ ok: true });
    await tick();
    expect(k.at('form').service.id).toBe('extend-visit-visa');
    expect(k.session.snapshot.mode.kind).toBe('shopper');
    // Back from the form is the visa's answer it was opened from, and from there the menu.
    expect(await k.core.dispatch({ type: 'back' })).toMatchObject({ ok: true });
    expect(k.at('visa')).toMatchObject({ service: { id: 'visa-inquiry' }, beneficiary: { id: 'SP-vis' }, visa: { visaNumber: '3120045817', next: 'extend-here' } });
    await k.core.dispatch({ type: 'back' });
    expect(k.step().screen).toBe('welcome');
  });

  it('back from an extension opened from the visa: its answer again, not asked again, with what can be done now, then the list', async () => {
    const asked: string[] = [];
    const family: Visa = { visaNumber: '3120045817', type: 'family-visit', status: 'valid', validUntil: '2027-01-20', passportMasked: '••••••67' };
    const k = makeKiosk({
      deps: {
        sponsors: { sponsoredPeople: async () => [visitor('SP-a', 'Fatima'), visitor('SP-b', 'Huda')] },
        visas: { visa: async (_qid, personId) => (asked.push(personId), personId === 'SP-b' ? family : undefined) },
      },
    });
    await atWelcome(k);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'visa-inquiry' });
    await tick();
    await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId: 'SP-b' });
    await tick();
    const answer = k.at('visa');
    expect(answer.visa.next).toBe('extend-here');
    await k.core.dispatch({ type: 'extendVisa' });
    await tick();
    // Through the review and back to the form: its back still leads to the visa.
    await k.core.dispatch({ type: 'setField', fieldId: 'months', value: '2' });
    await k.core.dispatch({ type: 'setField', fieldId: 'dependants', value: '0' });
    await k.core.dispatch({ type: 'submitForm' });
    expect(k.step().screen).toBe('confirm');
    await k.core.dispatch({ type: 'back' });
    expect(k.at('form').service.id).toBe('extend-visit-visa');
    await k.core.dispatch({ type: 'back' });
    expect(k.at('visa')).toEqual(answer);
    expect(asked).toEqual(['SP-b']);

    // The terminal went away while the form was open: the answer no longer offers the extension here.
    await k.core.dispatch({ type: 'extendVisa' });
    await tick();
    k.session.setAvailability(availabilityOf(statesWith('terminal', { status: 'offline' }), DEFAULT_AVAILABILITY));
    await k.core.dispatch({ type: 'back' });
    expect(k.at('visa').visa).toMatchObject({ visaNumber: '3120045817', next: 'extend-elsewhere' });
    expect(await k.core.dispatch({ type: 'extendVisa' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    // And back from the answer is the list of visitors it was chosen from.
    await k.core.dispatch({ type: 'back' });
    expect(k.at('beneficiary').beneficiaries.map((b) => b.id)).toEqual(['SP-a', 'SP-b']);
    expect(asked).toEqual(['SP-b']);
    expect(k.enqueued).toEqual([]);
  });

  it('lists several visitors; one without a visa is told so and the list stays up', async () => {
    const asked: string[] = [];
    const k = makeKiosk({
      deps: {
        sponsors: { sponsoredPeople: async () => [visitor('SP-a', 'Fatima'), visitor('SP-b', 'Huda')] },
        visas: { visa: async (_qid, personId) => (asked.push(personId), personId === 'SP-b' ? businessVisa : undefined) },
      },
    });
    await atWelcome(k);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'visa-inquiry' });
    await tick();
    expect(k.at('beneficiary').beneficiaries.map((b) => b.id)).toEqual(['SP-a', 'SP-b']);
    await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId: 'SP-a' });
    await tick();
    expect(k.step().screen).toBe('beneficiary');
    expect(k.session.snapshot.notice).toBe('no-visa');
    await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId: 'SP-b' });
    await tick();
    // A business visit visa cannot be extended: nothing to offer here.
    expect(k.at('visa').visa).toMatchObject({ type: 'business-visit', next: 'leave-by' });
    expect(k.session.snapshot.notice).toBeUndefined();
    expect(await k.core.dispatch({ type: 'extendVisa' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    expect(asked).toEqual(['SP-a', 'SP-b']);
    await k.core.dispatch({ type: 'back' });
    expect(k.step().screen).toBe('beneficiary');
  });

  it('needs the ministry live: a failed answer is the offline notice, and offline the service is greyed out', async () => {
    const k = makeKiosk({ deps: { visas: { visa: async () => Promise.reject(new Error('reset')) } } });
    await atWelcome(k);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'visa-inquiry' });
    await tick();
    expect(k.step().screen).toBe('welcome');
    expect(k.session.snapshot.notice).toBe('gateway-unavailable');
    k.session.setGateway('offline');
    expect(k.at('welcome').services.find((s) => s.id === 'visa-inquiry')).toMatchObject({ available: false, unavailableReason: 'needs-network' });
    expect(await k.core.dispatch({ type: 'extendVisa' })).toMatchObject({ ok: false });
  });
});

describe('the menu after a free inquiry ended in a notice', () => {
  it('says so, so the step bar counts no purchase, for as long as the notice stays', async () => {
    const k = makeKiosk({ deps: { sponsors: { sponsoredPeople: async () => [visitor('SP-a', 'Aisha')] }, visas: { visa: async () => undefined } } });
    await atWelcome(k);
    expect(k.at('welcome').inquiryOutcome).toBeUndefined();
    await k.core.dispatch({ type: 'chooseService', serviceId: 'visa-inquiry' });
    await tick();
    expect(k.session.snapshot.notice).toBe('no-visa');
    expect(k.at('welcome').inquiryOutcome).toBe(true);
    // The menu changing in place keeps the notice, and with it the outcome.
    await k.core.dispatch({ type: 'openCategory', category: 'visas' });
    k.session.setGateway('offline');
    expect(k.at('welcome')).toMatchObject({ category: 'visas', inquiryOutcome: true });
    await k.core.dispatch({ type: 'back' });
    expect(k.at('welcome')).toMatchObject({ inquiryOutcome: true });
    expect(k.session.snapshot.notice).toBe('no-visa');
    // Choosing again clears the notice, and the outcome with it.
    k.session.setGateway('online');
    await k.core.dispatch({ type: 'chooseService', serviceId: 'pay-traffic-fines' });
    await tick();
    expect(k.step().screen).toBe('fines');
    await k.core.dispatch({ type: 'back' });
    expect(k.step().screen).toBe('welcome');
    expect(k.at('welcome').inquiryOutcome).toBeUndefined();
  });

  it('marks a free inquiry that had nobody to ask about, not a purchase that could not start', async () => {
    const nobody = makeKiosk({ deps: { sponsors: { sponsoredPeople: async () => [] } } });
    await atWelcome(nobody);
    await nobody.core.dispatch({ type: 'chooseService', serviceId: 'visa-inquiry' });
    await tick();
    expect(nobody.session.snapshot.notice).toBe('no-sponsored-people');
    expect(nobody.at('welcome').inquiryOutcome).toBe(true);

    const offline = makeKiosk({ finesFail: true });
    await atWelcome(offline);
    await offline.core.dispatch({ type: 'chooseService', serviceId: 'pay-traffic-fines' });
    await tick();
    expect(offline.session.snapshot.notice).toBe('gateway-unavailable');
    expect(offline.at('welcome').inquiryOutcome).toBeUndefined();
  });
});

describe('what a sponsor can do about a visa', () => {
  // 2026-12-04 09:00 in Doha.
  const now = Date.UTC(2026, 11, 4, 6, 0, 0);
  const family: Visa = { visaNumber: '3120045817', type: 'family-visit', status: 'valid', validUntil: '2026-12-25', passportMasked: '••••••67' };

  it('extends only a family visit visa before it ends, here when the kiosk can, elsewhere otherwise', () => {
    expect(visaView(family, now, true)).toMatchObject({ next: 'extend-here', daysLeft: 21 });
    expect(visaView(family, now, false)).toMatchObject({ next: 'extend-elsewhere' });
    expect(visaView({ ...family, validUntil: '2026-12-04' }, now, true)).toMatchObject({ next: 'extend-here', daysLeft: 0 });
    expect(visaView({ ...family, type: 'tourist' }, now, true)).toMatchObject({ next: 'leave-by' });
    // The ministry's status says expired, or the last day has passed in Doha: it has ended.
    expect(visaView({ ...family, status: 'expired', validUntil: '2026-12-01' }, now, true)).toMatchObject({ next: 'ended', daysLeft: -3 });
    expect(visaView({ ...family, validUntil: '2026-12-03' }, now, true)).toMatchObject({ next: 'ended' });
    expect(visaView({ ...family, status: 'cancelled' }, now, true)).toMatchObject({ next: 'cancelled' });
  });
});
