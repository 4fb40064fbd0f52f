import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, type AuditEntriesReceipt, DEMO_QID, demoFines, type GatewaySimulator, startGatewaySimulator } from '../../../gateway';
import { auditEntryHash } from '../../../gateway/sim-audit';
import { check, loadOpenApi, responseSchema } from '../../support/openapi-doc';
import { call, type RawResponse } from './http';

/**
 * Drives the simulator through every documented answer and checks each one against the schema
 * openapi.yaml gives for that operation and status: the simulator is what `npm start` and the
 * tests use in place of the ministry, so it must not drift from the contract.
 */
const doc = loadOpenApi();
let sim: GatewaySimulator;
beforeAll(async () => {
  sim = await startGatewaySimulator({ seed: 7 });
});
afterAll(() => sim.close());

function conforms(method: string, path: string, res: RawResponse): void {
  const schema = responseSchema(doc, method, path, res.status);
  expect(schema, `${method} ${path} ${res.status} is documented`).toBeDefined();
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(check(doc, schema!, res.json), `${method} ${path} ${res.status}`).toEqual([]);
}

const body = (over: Record<string, unknown> = {}) => ({
  serviceId: 'pay-traffic-fines',
  applicant: { idNumber: DEMO_QID },
  payload: { fineIds: demoFines(DEMO_QID).map((f) => f.id) },
  payment: { amountCents: 800_00, currency: 'QAR', reference: '000123', cardType: 'Visa', panMasked: '476173******0010' },
  submittedAt: '2026-11-28T09:16:30+03:00',
  localRef: 'K01-20261128-000123',
  kioskId: 'K01',
  ...over,
});

