import { describe, expect, it } from 'vitest';
import { selectionProblem, claimItem } from '../../../main/core/inquiry-items';
import { approved, claims, employeeClaims, identity, makeKiosk, tick } from '../../support/core-fakes';

async function atClaimsFor(k: ReturnType<typeof makeKiosk>, beneficiaryId: string) {
  k.session.cardInserted();
  k.session.identityRead(identity, true);
  await k.core.dispatch({ type: 'chooseService', serviceId: 'pay-financial-claims' });
  await tick();
  expect(k.at('beneficiary').beneficiaries.map((b) => b.id)).toEqual(['self', 'SP-emp', 'SP-vis']);
  await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId });
  await tick();
}

describe('paying financial claims', () => {
  it('lists the claims with the payable ones selected, prices them in main, pays and records exactly those', async () => {
    const k = makeKiosk();
    await atClaimsFor(k, 'self');
    const step = k.at('fines');
    expect(step).toMatchObject({ flow: 'claims', readOnly: false, selectedFineIds: ['FC-2', 'FC-3'], amountCents: 15_000 });
    expect(step.beneficiary).toBeUndefined();
    // The ticket only a service centre takes is listed, not selected, with where it is paid.
    expect(step.fines[0]).toMatchObject({ id: 'FC-1', offenceEn: 'Sailing a boat without a valid licence', claim: { kind: 'ticket', payableHere: false, elsewhere: ['service-centre'] } });
    expect(step.fines[1]!.claim).toMatchObject({ kind: 'fine', departmentEn: 'General Directorate of Traffic', payableHere: true, elsewhere: ['website', 'app'] });

    expect(await k.core.dispatch({ type: 'selectFines', fineIds: ['FC-3'] })).toMatchObject({ ok: true });
    expect(k.at('fines').amountCents).toBe(10_000);
    await k.core.dispatch({ type: 'review' });
    // The review names each claim paid, the amount main computed from the gateway's answer.
    expect(k.at('confirm')).toMatchObject({ flow: 'claims', fineCount: 1, amountCents: 10_000, fees: [{ labelEn: 'Late renewal of the vehicle registration', amountCents: 10_000 }] });
    await k.core.dispatch({ type: 'confirmPayment' });
    expect(k.terminal.sales).toEqual([10_000]);
    k.terminal.finish(approved(10_000));
    await tick();
    expect(k.at('result')).toMatchObject({ flow: 'claims', amountCents: 10_000, payment: { phase: 'approved' }, submission: { delivery: 'queued' } });
    expect(k.enqueued[0]).toMatchObject({ serviceId: 'pay-financial-claims', payload: { claimIds: ['FC-3'] } });
    expect(k.enqueued[0]!.payload).not.toHaveProperty('beneficiaryId');
    expect(k.enqueued[0]!.beneficiary).toBeUndefined();
    // The receipt lists the claims paid.
    expect(k.printed[0]).toMatchObject({ totalCents: 10_000, lines: [{ labelAr: 'غرامة التأخر في تجديد استمارة المركبة', labelEn: 'Late renewal of the vehicle registration', amountCents: 10_000 }] });
  });

  it('refuses an unknown, a repeated or an unpayable claim id from the renderer as a typed error, and keeps the selection', async () => {
    const k = makeKiosk();
    await atClaimsFor(k, 'self');
    for (const [fineIds, problem] of [
      [['FC-2', 'FC-404'], 'unknown-item'],
      [['FC-2', 'FC-2'], 'duplicate-item'],
      [['FC-1', 'FC-2'], 'not-payable-here'],
    ] as const) {
      const result = await k.core.dispatch({ type: 'selectFines', fineIds: [...fineIds] });
      expect(result).toEqual({ ok: false, error: { code: 'invalid-intent', message: `selection refused: ${problem}` } });
      expect(k.at('fines').selectedFineIds).toEqual(['FC-2', 'FC-3']);
    }
    await k.core.dispatch({ type: 'selectFines', fineIds: [] });
    expect(await k.core.dispatch({ type: 'review' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    expect(k.step().screen).toBe('fines');
  });

  it('pays a sponsored person’s claim by the ministry’s id for them; none owed keeps the list with a clear answer', async () => {
    const k = makeKiosk();
    await atClaimsFor(k, 'SP-vis');
    expect(k.step().screen).toBe('beneficiary');
    expect(k.session.snapshot.notice).toBe('no-claims');
    await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId: 'SP-emp' });
    await tick();
    expect(k.at('fines')).toMatchObject({ flow: 'claims', beneficiary: { id: 'SP-emp', nameEn: 'Rajesh Kumar' }, selectedFineIds: ['FC-9'], amountCents: 50_000 });
    expect(k.session.snapshot.notice).toBeUndefined();
    await k.core.dispatch({ type: 'review' });
    expect(k.at('confirm').beneficiary).toMatchObject({ id: 'SP-emp' });
    await k.core.dispatch({ type: 'confirmPayment' });
    k.terminal.finish(approved(50_000));
    await tick();
    expect(k.enqueued[0]).toMatchObject({ serviceId: 'pay-financial-claims', payload: { claimIds: ['FC-9'], beneficiaryId: 'SP-emp' } });
    // The claims are the employee's: the kiosk keeps that past the payload, by id and masked number.
    expect(k.enqueued[0]!.beneficiary).toEqual({ id: 'SP-emp', idNumberMasked: '356••••••71' });
    expect(k.printed[0]).toMatchObject({ beneficiary: { nameEn: 'Rajesh Kumar' }, lines: [{ labelEn: 'Residence permit renewal fee' }] });
  });

  it('needs the ministry live: a failed inquiry keeps the list of people, offline the service is greyed out', async () => {
    const k = makeKiosk({ deps: { claims: { financialClaims: async () => Promise.reject(new Error('reset')) } } });
    await atClaimsFor(k, 'self');
    expect(k.step().screen).toBe('beneficiary');
    expect(k.session.snapshot.notice).toBe('gateway-unavailable');
    expect(k.terminal.sales).toEqual([]);
    await k.core.dispatch({ type: 'back' });
    k.session.setGateway('offline');
    expect(k.at('welcome').services.find((s) => s.id === 'pay-financial-claims')).toMatchObject({ available: false, unavailableReason: 'needs-network', pricing: 'by-inquiry' });
  });

  it('from "my requests", a request’s fee opens on that person’s claims with that fee alone selected', async () => {
    const at = Date.UTC(2026, 10, 27);
    const k = makeKiosk({
      requests: () => ({
        ministry: 'answered',
        people: [
          { personId: 'self', requests: [] },
          {
            personId: 'SP-emp',
            person: { id: 'SP-emp', relation: 'employee', givenNamesAr: 'راجيش', surnameAr: 'كومار', givenNames: 'Rajesh', surname: 'Kumar', idNumberMasked: '356••••••71' },
            requests: [{ ministryRef: 'MOI-2026-0000123', channel: 'website', serviceId: 'renew-residence-permit', submittedAt: at, history: [{ status: 'awaiting-payment', at }], outstandingFee: { amountCents: 50_000, serviceId: 'pay-financial-claims' } }],
          },
        ],
      }),
      deps: { claims: { financialClaims: async (_qid, personId) => (personId === 'SP-emp' ? [...employeeClaims, { ...employeeClaims[0]!, id: 'FC-10', ministryRef: undefined, amountCents: 20_000 }] : claims) } },
    });
    k.session.cardInserted();
    k.session.identityRead(identity, true);
    await k.core.dispatch({ type: 'showRequests' });
    await tick();
    expect(k.at('requests').people[1]!.requests[0]!.action).toEqual({ kind: 'pay-here', amountCents: 50_000, serviceId: 'pay-financial-claims' });
    await k.core.dispatch({ type: 'payRequestFee', reference: 'MOI-2026-0000123' });
    await tick();
    expect(k.at('fines')).toMatchObject({ flow: 'claims', beneficiary: { id: 'SP-emp' }, selectedFineIds: ['FC-9'], amountCents: 50_000 });
    // One step back: the people the shopper may pay for.
    await k.core.dispatch({ type: 'back' });
    expect(k.at('beneficiary').beneficiaries.map((b) => b.id)).toEqual(['self', 'SP-emp', 'SP-vis']);
    // Chosen afresh from there: everything payable, as from the menu.
    await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId: 'SP-emp' });
    await tick();
    expect(k.at('fines')).toMatchObject({ selectedFineIds: ['FC-9', 'FC-10'], amountCents: 70_000 });
  });
});

describe('selection of inquiry items', () => {
  const items = claims.map(claimItem);
  it('takes listed, distinct, payable ids only', () => {
    expect(selectionProblem(items, ['FC-2', 'FC-3'])).toBeUndefined();
    expect(selectionProblem(items, [])).toBeUndefined();
    expect(selectionProblem(items, ['FC-2', 'FC-2'])).toBe('duplicate-item');
    expect(selectionProblem(items, ['nope'])).toBe('unknown-item');
    expect(selectionProblem(items, ['FC-1'])).toBe('not-payable-here');
  });
});
