import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_QID, demoFines, demoSponsoredPeople, type GatewaySimulator, startGatewaySimulator, type SubmissionRequest } from '../../../gateway';
import { call } from './http';

const sims: GatewaySimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});
async function sim(opts: Parameters<typeof startGatewaySimulator>[0] = {}) {
  const s = await startGatewaySimulator(opts);
  sims.push(s);
  return s;
}

function submission(over: Partial<SubmissionRequest> = {}): SubmissionRequest {
  return {
    serviceId: 'national-address-update',
    applicant: { idNumber: DEMO_QID },
    payload: { zone: 45, street: 870, building: 12 },
    submittedAt: new Date().toISOString(),
    localRef: 'K01-20261128-000001',
    kioskId: 'K01',
    ...over,
  };
}
const post = (url: string, body: unknown, key: string = randomUUID()) => call(url, 'POST', '/v1/submissions', body, { 'idempotency-key': key });

describe('gateway simulator over HTTP', () => {
  it('listens on a random 127.0.0.1 port and answers health', async () => {
    const s = await sim();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await call(s.url, 'GET', '/v1/health');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 'ok' });
  });

  it('same key twice: one record, same ministryRef, the replay marked as such', async () => {
    const s = await sim();
    const body = submission();
    const key = randomUUID();
    const first = await post(s.url, body, key);
    // The retry is the same JSON with its keys in another order, as another serialiser may send it.
    const reordered = Object.fromEntries(Object.entries(JSON.parse(JSON.stringify(body)) as object).reverse());
    const second = await post(s.url, reordered, key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(second.json).toEqual(first.json);
    expect(s.submissions()).toHaveLength(1);
    expect(s.submissions()[0]).toMatchObject({ idempotencyKey: key, localRef: body.localRef, ministryRef: (first.json as { ministryRef: string }).ministryRef });
  });

  it('same key with a different body: 409 idempotency-conflict, nothing recorded', async () => {
    const s = await sim();
    const key = randomUUID();
    const body = submission();
    expect((await post(s.url, body, key)).status).toBe(201);
    const conflict = await post(s.url, { ...body, payload: { zone: 46 } }, key);
    expect(conflict.status).toBe(409);
    expect(conflict.json).toEqual({ code: 'idempotency-conflict', message: expect.any(String) });
    expect(s.submissions()).toHaveLength(1);
  });

  it('answers the sponsorships inquiry: the demo card sponsors an employee, a family member and a visitor', async () => {
    const s = await sim();
    const res = await call(s.url, 'POST', '/v1/sponsorships/inquiry', { idNumber: DEMO_QID });
    expect(res.status).toBe(200);
    const { people } = res.json as { people: { relation: string; givenNames: string; surname: string; documentValidUntil?: string }[] };
    expect(people.map((p) => [p.relation, `${p.givenNames} ${p.surname}`])).toEqual([
      ['employee', 'Rajesh Kumar'],
      ['family', 'Maryam Al-Kuwari'],
      ['visitor', 'Fatima Ahmed'],
    ]);
    expect(Date.parse(people[2]!.documentValidUntil!)).toBeGreaterThan(Date.now());
    expect(res.json).toEqual({ people: demoSponsoredPeople(DEMO_QID) });
    expect(res.text).not.toContain(DEMO_QID);
    const other = await call(s.url, 'POST', '/v1/sponsorships/inquiry', { idNumber: '29012345678' });
    expect(other.json).toEqual({ people: demoSponsoredPeople('29012345678') });
    const bad = await call(s.url, 'POST', '/v1/sponsorships/inquiry', { idNumber: '18463400123' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: 'invalid-request' });
    expect(bad.text).not.toContain('18463400123');
    expect((await call(s.url, 'POST', '/v1/sponsorships/inquiry', { idNumber: DEMO_QID, extra: 1 })).status).toBe(400);
    expect((await call(s.url, 'GET', '/v1/sponsorships/inquiry')).status).toBe(405);
  });

  it('validates bodies and the key with 400, never echoing the personal id', async () => {
    const s = await sim();
    const badQid = await post(s.url, submission({ applicant: { idNumber: '18463400123' } }));
    expect(badQid.status).toBe(400);
    expect(badQid.json).toMatchObject({ code: 'invalid-request' });
    expect(badQid.text).not.toContain('18463400123');
    expect((await call(s.url, 'POST', '/v1/submissions', submission())).status).toBe(400); // no key
    expect((await post(s.url, submission(), 'not-a-uuid')).status).toBe(400);
    expect((await post(s.url, '{"serviceId":')).json).toMatchObject({ code: 'invalid-request' });
    expect((await call(s.url, 'POST', '/v1/traffic-fines/inquiry', { idNumber: DEMO_QID, extra: 1 })).status).toBe(400);
    expect((await call(s.url, 'GET', '/v1/nope')).status).toBe(404);
    expect((await call(s.url, 'GET', '/v1/submissions')).status).toBe(405);
    expect(s.submissions()).toEqual([]);
  });

  it('pays fines: they disappear from the next inquiry; paying again is a 422', async () => {
    const s = await sim();
    const inquiry = await call(s.url, 'POST', '/v1/traffic-fines/inquiry', { idNumber: DEMO_QID });
    const fines = (inquiry.json as { fines: { id: string; amountCents: number }[] }).fines;
    expect(fines.map((f) => f.id)).toEqual(demoFines(DEMO_QID).map((f) => f.id));
    const pay = (localRef: string) =>
      submission({
        serviceId: 'pay-traffic-fines',
        payload: { fineIds: fines.map((f) => f.id) },
        payment: { amountCents: 800_00, currency: 'QAR', reference: '000123', authCode: '654321', cardType: 'Visa', panMasked: '476173******0010' },
        localRef,
      });
    expect((await post(s.url, pay('K01-20261128-000007'))).status).toBe(201);
    expect(s.finesPaid(DEMO_QID)).toEqual(fines.map((f) => f.id));
    const after = await call(s.url, 'POST', '/v1/traffic-fines/inquiry', { idNumber: DEMO_QID });
    expect(after.json).toEqual({ fines: [] });
    const twice = await post(s.url, pay('K01-20261128-000008'));
    expect(twice.status).toBe(422);
    expect(twice.json).toMatchObject({ code: 'fine-already-paid' });
  });

  it('serves submission status, including a later rejection', async () => {
    const s = await sim();
    const res = await post(s.url, submission());
    const ref = (res.json as { ministryRef: string }).ministryRef;
    expect((await call(s.url, 'GET', `/v1/submissions/${ref}`)).json).toMatchObject({ ministryRef: ref, status: 'received' });
    s.setStatus(ref, 'rejected', { code: 'address-unknown', message: 'The address could not be verified.' });
    expect((await call(s.url, 'GET', `/v1/submissions/${ref}`)).json).toMatchObject({ status: 'rejected', reason: { code: 'address-unknown' } });
    expect((await call(s.url, 'GET', '/v1/submissions/MOI-2026-9999999')).status).toBe(404);
  });

  it('down: connections are cut; up again: served', async () => {
    const s = await sim({ down: true });
    await expect(call(s.url, 'GET', '/v1/health')).rejects.toThrow();
    s.setDown(false);
    expect((await call(s.url, 'GET', '/v1/health')).status).toBe(200);
    s.setDown(true);
    await expect(post(s.url, submission())).rejects.toThrow();
    expect(s.submissions()).toEqual([]);
  });

  it('latency delays answers', async () => {
    const s = await sim({ latencyMs: 150 });
    const t = Date.now();
    await call(s.url, 'GET', '/v1/health');
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    s.setLatency(0);
    const t2 = Date.now();
    await call(s.url, 'GET', '/v1/health');
    expect(Date.now() - t2).toBeLessThan(140);
  });

  it('flaky: some requests get 503 + Retry-After (nothing recorded), some are committed and the answer dropped', async () => {
    const s = await sim({ flaky: 0.6, seed: 42, retryAfterS: 2 });
    let ok = 0;
    let unavailable = 0;
    let dropped = 0;
    const keys: string[] = [];
    for (let i = 0; i < 40; i++) {
      const key = randomUUID();
      keys.push(key);
      try {
        const res = await post(s.url, submission({ localRef: `K01-20261128-${String(i).padStart(6, '0')}` }), key);
        if (res.status === 503) {
          unavailable += 1;
          expect(res.headers['retry-after']).toBe('2');
          expect(res.json).toMatchObject({ code: 'unavailable' });
        } else {
          expect(res.status).toBe(201);
          ok += 1;
        }
      } catch {
        dropped += 1;
      }
    }
    expect(ok).toBeGreaterThan(0);
    expect(unavailable).toBeGreaterThan(0);
    expect(dropped).toBeGreaterThan(0);
    // Dropped answers were committed: the ledger has the successes plus the drops.
    expect(s.submissions()).toHaveLength(ok + dropped);
    expect(() => s.setFlaky(1.5)).toThrow(RangeError);
  });
});
