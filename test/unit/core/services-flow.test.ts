import { describe, expect, it } from 'vitest';
import { approved, identity, makeKiosk, tick } from '../../support/core-fakes';

async function atWelcome(k: ReturnType<typeof makeKiosk>, who = identity) {
  k.session.cardInserted();
  k.session.identityRead(who, true);
  expect(k.step().screen).toBe('welcome');
}

describe('catalog services', () => {
  it('lists the shipped services by category with main deciding availability', async () => {
    const k = makeKiosk();
    await atWelcome(k);
    const services = k.at('welcome').services;
    expect(services.length).toBeGreaterThanOrEqual(10);
    expect(services.find((s) => s.id === 'family-visit-visa')).toMatchObject({ available: false, unavailableReason: 'not-for-you' });
    k.session.setGateway('offline');
    const offline = k.at('welcome').services;
    expect(offline.find((s) => s.id === 'pay-traffic-fines')).toMatchObject({ available: false, unavailableReason: 'needs-network' });
    expect(offline.find((s) => s.id === 'national-address')).toMatchObject({ available: true });
    expect(await k.core.dispatch({ type: 'chooseService', serviceId: 'pay-traffic-fines' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
  });

  it('offers the menu by category: the most used first, a category opened and left, each fee from the catalog', async () => {
    const k = makeKiosk();
    await atWelcome(k);
    const menu = k.at('welcome');
    expect(menu.category).toBeUndefined();
    expect(menu.featured.slice(0, 3)).toEqual(['national-address', 'renew-residence-permit', 'extend-visit-visa']);
    expect(menu.services.find((s) => s.id === 'renew-residence-permit')).toMatchObject({ pricing: 'fee', feeFromCents: 50_000, feeVaries: true });
    expect(menu.services.find((s) => s.id === 'police-clearance-certificate')).toMatchObject({ pricing: 'fee', feeFromCents: 1_000, feeVaries: false });
    expect(menu.services.find((s) => s.id === 'national-address')?.feeFromCents).toBeUndefined();

    expect(await k.core.dispatch({ type: 'openCategory', category: 'traffic' })).toMatchObject({ ok: true });
    expect(k.at('welcome').category).toBe('traffic');
    // Within a category the most used come first.
    const traffic = k.at('welcome').services.filter((s) => s.category === 'traffic').map((s) => s.id);
    expect(traffic.slice(0, 2)).toEqual(['pay-traffic-fines', 'traffic-violations-inquiry']);
    // What is served elsewhere is listed as such and cannot be started here.
    expect(k.at('welcome').services.find((s) => s.id === 'renew-vehicle-registration')).toMatchObject({ available: false, unavailableReason: 'elsewhere', pricing: 'unknown' });
    expect(await k.core.dispatch({ type: 'chooseService', serviceId: 'renew-vehicle-registration' })).toMatchObject({ ok: false, error: { code: 'not-allowed-now' } });
    // Back from a service chosen there returns to that category; back again to the categories.
    await k.core.dispatch({ type: 'chooseService', serviceId: 'object-to-violation' });
    await k.core.dispatch({ type: 'back' });
    expect(k.at('welcome').category).toBe('traffic');
    await k.core.dispatch({ type: 'back' });
    expect(k.at('welcome').category).toBeUndefined();
    // Company services are all served elsewhere: the category opens to say where.
    expect(await k.core.dispatch({ type: 'openCategory', category: 'companies' })).toMatchObject({ ok: true });
    expect(k.at('welcome').services.filter((s) => s.category === 'companies').every((s) => s.unavailableReason === 'elsewhere')).toBe(true);
    expect(k.at('welcome').services.find((s) => s.id === 'residence-permit-inquiry')).toMatchObject({ available: true, pricing: 'read-only' });
  });

  it('runs a free form service: main validates each field, then records the request without payment', async () => {
    const k = makeKiosk();
    await atWelcome(k);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'national-address' });
    expect(k.at('form').form.fields.map((f) => f.id)).toEqual(['zone', 'street', 'building', 'mobile', 'email']);

    expect(await k.core.dispatch({ type: 'setField', fieldId: 'zone', value: '120' })).toMatchObject({ ok: false, error: { code: 'invalid-value' } });
    expect(k.at('form').form.errors).toEqual({ zone: 'out-of-range' });
    expect(await k.core.dispatch({ type: 'setField', fieldId: 'price', value: '1' })).toMatchObject({ ok: false, error: { code: 'invalid-intent' } });
    await k.core.dispatch({ type: 'submitForm' });
    expect(k.step().screen).toBe('form');
    expect(k.session.snapshot.notice).toBe('form-invalid');

    for (const [fieldId, value] of Object.entries({ zone: '51', street: '340', building: '12', mobile: '55123456' })) {
      await k.core.dispatch({ type: 'setField', fieldId, value });
    }
    await k.core.dispatch({ type: 'submitForm' });
    expect(k.at('confirm')).toMatchObject({ flow: 'form', amountCents: 0, fees: [], fineCount: 0 });
    expect(await k.core.dispatch({ type: 'confirmPayment' })).toMatchObject({ ok: false });
    await k.core.dispatch({ type: 'submitRequest' });
    await tick();
    expect(k.at('result')).toMatchObject({ submission: { delivery: 'queued' }, receipt: { state: 'printed' } });
    expect(k.at('result').payment).toBeUndefined();
    expect(k.enqueued[0]).toMatchObject({ serviceId: 'national-address', payload: { beneficiary: 'self', fields: { zone: '51', mobile: '55123456' } } });
    expect(k.enqueued[0]?.payment).toBeUndefined();
    expect(k.enqueued[0]?.beneficiary).toBeUndefined();
    expect(k.terminal.sales).toEqual([]);
    expect(k.printed[0]).toMatchObject({ totalCents: 0, lines: [{ labelEn: 'Register or update your national address', amountCents: 0 }] });
  });

  it('prices a paid form service from the catalog and charges exactly that', async () => {
    const k = makeKiosk();
    await atWelcome(k);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'renew-driving-licence' });
    await k.core.dispatch({ type: 'setField', fieldId: 'licenceType', value: 'motorcycle' });
    await k.core.dispatch({ type: 'setField', fieldId: 'delivery', value: 'post' });
    await k.core.dispatch({ type: 'submitForm' });
    expect(k.at('confirm').fees.map((f) => f.amountCents)).toEqual([15_000, 2_000]);
    expect(k.at('confirm').amountCents).toBe(17_000);
    await k.core.dispatch({ type: 'back' });
    // Back on the form, with what was typed.
    expect(k.at('form').form.values).toEqual({ licenceType: 'motorcycle', delivery: 'post' });
    await k.core.dispatch({ type: 'submitForm' });
    await k.core.dispatch({ type: 'confirmPayment' });
    expect(k.terminal.sales).toEqual([17_000]);
    k.terminal.finish(approved(17_000));
    await tick();
    expect(k.at('result').payment?.phase).toBe('approved');
    expect(k.enqueued[0]?.payload).toEqual({ beneficiary: 'self', fields: { licenceType: 'motorcycle', delivery: 'post' } });
  });

  it('shows the violations inquiry read-only: nothing to select or pay', async () => {
    const k = makeKiosk();
    await atWelcome(k);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'traffic-violations-inquiry' });
    await tick();
    expect(k.at('fines')).toMatchObject({ readOnly: true, selectedFineIds: [], amountCents: 0 });
    expect(await k.core.dispatch({ type: 'review' })).toMatchObject({ ok: false });
    expect(await k.core.dispatch({ type: 'selectFines', fineIds: ['F1'] })).toMatchObject({ ok: false });
    await k.core.dispatch({ type: 'back' });
    expect(k.step().screen).toBe('welcome');
  });
});