describe('simulator answers match gateway/openapi.yaml', () => {
  it('GET /v1/health', async () => {
    conforms('get', '/v1/health', await call(sim.url, 'GET', '/v1/health'));
  });

  it('POST /v1/traffic-fines/inquiry: 200 with fines, 200 without, 400', async () => {
    const path = '/v1/traffic-fines/inquiry';
    for (const idNumber of [DEMO_QID, '29012345678', '30011122233']) conforms('post', path, await call(sim.url, 'POST', path, { idNumber }));
    conforms('post', path, await call(sim.url, 'POST', path, { idNumber: 'x' }));
  });

  it('POST /v1/sponsorships/inquiry: 200 with people, 200 without, 400', async () => {
    const path = '/v1/sponsorships/inquiry';
    const answers = await Promise.all([DEMO_QID, '29012345678', '30011122233', '21234567890'].map((idNumber) => call(sim.url, 'POST', path, { idNumber })));
    for (const res of answers) conforms('post', path, res);
    expect((answers[0]!.json as { people: unknown[] }).people).toHaveLength(3);
    const invalid = await call(sim.url, 'POST', path, { idNumber: '18463400123' });
    expect(invalid.status).toBe(400);
    conforms('post', path, invalid);
  });

  it('POST /v1/submissions: 201, replayed 200, 409, 422, 400', async () => {
    const path = '/v1/submissions';
    const key = randomUUID();
    const first = await call(sim.url, 'POST', path, body(), { 'idempotency-key': key });
    expect(first.status).toBe(201);
    conforms('post', path, first);
    const replay = await call(sim.url, 'POST', path, body(), { 'idempotency-key': key });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    conforms('post', path, replay);
    const conflict = await call(sim.url, 'POST', path, body({ localRef: 'K01-20261128-000124' }), { 'idempotency-key': key });
    expect(conflict.status).toBe(409);
    conforms('post', path, conflict);
    const paidAgain = await call(sim.url, 'POST', path, body({ localRef: 'K01-20261128-000125' }), { 'idempotency-key': randomUUID() });
    expect(paidAgain.status).toBe(422);
    conforms('post', path, paidAgain);
    const invalid = await call(sim.url, 'POST', path, body({ kioskId: 'k-1' }), { 'idempotency-key': randomUUID() });
    expect(invalid.status).toBe(400);
    conforms('post', path, invalid);
  });

  it('POST /v1/kiosks/{kioskId}/config-reports: 201, replayed 200 recording nothing, 409, 400', async () => {
    const path = '/v1/kiosks/{kioskId}/config-reports';
    const url = '/v1/kiosks/K07/config-reports';
    const report = { outcome: 'rolled-back', version: 8, inForce: 7, code: 'health-check-failed', reason: 'dry-run: no fee', refusedAt: '2026-11-28T09:20:00Z' };
    const key = randomUUID();
    const first = await call(sim.url, 'POST', url, report, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    conforms('post', path, first);
    const replay = await call(sim.url, 'POST', url, { ...report }, { 'idempotency-key': key });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json).toEqual(first.json);
    conforms('post', path, replay);
    const conflict = await call(sim.url, 'POST', url, { ...report, version: 9 }, { 'idempotency-key': key });
    expect(conflict.status).toBe(409);
    conforms('post', path, conflict);
    for (const [bad, headers] of [[{ ...report, reason: '' }, { 'idempotency-key': randomUUID() }], [report, {}]] as const) {
      const invalid = await call(sim.url, 'POST', url, bad, headers);
      expect(invalid.status).toBe(400);
      conforms('post', path, invalid);
    }
    expect(sim.configReports('K07').map((r) => r.report.version)).toEqual([8]);
  });

  it('POST /v1/kiosks/{kioskId}/audit-entries: 201, replayed 200 recording nothing, 409, 422, 400', async () => {
    const path = '/v1/kiosks/{kioskId}/audit-entries';
    const url = '/v1/kiosks/K08/audit-entries';
    const entry = (seq: number, prevHash: string, action = 'selftest') => {
      const e = { seq, at: 1_764_322_800_000 + seq, actor: '284••••••23', action, detail: `{"n":${seq}}`, prevHash };
      return { ...e, hash: auditEntryHash(e) };
    };
    const one = entry(1, AUDIT_GENESIS_HASH, 'technician-card');
    const two = entry(2, one.hash);
    const first = await call(sim.url, 'POST', url, { entries: [one] });
    expect(first.status).toBe(201);
    conforms('post', path, first);
    // The answer to [one, two] was lost: the kiosk sends both again, and only two is new.
    const both = await call(sim.url, 'POST', url, { entries: [one, two] });
    expect(both.status).toBe(201);
    expect((both.json as AuditEntriesReceipt).entries.map((e) => e.result)).toEqual(['replayed', 'recorded']);
    conforms('post', path, both);
    const replay = await call(sim.url, 'POST', url, { entries: [one, two] });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    conforms('post', path, replay);
    const fork = await call(sim.url, 'POST', url, { entries: [entry(2, one.hash, 'exit')] });
    expect([fork.status, (fork.json as { code: string }).code]).toEqual([409, 'seq-conflict']);
    conforms('post', path, fork);
    const forged = await call(sim.url, 'POST', url, { entries: [{ ...entry(3, two.hash), detail: '{"n":4}' }] });
    expect([forged.status, (forged.json as { code: string }).code]).toEqual([422, 'hash-mismatch']);
    conforms('post', path, forged);
    const unlinked = await call(sim.url, 'POST', url, { entries: [entry(3, one.hash)] });
    expect([unlinked.status, (unlinked.json as { code: string }).code]).toEqual([422, 'chain-broken']);
    conforms('post', path, unlinked);
    // A refused batch records none of it, not even its good entries.
    const half = await call(sim.url, 'POST', url, { entries: [entry(3, two.hash), { ...entry(4, two.hash) }] });
    expect(half.status).toBe(422);
    const invalid = await call(sim.url, 'POST', url, { entries: [] });
    expect(invalid.status).toBe(400);
    conforms('post', path, invalid);
    expect(sim.auditEntries('K08').map((e) => e.seq)).toEqual([1, 2]);
    expect(sim.verifyAudit('K08')).toEqual({ ok: true, entries: 2, head: two.hash });
  });

  it('GET /v1/submissions/{ministryRef}: 200 (also after a later rejection) and 404', async () => {
    const created = await call(sim.url, 'POST', '/v1/submissions', body({ serviceId: 'national-address-update', payload: { zone: 1 }, payment: undefined, localRef: 'K01-20261128-000200' }), {
      'idempotency-key': randomUUID(),
    });
    const ref = (created.json as { ministryRef: string }).ministryRef;
    conforms('get', '/v1/submissions/{ministryRef}', await call(sim.url, 'GET', `/v1/submissions/${ref}`));
    sim.setStatus(ref, 'rejected', { code: 'address-unknown', message: 'The address could not be verified.' });
    conforms('get', '/v1/submissions/{ministryRef}', await call(sim.url, 'GET', `/v1/submissions/${ref}`));
    conforms('get', '/v1/submissions/{ministryRef}', await call(sim.url, 'GET', '/v1/submissions/MOI-0'));
  });

  it('503 answers carry Retry-After and the documented error body', async () => {
    const flaky = await startGatewaySimulator({ flaky: 1, seed: 1 });
    try {
      let seen: RawResponse | undefined;
      for (let i = 0; i < 20 && !seen; i++) {
        const res = await call(flaky.url, 'GET', '/v1/health').catch(() => undefined); // the other half are dropped
        if (res?.status === 503) seen = res;
      }
      expect(seen).toBeDefined();
      expect(seen!.headers['retry-after']).toMatch(/^\d+$/);
      conforms('get', '/v1/health', seen!);
    } finally {
      await flaky.close();
    }
  });
});
