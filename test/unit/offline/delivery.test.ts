import { describe, expect, it } from 'vitest';
import { openKioskDb, Outbox, OutboxDelivery, type OutboxEntry, type SendFn, type SubmitOutcome } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';
import { CodedError } from '../../../shared/coded-error';

const tmp = useTempDir();

function setup(send: SendFn, opts: Partial<ConstructorParameters<typeof OutboxDelivery>[2]> = {}) {
  const db = openKioskDb(tmp.path());
  const outbox = new Outbox(db);
  const delivery = new OutboxDelivery(outbox, send, { baseDelayMs: 20, maxDelayMs: 100, random: () => 0.5, ...opts });
  tmp.onCleanup(() => db.close());
  tmp.onCleanup(() => void delivery.stop());
  return { outbox, delivery };
}

/** Resolves when `count` events of that name have fired. */
function collect<E extends 'delivered' | 'rejected' | 'retry'>(d: OutboxDelivery, event: E, count: number): Promise<OutboxEntry[]> {
  const got: OutboxEntry[] = [];
  return new Promise((resolve) => {
    d.on(event, ((entry: OutboxEntry) => {
      got.push(entry);
      if (got.length === count) resolve(got);
    }) as never);
  });
}

describe('OutboxDelivery', () => {
  it('delivers queued entries and records the ministry reference', async () => {
    const sent: string[] = [];
    const { outbox, delivery } = setup(async (e) => {
      sent.push(e.idempotencyKey);
      return { kind: 'delivered', ministryRef: `MOI-${e.localRef}` };
    });
    const a = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {} });
    const b = outbox.enqueue({ serviceId: 's', personKey: 'p2', payload: {} });
    const done = collect(delivery, 'delivered', 2);
    delivery.start();
    const entries = await done;
    expect(entries.map((e) => e.id).sort()).toEqual([a.id, b.id].sort());
    expect(outbox.get(a.id)).toMatchObject({ state: 'delivered', ministryRef: `MOI-${a.localRef}` });
    expect(sent.sort()).toEqual([a.idempotencyKey, b.idempotencyKey].sort());
  });

  it('retries with backoff and the same key until delivered', async () => {
    const keys: string[] = [];
    const answers: SubmitOutcome[] = [
      { kind: 'retry', reason: 'unreachable' },
      { kind: 'retry', reason: 'unavailable', retryAfterMs: 30 },
      { kind: 'delivered', ministryRef: 'MOI-9' },
    ];
    const { outbox, delivery } = setup(async (e) => {
      keys.push(e.idempotencyKey);
      return answers.shift()!;
    });
    const retries: number[] = [];
    delivery.on('retry', (_e, delay) => retries.push(delay));
    const e = outbox.enqueue({ serviceId: 's', personKey: 'p', payload: {} });
    const done = collect(delivery, 'delivered', 1);
    delivery.start();
    await done;
    // attempt 1: 0.5 * 20; attempt 2: max(0.5 * 40, Retry-After 30)
    expect(retries).toEqual([10, 30]);
    expect(keys).toEqual([e.idempotencyKey, e.idempotencyKey, e.idempotencyKey]);
    expect(outbox.get(e.id)).toMatchObject({ state: 'delivered', attempts: 3 });
  });

  it('treats a throwing send as a retry, with the error code as reason', async () => {
    let calls = 0;
    const { outbox, delivery } = setup(async () => {
      calls += 1;
      if (calls === 1) throw new CodedError('bad-response', 'bad answer');
      return { kind: 'delivered', ministryRef: 'MOI-1' };
    });
    const retried = collect(delivery, 'retry', 1);
    const delivered = collect(delivery, 'delivered', 1);
    outbox.enqueue({ serviceId: 's', personKey: 'p', payload: {} });
    delivery.start();
    expect((await retried)[0]?.lastError).toBe('bad-response');
    await delivered;
  });

  it('dead-letters rejected entries and moves on to the same person’s next one', async () => {
    const { outbox, delivery } = setup(async (e) =>
      (e.payload as { n: number }).n === 1 ? { kind: 'rejected', code: 'fine-already-paid', reason: 'paid' } : { kind: 'delivered', ministryRef: 'MOI-2' },
    );
    const rejected = collect(delivery, 'rejected', 1);
    const delivered = collect(delivery, 'delivered', 1);
    const first = outbox.enqueue({ serviceId: 's', personKey: 'p', payload: { n: 1 } });
    const second = outbox.enqueue({ serviceId: 's', personKey: 'p', payload: { n: 2 } });
    delivery.start();
    expect((await rejected)[0]).toMatchObject({ id: first.id, state: 'rejected', rejectCode: 'fine-already-paid' });
    expect((await delivered)[0]?.id).toBe(second.id);
  });

  it('sends one person’s entries strictly in order, never two at once', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const order: number[] = [];
    const { outbox, delivery } = setup(async (e) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      order.push((e.payload as { n: number }).n);
      return { kind: 'delivered', ministryRef: `MOI-${e.localRef}` };
    });
    for (let n = 1; n <= 5; n++) outbox.enqueue({ serviceId: 's', personKey: 'same-person', payload: { n } });
    const done = collect(delivery, 'delivered', 5);
    delivery.start();
    await done;
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(maxInFlight).toBe(1);
  });

  it('sleeps when idle and wakes on kick()', async () => {
    const { outbox, delivery } = setup(async () => ({ kind: 'delivered', ministryRef: 'MOI-1' }), { pollMs: 60_000 });
    delivery.start();
    await new Promise((r) => setTimeout(r, 30)); // first round finds nothing, sleeps a minute
    const done = collect(delivery, 'delivered', 1);
    const started = Date.now();
    outbox.enqueue({ serviceId: 's', personKey: 'p', payload: {} });
    delivery.kick();
    await done;
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('stop() waits for in-flight sends to be recorded and then claims nothing more', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let calls = 0;
    const { outbox, delivery } = setup(async () => {
      calls += 1;
      await gate;
      return { kind: 'delivered', ministryRef: 'MOI-1' };
    });
    const e = outbox.enqueue({ serviceId: 's', personKey: 'p', payload: {} });
    delivery.start();
    while (calls === 0) await new Promise((r) => setTimeout(r, 2));
    const stopped = delivery.stop();
    outbox.enqueue({ serviceId: 's', personKey: 'q', payload: {} });
    release();
    await stopped;
    expect(outbox.get(e.id)?.state).toBe('delivered');
    expect(outbox.stats()).toMatchObject({ queued: 1, sending: 0 });
    expect(calls).toBe(1);
    expect(delivery.isRunning).toBe(false);
  });

  it('rejects an impossible backoff policy', () => {
    const db = openKioskDb(tmp.path());
    tmp.onCleanup(() => db.close());
    expect(() => new OutboxDelivery(new Outbox(db), async () => ({ kind: 'retry', reason: 'x' }), { baseDelayMs: 100, maxDelayMs: 10 })).toThrow(RangeError);
  });
});

describe('OutboxDelivery faults', () => {
  it('reports an outbox failure as a fault event and keeps running', async () => {
    const { outbox, delivery } = setup(async () => ({ kind: 'delivered', ministryRef: 'MOI-1' }), { pollMs: 20 });
    const original = outbox.claimDue.bind(outbox);
    let failures = 1;
    outbox.claimDue = (...args) => {
      if (failures-- > 0) throw new Error('disk I/O error');
      return original(...args);
    };
    const fault = new Promise<Error>((r) => delivery.once('fault', r));
    const delivered = collect(delivery, 'delivered', 1);
    outbox.enqueue({ serviceId: 's', personKey: 'p', payload: {} });
    delivery.start();
    expect((await fault).message).toBe('disk I/O error');
    await delivered;
  });
});