describe('my requests', () => {
  it('lists the shopper’s earlier requests with service names, and returns to the services', async () => {
    const k = makeKiosk();
    await atWelcome(k);
    await k.core.dispatch({ type: 'showRequests' });
    await tick();
    expect(k.at('requests').people.map((p) => p.id)).toEqual(['self']);
    expect(k.at('requests').people[0]!.requests).toEqual([
      expect.objectContaining({ reference: 'K01-20261127-000001', titleAr: 'تسجيل العنوان الوطني أو تحديثه', channel: 'this-kiosk', history: [{ status: 'queued', at: 2 }] }),
      expect.objectContaining({ reference: 'MOI-2026-0000099', localRef: 'K01-20261120-000004', titleEn: 'Pay traffic fines' }),
    ]);
    await k.core.dispatch({ type: 'back' });
    expect(k.at('welcome').services.length).toBeGreaterThan(0);
  });
});

describe('requests for a sponsored person', () => {
  it('offers the card holder and the people the ministry lists, and prices by beneficiary', async () => {
    const k = makeKiosk();
    await atWelcome(k);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'renew-residence-permit' });
    await tick();
    expect(k.at('beneficiary').beneficiaries.map((b) => b.id)).toEqual(['self', 'SP-emp']);
    expect(await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId: 'SP-nobody' })).toMatchObject({ ok: false, error: { code: 'invalid-intent' } });
    await k.core.dispatch({ type: 'chooseBeneficiary', beneficiaryId: 'SP-emp' });
    expect(k.step().screen).toBe('form');
    await k.core.dispatch({ type: 'setField', fieldId: 'years', value: 'y1' });
    await k.core.dispatch({ type: 'setField', fieldId: 'delivery', value: 'pickup' });
    await k.core.dispatch({ type: 'submitForm' });
    expect(k.at('confirm')).toMatchObject({ beneficiary: { relation: 'employee', nameEn: 'Rajesh Kumar' }, amountCents: 100_000 });
    await k.core.dispatch({ type: 'back' });
    await k.core.dispatch({ type: 'back' });
    expect(k.at('beneficiary').beneficiaries.map((b) => b.id)).toEqual(['self', 'SP-emp']);
    await k.core.dispatch({ type: 'back' });
    expect(k.step().screen).toBe('welcome');
  });

  it('asks a return permit for a sponsored resident who lost the card abroad, at the fee services.md gives', async () => {
    const k = makeKiosk();
    await atWelcome(k);
    expect(k.at('welcome').services.find((s) => s.id === 'return-permit')).toMatchObject({ available: true, pricing: 'fee', feeFromCents: 20_000, feeVaries: false, needsNetwork: false });
    await k.core.dispatch({ type: 'chooseService', serviceId: 'return-permit' });
    await tick();
    // For someone the card holder sponsors, never for themselves (they are at the kiosk, not abroad); visitors have no card to lose.
    expect(k.step().screen).toBe('form');
    expect(k.at('form').form.fields.map((f) => f.id)).toEqual(['lossReportNumber', 'lostIn', 'mobile']);
    expect(await k.core.dispatch({ type: 'setField', fieldId: 'lossReportNumber', value: 'بلاغ' })).toMatchObject({ ok: false, error: { code: 'invalid-value' } });
    for (const [fieldId, value] of Object.entries({ lossReportNumber: 'LR-2026-0917', lostIn: 'India', mobile: '55123456' })) await k.core.dispatch({ type: 'setField', fieldId, value });
    await k.core.dispatch({ type: 'submitForm' });
    expect(k.at('confirm')).toMatchObject({ beneficiary: { id: 'SP-emp', relation: 'employee' }, amountCents: 20_000, fees: [{ labelEn: 'Return permit fee', amountCents: 20_000 }] });
  });

  it('goes straight to the only possible person, and names them in the submission', async () => {
    const k = makeKiosk();
    await atWelcome(k);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'extend-visit-visa' });
    await tick();
    expect(k.step().screen).toBe('form');
    await k.core.dispatch({ type: 'setField', fieldId: 'months', value: '1' });
    await k.core.dispatch({ type: 'setField', fieldId: 'dependants', value: '0' });
    await k.core.dispatch({ type: 'submitForm' });
    expect(k.at('confirm').beneficiary).toMatchObject({ id: 'SP-vis', relation: 'visitor' });
    await k.core.dispatch({ type: 'confirmPayment' });
    k.terminal.finish(approved(20_000));
    await tick();
    expect(k.enqueued[0]?.payload).toEqual({ beneficiary: 'visitor', beneficiaryId: 'SP-vis', fields: { months: '1', dependants: '0' } });
    // Who it is for travels beside the payload, as little as places it: the opaque id and the masked passport.
    expect(k.enqueued[0]?.beneficiary).toEqual({ id: 'SP-vis', idNumberMasked: '••••••67' });
  });

  it('without the ministry list, offers only what the card holder may do alone', async () => {
    const k = makeKiosk({ finesFail: true });
    await atWelcome(k);
    await k.core.dispatch({ type: 'chooseService', serviceId: 'renew-residence-permit' });
    await tick();
    expect(k.step().screen).toBe('form');
    await k.core.dispatch({ type: 'setField', fieldId: 'years', value: 'y1' });
    await k.core.dispatch({ type: 'setField', fieldId: 'delivery', value: 'pickup' });
    await k.core.dispatch({ type: 'submitForm' });
    expect(k.at('confirm').beneficiary).toEqual({ id: 'self', relation: 'self' });
  });
});
