import { describe, expect, it } from 'vitest';
import { residencyView } from '../../../main/core/inquiry-views';
import type { CardIdentity, ResidencyEligibility } from '../../../main/core/ports';
import { identity, makeKiosk, tick } from '../../support/core-fakes';

/** A resident's card: permanent residency is for residents; the fakes' card holder is Qatari. */
const resident: CardIdentity = { ...identity, idNumber: '29035600123', nationality: 'IND', givenNames: 'Anil', surname: 'Meenakshi', givenNamesAr: 'أنيل', surnameAr: 'ميناكشي' };

async function atWelcome(k: ReturnType<typeof makeKiosk>, who: CardIdentity) {
  k.session.cardInserted();
  k.session.identityRead(who, true);
  expect(k.step().screen).toBe('welcome');
}

describe('permanent-residency eligibility inquiry', () => {
  it('is a resident’s own: asked at once, no for-whom step, answered with why not yet and from when', async () => {
    const asked: string[] = [];
    const k = makeKiosk({ deps: { residency: { permanentResidency: async (qid) => (asked.push(qid), { status: 'not-yet-eligible', reasons: ['residence-period'], residenceYears: 13, requiredYears: 20, eligibleFrom: '2033-08-12' }) } } });
    await atWelcome(k, resident);
    expect(k.at('welcome').services.find((s) => s.id === 'permanent-residency')).toMatchObject({ available: true, pricing: 'read-only', needsNetwork: true });
    await k.core.dispatch({ type: 'chooseService', serviceId: 'permanent-residency' });
    await tick();
    expect(k.at('residency').eligibility).toEqual({ status: 'not-yet-eligible', reasons: ['residence-period'], residenceYears: 13, requiredYears: 20, eligibleFrom: '2033-08-12', next: 'wait' });
    expect(asked).toEqual([resident.idNumber]);
    // Nothing was requested or paid.
    expect(k.enqueued).toEqual([]);
    expect(k.terminal.sales).toEqual([]);
    await k.core.dispatch({ type: 'back' });
    expect(k.step().screen).toBe('welcome');
  });

  it('is not for a citizen: the menu says so, and the ministry’s not-applicable is told on the list', async () => {
    const k = makeKiosk();
    await atWelcome(k, identity);
    expect(k.at('welcome').services.find((s) => s.id === 'permanent-residency')).toMatchObject({ available: false, unavailableReason: 'not-for-you' });
    expect(await k.core.dispatch({ type: 'chooseService', serviceId: 'permanent-residency' })).toMatchObject({ ok: false });
    // A resident's card the ministry does not count as one (the fakes answer none for this QID).
    const other = makeKiosk();
    await atWelcome(other, { ...resident, idNumber: identity.idNumber });
    await other.core.dispatch({ type: 'chooseService', serviceId: 'permanent-residency' });
    await tick();
    expect(other.step().screen).toBe('welcome');
    expect(other.session.snapshot.notice).toBe('residency-not-applicable');
  });

  it('needs the ministry live: a failed answer is the offline notice, and offline the service is greyed out', async () => {
    const k = makeKiosk({ finesFail: true });
    await atWelcome(k, resident);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'permanent-residency' });
    await tick();
    expect(k.step().screen).toBe('welcome');
    expect(k.session.snapshot.notice).toBe('gateway-unavailable');
    k.session.setGateway('offline');
    expect(k.at('welcome').services.find((s) => s.id === 'permanent-residency')).toMatchObject({ available: false, unavailableReason: 'needs-network' });
  });
});

describe('what a resident can do about permanent residency', () => {
  const notYet: ResidencyEligibility = { status: 'not-yet-eligible', reasons: ['residence-period'], residenceYears: 13, requiredYears: 20, eligibleFrom: '2033-08-12' };

  it('applies elsewhere once eligible, renews the permit first when it is not valid, else waits', () => {
    expect(residencyView({ status: 'eligible', reasons: [], residenceYears: 27, requiredYears: 20 }, true)).toMatchObject({ next: 'apply-online' });
    expect(residencyView(notYet, true)).toMatchObject({ next: 'wait', eligibleFrom: '2033-08-12' });
    const permit: ResidencyEligibility = { ...notYet, reasons: ['residence-permit-not-valid'], residenceYears: 23, eligibleFrom: undefined };
    expect(residencyView(permit, true)).toMatchObject({ next: 'renew-permit-here' });
    expect(residencyView(permit, false)).toMatchObject({ next: 'renew-permit-elsewhere' });
    // Both: the permit comes first; the day stays on screen.
    expect(residencyView({ ...notYet, reasons: ['residence-period', 'residence-permit-not-valid'] }, false)).toMatchObject({ next: 'renew-permit-elsewhere', eligibleFrom: '2033-08-12' });
  });
});
