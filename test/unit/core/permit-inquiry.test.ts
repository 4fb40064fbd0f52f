import { describe, expect, it } from 'vitest';
import { permitView } from '../../../main/core/inquiry-views';
import { identity, makeKiosk, tick } from '../../support/core-fakes';

async function atWelcome(k: ReturnType<typeof makeKiosk>) {
  k.session.cardInserted();
  k.session.identityRead(identity, true);
  expect(k.step().screen).toBe('welcome');
}

describe('residence-permit validity inquiry', () => {
  it('asks for whom, then shows a sponsored person’s permit by the ministry’s id for them', async () => {
    const asked: [string, string | undefined][] = [];
    const permits = { residencePermit: async (idNumber: string, personId?: string) => (asked.push([idNumber, personId]), personId === 'SP-emp' ? { status: 'valid' as const, validUntil: '2027-12-31', idNumberMasked: '356••••••71' } : undefined) };
    const k = makeKiosk({ deps: { permits } });
    await atWelcome(k);
    expect(k.at('welcome').services.find((s) => s.id === 'residence-permit-inquiry')).toMatchObject({ available: true, pricing: 'read-only', needsNetwork: true });
    await k.core.dispatch({ type: 'chooseService', serviceId: 'residence-permit-inquiry' });
    await tick();
    // Visitors hold visas, not permits: only the card holder and the employee are offered.
    expect(k.at('beneficiary').beneficiaries.map((b) => b.id)).toEqual(['self', 'SP-emp']);

    // The card holder (a Qatari) has no permit: told so, the list stays to ask about someone else.
    await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId: 'self' });
    await tick();
    expect(k.step().screen).toBe('beneficiary');
    expect(k.session.snapshot.notice).toBe('no-residence-permit');

    await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId: 'SP-emp' });
    await tick();
    expect(k.at('permit')).toMatchObject({ beneficiary: { id: 'SP-emp', nameEn: 'Rajesh Kumar' }, permit: { status: 'valid', validUntil: '2027-12-31', next: 'nothing-yet', renewFrom: '2027-10-02' } });
    expect(k.session.snapshot.notice).toBeUndefined();
    expect(asked).toEqual([
      [identity.idNumber, undefined],
      [identity.idNumber, 'SP-emp'],
    ]);
    // Nothing was requested or paid.
    expect(k.enqueued).toEqual([]);
    expect(k.terminal.sales).toEqual([]);

    await k.core.dispatch({ type: 'back' });
    expect(k.step().screen).toBe('beneficiary');
    await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId: 'SP-emp' });
    await tick();
    expect(await k.core.dispatch({ type: 'finish' })).toMatchObject({ ok: true });
    expect(k.session.snapshot.mode.kind).not.toBe('shopper');
  });

  it('needs the ministry live: offline it is greyed out, and a failed answer keeps the list up', async () => {
    const k = makeKiosk({ deps: { permits: { residencePermit: async () => Promise.reject(new Error('reset')) } } });
    await atWelcome(k);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'residence-permit-inquiry' });
    await tick();
    await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId: 'SP-emp' });
    await tick();
    expect(k.step().screen).toBe('beneficiary');
    expect(k.session.snapshot.notice).toBe('gateway-unavailable');
    await k.core.dispatch({ type: 'back' });
    k.session.setGateway('offline');
    expect(k.at('welcome').services.find((s) => s.id === 'residence-permit-inquiry')).toMatchObject({ available: false, unavailableReason: 'needs-network' });
  });
});

describe('what a permit holder should do next', () => {
  // 2026-12-04 09:00 in Doha; the day in Doha is what counts, not the UTC one.
  const now = Date.UTC(2026, 11, 4, 6, 0, 0);
  const permit = (validUntil: string, status: 'valid' | 'expired' | 'cancelled' = 'valid') => permitView({ status, validUntil, idNumberMasked: '356••••••71' }, now);

  it('goes by the last day: renewal opens 90 days before it, and 90 days of grace follow it', () => {
    expect(permit('2027-03-05')).toMatchObject({ next: 'nothing-yet', renewFrom: '2026-12-05', daysLeft: 91 });
    expect(permit('2027-03-04')).toMatchObject({ next: 'renew-now', daysLeft: 90 });
    expect(permit('2026-12-04')).toMatchObject({ next: 'renew-now', daysLeft: 0 });
    expect(permit('2026-12-03', 'expired')).toMatchObject({ next: 'renew-in-grace', graceUntil: '2027-03-03', daysLeft: -1 });
    expect(permit('2026-09-05', 'expired')).toMatchObject({ next: 'renew-in-grace', daysLeft: -90 });
    expect(permit('2026-09-04', 'expired')).toMatchObject({ next: 'renew-late', graceUntil: '2026-12-03', daysLeft: -91 });
    expect(permit('2027-06-01', 'cancelled')).toMatchObject({ next: 'service-centre', status: 'cancelled' });
  });

  it('counts the day in Doha: at 22:00 UTC it is already the next day there', () => {
    const late = Date.UTC(2026, 11, 4, 22, 0, 0);
    expect(permitView({ status: 'valid', validUntil: '2026-12-05', idNumberMasked: '356••••••71' }, late).daysLeft).toBe(0);
  });
});
