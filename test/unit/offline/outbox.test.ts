import { describe, expect, it } from 'vitest';
import { openKioskDb, Outbox, OutboxError, type PayloadCodec } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const T0 = Date.parse('2026-11-28T09:15:00+03:00'); // the day in localRef is Doha's

function open(file: string, opts: ConstructorParameters<typeof Outbox>[1] = {}) {
  const db = openKioskDb(file);
  tmp.onCleanup(() => db.open && db.close());
  let now = T0;
  const outbox = new Outbox(db, { now: () => now, ...opts });
  return { db, outbox, setNow: (t: number) => (now = t) };
}

const fines = (n: number) => ({ fineIds: [`TF-${n}`], note: 'الدوحة' });

describe('Outbox.enqueue', () => {
  it('stores a queued entry with a fresh id, idempotency key and local reference', () => {
    const { outbox } = open(tmp.path());
    const a = outbox.enqueue({ serviceId: 'pay-traffic-fines', personKey: 'p1', payload: fines(1), paymentRef: 'ZVT-000123' });
    const b = outbox.enqueue({ serviceId: 'pay-traffic-fines', personKey: 'p2', payload: fines(2) });
    expect(a).toMatchObject({
      serviceId: 'pay-traffic-fines',
      personKey: 'p1',
      payload: fines(1),
      paymentRef: 'ZVT-000123',
      localRef: 'K01-20261128-000001',
      state: 'queued',
      attempts: 0,
      nextAttemptAt: T0,
      createdAt: T0,
    });
    expect(a.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.localRef).toBe('K01-20261128-000002');
    expect(new Set([a.id, b.id, a.idempotencyKey, b.idempotencyKey]).size).toBe(4);
  });

  it('is durable: after closing and reopening the file the entry is there, key unchanged', () => {
    const file = tmp.path();
    const first = open(file, { kioskId: 'K07' });
    const entry = first.outbox.enqueue({ serviceId: 'renew-rp', personKey: 'p1', payload: { years: 2 } });
    first.db.close();
    const again = open(file, { kioskId: 'K07' });
    expect(again.outbox.get(entry.id)).toEqual(entry);
    // The daily counter also survives, so references never repeat.
    expect(again.outbox.enqueue({ serviceId: 'renew-rp', personKey: 'p2', payload: {} }).localRef).toBe('K07-20261128-000002');
  });

  it('restarts the reference counter each day', () => {
    const { outbox, setNow } = open(tmp.path());
    outbox.enqueue({ serviceId: 's', personKey: 'p', payload: {} });
    setNow(T0 + 24 * 3600_000);
    expect(outbox.enqueue({ serviceId: 's', personKey: 'p', payload: {} }).localRef).toBe('K01-20261129-000001');
  });

  it('keeps a given local reference and refuses a duplicate one', () => {
    const { outbox } = open(tmp.path());
    expect(outbox.enqueue({ serviceId: 's', personKey: 'p', payload: {}, localRef: 'K01-20261128-000900' }).localRef).toBe('K01-20261128-000900');
    expect(() => outbox.enqueue({ serviceId: 's', personKey: 'q', payload: {}, localRef: 'K01-20261128-000900' })).toThrow(
      expect.objectContaining({ code: 'duplicate-local-ref' }),
    );
  });

  it('refuses payloads that are not JSON and missing ids', () => {
    const { outbox } = open(tmp.path());
    expect(() => outbox.enqueue({ serviceId: 's', personKey: 'p', payload: undefined })).toThrow(OutboxError);
    expect(() => outbox.enqueue({ serviceId: '', personKey: 'p', payload: {} })).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });
});

