import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_QID, demoFines, startGatewaySimulator } from '../../../gateway';
import { GatewayClient, outboxSender, type QueuedSubmission } from '../../../main/gateway';
import { aesGcmCodec, openKioskDb, Outbox, OutboxDelivery, type OutboxEntry } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

/** Dead letters on real parts (SQLite file, HTTP client, gateway simulator): they keep the payment link. */
const tmp = useTempDir();
const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

async function rig() {
  const gw = await startGatewaySimulator({ seed: 2 });
  stops.push(() => gw.close());
  const db = openKioskDb(tmp.path());
  stops.push(() => db.close());
  const outbox = new Outbox(db, { codec: aesGcmCodec({ payloadKey: () => Buffer.alloc(32, 3) }) });
  const client = new GatewayClient({ baseUrl: gw.url, kioskId: 'K01', timeoutMs: 2000 });
  const delivery = new OutboxDelivery(outbox, outboxSender(client), { baseDelayMs: 20, maxDelayMs: 100, pollMs: 50 });
  stops.push(() => delivery.stop());
  return { gw, outbox, client, delivery };
}

const next = (d: OutboxDelivery, event: 'rejected' | 'delivered') => new Promise<OutboxEntry>((r) => d.once(event, r));

describe('dead letters against the gateway simulator', () => {
  it('a paid request the ministry refuses (fine already paid) is a dead letter with its reason and payment link', async () => {
    const { gw, outbox, delivery } = await rig();
    const fine = demoFines(DEMO_QID)[0]!;
    const pay = (ref: string): QueuedSubmission => ({
      serviceId: 'pay-traffic-fines',
      applicant: { idNumber: DEMO_QID },
      payload: { fineIds: [fine.id] },
      payment: { amountCents: fine.amountCents, currency: 'QAR', reference: ref },
      submittedAt: '2026-11-28T09:00:00.000Z',
    });
    // Two kiosks' worth of the same fine: the second payment cannot be applied.
    const first = outbox.enqueue({ serviceId: 'pay-traffic-fines', personKey: 'p1', payload: pay('ZVT-1'), paymentRef: 'ZVT-1' });
    const second = outbox.enqueue({ serviceId: 'pay-traffic-fines', personKey: 'p1', payload: pay('ZVT-2'), paymentRef: 'ZVT-2' });
    const rejected = next(delivery, 'rejected');
    delivery.start();
    const dead = await rejected;
    expect(dead).toMatchObject({ id: second.id, state: 'rejected', rejectCode: 'fine-already-paid', paymentRef: 'ZVT-2' });
    expect(outbox.get(first.id)!.state).toBe('delivered');
    expect(outbox.records({ state: ['rejected', 'expired'], paid: true })).toMatchObject([{ localRef: second.localRef, paymentRef: 'ZVT-2' }]);
    expect(gw.submissions()).toHaveLength(1);
  });

  it('an idempotency conflict is a dead letter that says what to check, never a resend under a new key', async () => {
    const { gw, outbox, client, delivery } = await rig();
    const entry = outbox.enqueue({
      serviceId: 'national-address-update',
      personKey: 'p1',
      payload: { serviceId: 'national-address-update', applicant: { idNumber: DEMO_QID }, payload: { zone: 1 }, submittedAt: '2026-11-28T09:00:00.000Z' } satisfies QueuedSubmission,
    });
    // Someone else's body already sits under this entry's key at the gateway.
    await client.submit({ serviceId: 'national-address-update', applicant: { idNumber: DEMO_QID }, payload: { zone: 2 }, submittedAt: '2026-11-28T09:00:00.000Z', localRef: entry.localRef }, entry.idempotencyKey);
    const rejected = next(delivery, 'rejected');
    delivery.start();
    expect(await rejected).toMatchObject({ id: entry.id, rejectCode: 'idempotency-conflict', lastError: expect.stringMatching(/different request under this entry/) });
    expect(gw.submissions()).toHaveLength(1);
    expect(gw.submissions()[0]!.idempotencyKey).toBe(entry.idempotencyKey);
  });

  it('503 with Retry-After is waited out and retried with the same key', async () => {
    const { gw, outbox, delivery } = await rig();
    gw.setFlaky(1);
    const entry = outbox.enqueue({
      serviceId: 'national-address-update',
      personKey: 'p1',
      payload: { serviceId: 'national-address-update', applicant: { idNumber: DEMO_QID }, payload: { zone: 3 }, submittedAt: '2026-11-28T09:00:00.000Z' } satisfies QueuedSubmission,
    });
    const retries: [string | undefined, number][] = [];
    delivery.on('retry', (e, delay) => retries.push([e.lastError, delay]));
    delivery.start();
    while (!retries.some(([why]) => why === 'unavailable')) await new Promise((r) => setTimeout(r, 20));
    gw.setFlaky(0);
    const delivered = await next(delivery, 'delivered');
    expect(delivered.id).toBe(entry.id);
    expect(gw.submissions().filter((s) => s.idempotencyKey === entry.idempotencyKey)).toHaveLength(1);
    // The simulator's 503 says Retry-After: 1 (second): that is the floor of the delay drawn.
    for (const [why, delay] of retries) if (why === 'unavailable') expect(delay).toBeGreaterThanOrEqual(1000);
  });
});
