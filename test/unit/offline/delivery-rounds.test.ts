import { describe, expect, it } from 'vitest';
import { openKioskDb, Outbox, OutboxDelivery, type OutboxEntry, type SendFn } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();

function setup(send: SendFn, opts: Partial<ConstructorParameters<typeof OutboxDelivery>[2]> = {}, now?: () => number) {
  const db = openKioskDb(tmp.path());
  const outbox = new Outbox(db, now ? { now } : {});
  const delivery = new OutboxDelivery(outbox, send, { baseDelayMs: 20, maxDelayMs: 100, random: () => 0.5, ...opts, ...(now ? { now } : {}) });
  tmp.onCleanup(() => db.close());
  tmp.onCleanup(() => void delivery.stop());
  return { outbox, delivery };
}

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('OutboxDelivery rounds', () => {
  it('sends up to batchSize people at once, one entry per person at a time, each person in order', async () => {
    let inFlight = 0;
    let peak = 0;
    const open = new Set<string>();
    const order = new Map<string, number[]>();
    const { outbox, delivery } = setup(
      async (e) => {
        expect(open.has(e.personKey)).toBe(false);
        open.add(e.personKey);
        peak = Math.max(peak, ++inFlight);
        await new Promise((r) => setTimeout(r, 3));
        inFlight -= 1;
        open.delete(e.personKey);
        order.set(e.personKey, [...(order.get(e.personKey) ?? []), (e.payload as { n: number }).n]);
        return { kind: 'delivered', ministryRef: `MOI-${e.localRef}` };
      },
      { batchSize: 5 },
    );
    for (let n = 0; n < 40; n++) outbox.enqueue({ serviceId: 's', personKey: `p${n % 8}`, payload: { n } });
    delivery.start();
    await until(() => outbox.stats().delivered === 40);
    expect(peak).toBe(5);
    for (const [p, ns] of order) expect(ns, p).toEqual([...ns].sort((a, b) => a - b));
  });

  it('stops a round when nothing got through, instead of trying every person while the gateway is down', async () => {
    let calls = 0;
    const { outbox, delivery } = setup(
      async () => {
        calls += 1;
        return { kind: 'retry', reason: 'unreachable' };
      },
      { batchSize: 4, baseDelayMs: 60_000, maxDelayMs: 60_000 },
    );
    for (let n = 0; n < 20; n++) outbox.enqueue({ serviceId: 's', personKey: `p${n}`, payload: {} });
    const retried: OutboxEntry[] = [];
    delivery.on('retry', (e) => retried.push(e));
    delivery.start();
    await until(() => retried.length === 4);
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(4);
    expect(outbox.stats().queued).toBe(20);
  });

  it('expires entries past the maximum age before sending, with an event', async () => {
    let now = Date.now();
    const sent: string[] = [];
    const { outbox, delivery } = setup(
      async (e) => {
        sent.push(e.id);
        return { kind: 'delivered', ministryRef: 'MOI-1' };
      },
      { maxAgeMs: 1000 },
      () => now,
    );
    const old = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {}, paymentRef: 'ZVT-7' });
    now += 2000;
    const fresh = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {} });
    const expired: OutboxEntry[] = [];
    delivery.on('expired', (e) => expired.push(e));
    delivery.start();
    await until(() => sent.length === 1);
    expect(expired.map((e) => [e.id, e.paymentRef])).toEqual([[old.id, 'ZVT-7']]);
    expect(sent).toEqual([fresh.id]);
  });
});
