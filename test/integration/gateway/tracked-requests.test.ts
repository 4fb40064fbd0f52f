import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_QID, demoFines, demoSponsoredPeople } from '../../../gateway';
import { caught, useGatewayHarness } from '../../support/gateway-harness';

const { sim, scripted, client } = useGatewayHarness();

describe('GatewayClient.trackedRequests against the simulator', () => {
  it('lists the demo card holder’s requests from every channel and each sponsored person’s, and a kiosk’s delivered ones beside them', async () => {
    const s = await sim();
    const c = client(s.url);
    const before = await c.trackedRequests(DEMO_QID);
    const registration = before.own.find((r) => r.serviceId === 'renew-vehicle-registration')!;
    const unpaid = demoFines(DEMO_QID).reduce((sum, f) => sum + f.amountCents, 0);
    expect(registration).toMatchObject({ channel: 'website', outstandingFee: { amountCents: unpaid, serviceId: 'pay-traffic-fines' } });
    expect(registration.history.at(-1)!.status).toBe('awaiting-payment');
    expect(new Set(before.own.map((r) => r.channel))).toEqual(new Set(['website', 'app', 'service-centre']));
    expect(before.sponsored.map((g) => g.person.id)).toEqual(demoSponsoredPeople(DEMO_QID).map((p) => p.id));
    expect(before.sponsored.map((g) => g.requests.length)).toEqual([1, 2, 1]);
    // The family member's ID card waits for its fee, a financial claim (paid at a kiosk too).
    expect(before.sponsored[1]!.requests[0]).toMatchObject({ channel: 'service-centre', outstandingFee: { amountCents: 10000, serviceId: 'pay-financial-claims' } });

    // The kiosk pays the fines and asks for its employee: both come back as kiosk requests.
    const fineIds = demoFines(DEMO_QID).map((f) => f.id);
    const paid = await c.submit(
      { serviceId: 'pay-traffic-fines', applicant: { idNumber: DEMO_QID }, payload: { fineIds }, payment: { amountCents: unpaid, currency: 'QAR', reference: '000042' }, submittedAt: new Date().toISOString(), localRef: 'K01-20261204-000001' },
      randomUUID(),
    );
    const rajesh = before.sponsored[0]!.person;
    const forRajesh = await c.submit(
      { serviceId: 'renew-residence-permit', applicant: { idNumber: DEMO_QID }, payload: { beneficiary: 'employee', beneficiaryId: rajesh.id, fields: {} }, submittedAt: new Date().toISOString(), localRef: 'K01-20261204-000002' },
      randomUUID(),
    );
    expect([paid.kind, forRajesh.kind]).toEqual(['delivered', 'delivered']);
    const after = await c.trackedRequests(DEMO_QID);
    expect(after.own[0]).toMatchObject({ channel: 'kiosk', localRef: 'K01-20261204-000001', serviceId: 'pay-traffic-fines' });
    expect(after.own.find((r) => r.serviceId === 'renew-vehicle-registration')).toMatchObject({ history: expect.arrayContaining([expect.objectContaining({ status: 'in-review' })]) });
    expect(after.own.find((r) => r.serviceId === 'renew-vehicle-registration')!.outstandingFee).toBeUndefined();
    expect(after.sponsored[0]!.requests[0]).toMatchObject({ channel: 'kiosk', localRef: 'K01-20261204-000002', ministryRef: (forRajesh as { ministryRef: string }).ministryRef });
    // Someone else's card sees none of it.
    const other = await c.trackedRequests('29012345678');
    expect([...other.own, ...other.sponsored.flatMap((g) => g.requests)].some((r) => r.channel === 'kiosk')).toBe(false);
  });

  it('a lying or failing gateway is a typed error naming the field, never the QID; down is unreachable', async () => {
    const person = { id: 'SP-1', relation: 'employee', givenNamesAr: 'راجيش', surnameAr: 'كومار', givenNames: 'Rajesh', surname: 'Kumar', idNumberMasked: '356••••••71' };
    const request = { ministryRef: 'MOI-1', channel: 'website', serviceId: 'renew-residence-permit', title: { ar: 'تجديد الإقامة', en: 'Renew a residence permit' }, submittedAt: '2026-12-01T08:00:00Z', history: [{ status: 'received', at: '2026-12-01T08:00:00Z' }] };
    const answers = [
      { status: 200, body: '{"own": [' },
      { status: 200, body: JSON.stringify({ own: [{ ...request, history: [] }], sponsored: [] }) },
      { status: 200, body: JSON.stringify({ own: [], sponsored: [{ person: { ...person, idNumberMasked: '35635600871' }, requests: [] }] }) },
      { status: 200, body: JSON.stringify({ own: [{ ...request, outstandingFee: { amountCents: -5, serviceId: 'pay-traffic-fines' } }], sponsored: [] }) },
      { status: 503, body: JSON.stringify({ code: 'unavailable', message: 'busy' }), headers: { 'retry-after': '4' } },
      { status: 400, body: JSON.stringify({ code: 'invalid-request', message: 'idNumber: not a QID' }) },
      { status: 404, body: '' },
      { status: 200, body: JSON.stringify({ own: [request], sponsored: [{ person, requests: [request] }] }) },
    ];
    const { url, seen } = await scripted(answers);
    const c = client(url);
    expect(await caught(c.trackedRequests(DEMO_QID))).toMatchObject({ code: 'bad-response', details: { status: 200 } });
    expect((await caught(c.trackedRequests(DEMO_QID))).message).toMatch(/own\.0\.history/);
    const unmasked = await caught(c.trackedRequests(DEMO_QID));
    expect(unmasked.message).toMatch(/sponsored\.0\.person\.idNumberMasked/);
    expect(unmasked.message).not.toContain('35635600871');
    expect((await caught(c.trackedRequests(DEMO_QID))).message).toMatch(/own\.0\.outstandingFee\.amountCents/);
    expect(await caught(c.trackedRequests(DEMO_QID))).toMatchObject({ code: 'unavailable', details: { status: 503, retryAfterMs: 4000 } });
    expect((await caught(c.trackedRequests(DEMO_QID))).code).toBe('invalid-request');
    expect((await caught(c.trackedRequests(DEMO_QID))).code).toBe('bad-response');
    expect((await c.trackedRequests(DEMO_QID)).sponsored[0]!.requests).toHaveLength(1);
    expect(seen[0]).toBe(`POST /v1/requests/inquiry {"idNumber":"${DEMO_QID}"}`);
    const invalid = await caught(c.trackedRequests('12345678901'));
    expect(invalid.code).toBe('invalid-input');
    expect(invalid.message).not.toContain('12345678901');
    expect(seen).toHaveLength(8);
    const s = await sim();
    s.setDown(true);
    const down = await caught(client(s.url).trackedRequests(DEMO_QID));
    expect(down.code).toBe('unreachable');
    expect(down.message).not.toContain(DEMO_QID);
  });
});