describe('Outbox state changes', () => {
  it('claims due entries oldest first and marks them sending', () => {
    const { outbox, setNow } = open(tmp.path());
    const a = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {} });
    setNow(T0 + 10);
    const b = outbox.enqueue({ serviceId: 's', personKey: 'p2', payload: {} });
    expect(outbox.claimDue(T0 + 5, 10).map((e) => e.id)).toEqual([a.id]);
    const [claimed] = outbox.claimDue(T0 + 10, 10);
    expect(claimed).toMatchObject({ id: b.id, state: 'sending', attempts: 1 });
    expect(outbox.claimDue(T0 + 100, 10)).toEqual([]);
  });

  it('honours the limit', () => {
    const { outbox } = open(tmp.path());
    for (let i = 0; i < 5; i++) outbox.enqueue({ serviceId: 's', personKey: `p${i}`, payload: {} });
    expect(outbox.claimDue(T0, 2)).toHaveLength(2);
    expect(outbox.claimDue(T0, 10)).toHaveLength(3);
  });

  it('retry puts an entry back with its next attempt time; delivered purges the payload', () => {
    const { outbox } = open(tmp.path());
    const e = outbox.enqueue({ serviceId: 's', personKey: 'p', payload: { secret: 'x' } });
    outbox.claimDue(T0, 1);
    expect(outbox.markRetry(e.id, 'timeout', T0 + 5000)).toMatchObject({ state: 'queued', lastError: 'timeout', nextAttemptAt: T0 + 5000 });
    expect(outbox.claimDue(T0 + 4999, 1)).toEqual([]);
    expect(outbox.claimDue(T0 + 5000, 1)[0]?.attempts).toBe(2);
    const done = outbox.markDelivered(e.id, 'MOI-2026-0000001');
    expect(done).toMatchObject({ state: 'delivered', ministryRef: 'MOI-2026-0000001', deliveredAt: T0, payload: undefined });
    expect(done.lastError).toBeUndefined();
    // Marking delivered twice (a replayed answer) is harmless.
    expect(outbox.markDelivered(e.id, 'MOI-2026-0000001')).toEqual(done);
  });

  it('keeps a rejected entry with its payload (dead letter) and refuses impossible transitions', () => {
    const { outbox } = open(tmp.path());
    const e = outbox.enqueue({ serviceId: 's', personKey: 'p', payload: { fineIds: ['x'] } });
    expect(() => outbox.markRetry(e.id, 'x', T0)).toThrow(expect.objectContaining({ code: 'invalid-transition' }));
    const r = outbox.markRejected(e.id, 'fine-already-paid', 'already paid');
    expect(r).toMatchObject({ state: 'rejected', rejectCode: 'fine-already-paid', lastError: 'already paid', payload: { fineIds: ['x'] } });
    expect(() => outbox.markDelivered(e.id, 'MOI-1')).toThrow(expect.objectContaining({ code: 'invalid-transition' }));
    expect(() => outbox.markDelivered('nope', 'MOI-1')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('can keep payloads after delivery when asked', () => {
    const { outbox } = open(tmp.path(), { purgeDelivered: false });
    const e = outbox.enqueue({ serviceId: 's', personKey: 'p', payload: { a: 1 } });
    expect(outbox.markDelivered(e.id, 'MOI-1').payload).toEqual({ a: 1 });
  });
});

describe('Outbox per-person ordering', () => {
  it("does not claim a person's entry while an earlier one of theirs is queued or sending", () => {
    const { outbox } = open(tmp.path());
    const a1 = outbox.enqueue({ serviceId: 's', personKey: 'alice', payload: { n: 1 } });
    const a2 = outbox.enqueue({ serviceId: 's', personKey: 'alice', payload: { n: 2 } });
    const b1 = outbox.enqueue({ serviceId: 's', personKey: 'bob', payload: { n: 1 } });
    expect(outbox.claimDue(T0, 10).map((e) => e.id)).toEqual([a1.id, b1.id]);
    // a1 is in flight: a2 waits.
    expect(outbox.claimDue(T0, 10)).toEqual([]);
    // a1 failed and waits for its retry time: a2 still waits, even though a2 itself is due.
    outbox.markRetry(a1.id, 'unreachable', T0 + 1000);
    expect(outbox.claimDue(T0 + 1, 10)).toEqual([]);
    expect(outbox.claimDue(T0 + 1000, 10).map((e) => e.id)).toEqual([a1.id]);
    outbox.markDelivered(a1.id, 'MOI-1');
    expect(outbox.claimDue(T0 + 1000, 10).map((e) => e.id)).toEqual([a2.id]);
  });

  it('a rejected earlier entry no longer blocks the later ones', () => {
    const { outbox } = open(tmp.path());
    const a1 = outbox.enqueue({ serviceId: 's', personKey: 'alice', payload: {} });
    const a2 = outbox.enqueue({ serviceId: 's', personKey: 'alice', payload: {} });
    outbox.claimDue(T0, 10);
    outbox.markRejected(a1.id, 'invalid-payload', 'bad form');
    expect(outbox.claimDue(T0, 10).map((e) => e.id)).toEqual([a2.id]);
  });
});

describe('Outbox stats, list and payload codec', () => {
  it('counts entries per state and reports the oldest waiting one', () => {
    const { outbox, setNow } = open(tmp.path());
    expect(outbox.stats()).toEqual({ queued: 0, sending: 0, delivered: 0, rejected: 0, expired: 0, paidDead: 0 });
    const ids = [0, 1, 2, 3].map((i) => {
      setNow(T0 + i * 1000);
      return outbox.enqueue({ serviceId: 's', personKey: `p${i}`, payload: {} }).id;
    });
    outbox.claimDue(T0 + 10_000, 3);
    outbox.markDelivered(ids[0]!, 'MOI-1');
    outbox.markRejected(ids[1]!, 'x', 'y');
    expect(outbox.stats()).toEqual({ queued: 1, sending: 1, delivered: 1, rejected: 1, expired: 0, paidDead: 0, oldestQueuedAt: T0 + 2000 });
    expect(outbox.list({ state: ['queued', 'sending'] }).map((e) => e.id)).toEqual([ids[2], ids[3]]);
    expect(outbox.list({ personKey: 'p0' }).map((e) => e.state)).toEqual(['delivered']);
    expect(outbox.list({ limit: 2 })).toHaveLength(2);
    expect(outbox.list()).toHaveLength(4);
    expect(outbox.nextDueAt()).toBe(T0 + 3000);
  });

  it('stores payloads through the codec seam and names the format per row', () => {
    const file = tmp.path();
    const xor: PayloadCodec = {
      format: 'test-xor',
      encode: (b) => Buffer.from(b.map((x) => x ^ 0x5a)),
      decode: (b, format) => {
        if (format !== 'test-xor') throw new OutboxError('corrupt-payload', 'wrong format');
        return Buffer.from(b.map((x) => x ^ 0x5a));
      },
    };
    const { db, outbox } = open(file, { codec: xor });
    const e = outbox.enqueue({ serviceId: 's', personKey: 'p', payload: { idNumber: '28463400123' } });
    const raw = db.prepare('SELECT payload, payload_format FROM outbox WHERE id = ?').get(e.id) as { payload: Buffer; payload_format: string };
    expect(raw.payload_format).toBe('test-xor');
    expect(raw.payload.toString('utf8')).not.toContain('28463400123');
    expect(outbox.get(e.id)?.payload).toEqual({ idNumber: '28463400123' });
    // A kiosk without that codec fails with a typed error instead of returning garbage.
    const plain = new Outbox(db);
    expect(() => plain.get(e.id)).toThrow(expect.objectContaining({ code: 'codec-unavailable' }));
  });
});
