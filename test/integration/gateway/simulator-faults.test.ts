import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_QID, type GatewaySimulator, startGatewaySimulator, type SubmissionRequest } from '../../../gateway';
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

const submission = (n: number): SubmissionRequest => ({
  serviceId: 'national-address-update',
  applicant: { idNumber: DEMO_QID },
  payload: { zone: 45, street: n },
  submittedAt: '2026-11-28T09:00:00.000Z',
  localRef: `K01-20261128-${String(n).padStart(6, '0')}`,
  kioskId: 'K01',
});
const post = (url: string, body: unknown, key: string) => call(url, 'POST', '/v1/submissions', body, { 'idempotency-key': key });

describe('gateway simulator faults', () => {
  it('with hang-ms, some flaky requests are committed and then never answered', async () => {
    const s = await sim({ flaky: 1, hangMs: 50, seed: 3 });
    const fates = { answered503: 0, cut: 0 };
    for (let n = 1; n <= 30; n++) {
      try {
        const res = await post(s.url, submission(n), randomUUID());
        expect(res.status).toBe(503);
        fates.answered503 += 1;
      } catch {
        fates.cut += 1;
      }
    }
    // Every cut (dropped or hung) request was committed; every 503 was not.
    expect(s.submissions()).toHaveLength(fates.cut);
    expect(fates.answered503).toBeGreaterThan(0);
    expect(fates.cut).toBeGreaterThan(0);
  });

  it('a replay after a lost answer gets the first answer, and one record', async () => {
    const s = await sim({ flaky: 1, seed: 5 });
    const key = randomUUID();
    const body = submission(1);
    for (let i = 0; i < 20 && s.submissions().length === 0; i++) await post(s.url, body, key).catch(() => undefined);
    expect(s.submissions()).toHaveLength(1);
    s.setFlaky(0);
    const replay = await post(s.url, body, key);
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((replay.json as { ministryRef: string }).ministryRef).toBe(s.submissions()[0]!.ministryRef);
    expect(s.submissions()).toHaveLength(1);
  });

  it('rejects a share of accepted requests later, visible in their status', async () => {
    const s = await sim({ rejectLater: 1, rejectAfterMs: 20 });
    const res = await post(s.url, submission(1), randomUUID());
    expect(res.status).toBe(201);
    const ref = (res.json as { ministryRef: string }).ministryRef;
    expect((await call(s.url, 'GET', `/v1/submissions/${ref}`)).json).toMatchObject({ status: 'received' });
    await new Promise((r) => setTimeout(r, 60));
    expect((await call(s.url, 'GET', `/v1/submissions/${ref}`)).json).toMatchObject({ status: 'rejected', reason: { code: 'rejected-on-review' } });
  });

  it('a reset before recording records nothing; a lost acknowledgement (reset after recording) records once', async () => {
    const s = await sim({ faults: { resetBefore: 1 }, seed: 1 });
    const before = await post(s.url, submission(1), randomUUID()).catch((e: NodeJS.ErrnoException) => e);
    expect((before as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    expect(s.submissions()).toHaveLength(0);
    s.setFaults({ lostAck: 1 });
    const key = randomUUID();
    const after = await post(s.url, submission(2), key).catch((e: NodeJS.ErrnoException) => e);
    expect((after as NodeJS.ErrnoException).code).toBe('ECONNRESET');
    expect(s.submissions().map((r) => r.idempotencyKey)).toEqual([key]);
  });

  it('a slow request holds its key "in progress": a retry gets 409 idempotency-in-progress with Retry-After, another body 409 idempotency-conflict', async () => {
    const s = await sim({ faults: { slow: 1 }, slowMs: 300, retryAfterS: 2 });
    const key = randomUUID();
    const first = post(s.url, submission(1), key);
    await new Promise((r) => setTimeout(r, 50));
    s.setFaults({});
    const retry = await post(s.url, submission(1), key);
    expect(retry.status).toBe(409);
    expect(retry.json).toEqual({ code: 'idempotency-in-progress', message: expect.any(String) });
    expect(retry.headers['retry-after']).toBe('2');
    const other = await post(s.url, submission(9), key);
    expect(other.status).toBe(409);
    expect(other.json).toMatchObject({ code: 'idempotency-conflict' });
    expect(other.headers['retry-after']).toBeUndefined();
    expect(s.submissions()).toHaveLength(0); // not recorded until processing ends
    expect((await first).status).toBe(201);
    expect((await post(s.url, submission(1), key)).status).toBe(200);
    expect(s.submissions()).toHaveLength(1);
  });

  it('draws each fault about as often as its share, and refuses an impossible mix', async () => {
    const s = await sim({ faults: { unavailable: 0.3, resetBefore: 0.2, lostAck: 0.2 }, seed: 11, retryAfterS: 0 });
    const seen = { ok: 0, unavailable: 0, reset: 0 };
    for (let n = 1; n <= 200; n++) {
      const res = await post(s.url, submission(n), randomUUID()).catch(() => undefined);
      if (!res) seen.reset += 1;
      else if (res.status === 503) seen.unavailable += 1;
      else seen.ok += 1;
    }
    expect(seen.unavailable).toBeGreaterThan(35);
    expect(seen.reset).toBeGreaterThan(55);
    expect(seen.ok).toBeGreaterThan(40);
    // Recorded: every answered success and every lost acknowledgement, nothing else.
    expect(s.submissions().length).toBeGreaterThan(seen.ok);
    expect(s.submissions().length).toBeLessThan(seen.ok + seen.reset);
    expect(() => s.setFaults({ unavailable: 0.7, lostAck: 0.5 })).toThrow(RangeError);
    await expect(startGatewaySimulator({ faults: { unavailable: 2 } })).rejects.toThrow(RangeError);
  });
});
