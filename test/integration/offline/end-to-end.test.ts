import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type GatewaySimulator, startGatewaySimulator } from '../../../gateway';
import { GatewayClient, outboxSender, type QueuedSubmission } from '../../../main/gateway';
import { openKioskDb, Outbox, OutboxDelivery } from '../../../offline-cache';
import { goneSenderId } from '../../support/senders';

/**
 * The whole offline path on real parts: a SQLite file, the delivery loop, the HTTP client and the
 * gateway simulator. The simulator's own record is the judge of exactly-once.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function rig(simOpts: Parameters<typeof startGatewaySimulator>[0] = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const sim = await startGatewaySimulator(simOpts);
  cleanups.push(() => sim.close());
  const file = join(dir, 'kiosk.db');
  /** A kiosk process; `sender` stands for the id of one that was killed (see senders.ts). */
  const start = (sender?: string) => {
    const db = openKioskDb(file);
    const outbox = new Outbox(db, { kioskId: 'K01', ...(sender && { sender }) });
    const client = new GatewayClient({ baseUrl: sim.url, kioskId: 'K01', timeoutMs: 2000 });
    const delivery = new OutboxDelivery(outbox, outboxSender(client), { baseDelayMs: 20, maxDelayMs: 200, maxRetryAfterMs: 100, pollMs: 50 });
    cleanups.push(async () => {
      await delivery.stop();
      if (db.open) db.close();
    });
    return { db, outbox, client, delivery };
  };
  return { sim, file, start };
}

// A pseudonym, as the kiosk would store: the outbox never sees the QID in clear outside the payload.
const personKey = (qid: string) => createHmac('sha256', 'kiosk-secret').update(qid).digest('hex').slice(0, 32);
const qid = (n: number) => `2${String(8_000_000_000 + n * 104_729).padStart(10, '0')}`;

function queued(idNumber: string, n: number): QueuedSubmission {
  return { serviceId: 'national-address-update', applicant: { idNumber }, payload: { zone: 40 + (n % 50), building: n }, submittedAt: new Date().toISOString() };
}

async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function expectExactlyOnce(sim: GatewaySimulator, outbox: Outbox, count: number): void {
  const records = sim.submissions();
  expect(records).toHaveLength(count);
  expect(new Set(records.map((r) => r.idempotencyKey)).size).toBe(count);
  expect(new Set(records.map((r) => r.localRef)).size).toBe(count);
  const byLocalRef = new Map(records.map((r) => [r.localRef, r.ministryRef]));
  const entries = outbox.list();
  expect(entries).toHaveLength(count);
  for (const e of entries) {
    expect(e.state).toBe('delivered');
    // The kiosk's local reference now maps to the ministry's, and both sides agree.
    expect(e.ministryRef).toBe(byLocalRef.get(e.localRef));
    expect(e.payload).toBeUndefined(); // purged once acknowledged
  }
}

describe('outbox delivery to the gateway, end to end', () => {
  it('gateway down: 3 queued, nothing delivered; gateway back: all 3 delivered exactly once', async () => {
    const { sim, start } = await rig({ down: true });
    const { outbox, delivery } = start();
    let retries = 0;
    delivery.on('retry', () => (retries += 1));
    delivery.start();
    for (let i = 0; i < 3; i++) outbox.enqueue({ serviceId: 'national-address-update', personKey: personKey(qid(i)), payload: queued(qid(i), i) });
    delivery.kick();
    await until(() => retries >= 6, 10_000, 'retries while down');
    expect(sim.submissions()).toEqual([]);
    expect(outbox.stats()).toMatchObject({ delivered: 0, rejected: 0 });
    expect(outbox.list().every((e) => e.lastError === 'unreachable')).toBe(true);

    sim.setDown(false);
    delivery.kick();
    await until(() => outbox.stats().delivered === 3, 10_000, 'delivery after the gateway returned');
    expectExactlyOnce(sim, outbox, 3);
  });

  it('flaky 0.5, 50 submissions from 10 people: all delivered exactly once, each person in order', async () => {
    const { sim, start } = await rig({ flaky: 0.5, seed: 2026 });
    const { outbox, delivery } = start();
    let retries = 0;
    delivery.on('retry', () => (retries += 1));
    const order = new Map<string, string[]>();
    for (let i = 0; i < 50; i++) {
      const who = qid(i % 10);
      const e = outbox.enqueue({ serviceId: 'national-address-update', personKey: personKey(who), payload: queued(who, i) });
      order.set(who, [...(order.get(who) ?? []), e.localRef]);
    }
    delivery.start();
    await until(() => outbox.stats().delivered === 50, 45_000, '50 deliveries through a flaky gateway');
    expect(retries).toBeGreaterThan(10); // the flakiness was real
    expectExactlyOnce(sim, outbox, 50);
    // The gateway received each person's requests in the order the kiosk accepted them.
    for (const [who, refs] of order) {
      expect(sim.submissions().filter((r) => r.request.applicant.idNumber === who).map((r) => r.localRef)).toEqual(refs);
    }
  });

  it('a crash after the gateway committed but before the kiosk recorded it: redelivered once, same ministryRef', async () => {
    const { sim, start } = await rig();
    const first = start(goneSenderId());
    const entry = first.outbox.enqueue({ serviceId: 'national-address-update', personKey: personKey(qid(1)), payload: queued(qid(1), 1) });
    const [claimed] = first.outbox.claimDue(Date.now(), 1);
    const outcome = await outboxSender(first.client)(claimed!); // the gateway has it now...
    expect(outcome.kind).toBe('delivered');
    first.db.close(); // ...and the kiosk dies before markDelivered.

    const second = start();
    expect(second.outbox.recoveredOnOpen).toBe(1);
    second.delivery.start();
    await until(() => second.outbox.stats().delivered === 1, 10_000, 'redelivery after restart');
    expect(second.outbox.get(entry.id)?.ministryRef).toBe((outcome as { ministryRef: string }).ministryRef);
    expect(sim.submissions()).toHaveLength(1);
  });

  it('a business rejection is dead-lettered with its code and payload kept for reconciliation', async () => {
    const { sim, start } = await rig();
    const { outbox, delivery } = start();
    const rejected = new Promise((r) => delivery.once('rejected', r));
    const e = outbox.enqueue({
      serviceId: 'pay-traffic-fines',
      personKey: personKey(qid(3)),
      paymentRef: 'ZVT-000777',
      payload: {
        serviceId: 'pay-traffic-fines',
        applicant: { idNumber: qid(3) },
        payload: { fineIds: ['TF-DEADBEEF'] },
        payment: { amountCents: 500_00, currency: 'QAR', reference: '000777' },
        submittedAt: new Date().toISOString(),
      } satisfies QueuedSubmission,
    });
    delivery.start();
    await rejected;
    expect(outbox.get(e.id)).toMatchObject({ state: 'rejected', rejectCode: 'unknown-fine', paymentRef: 'ZVT-000777', attempts: 1 });
    expect(outbox.get(e.id)?.payload).toBeDefined();
    expect(sim.submissions()).toEqual([]);
  });
});
