import { describe, expect, it } from 'vitest';
import { aesGcmCodec, DEFAULT_MAX_AGE_MS, openKioskDb, Outbox } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const T0 = Date.parse('2026-11-28T09:15:00+03:00');
const DAY = 24 * 3600_000;

function open() {
  const db = openKioskDb(tmp.path());
  tmp.onCleanup(() => db.open && db.close());
  let now = T0;
  const outbox = new Outbox(db, { now: () => now });
  return { db, outbox, setNow: (t: number) => (now = t) };
}

describe('Outbox expiry', () => {
  it('expires queued entries older than the maximum age into dead letters, keeping payload and payment link', () => {
    const { outbox, setNow } = open();
    const old = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: { a: 1 }, paymentRef: 'ZVT-1' });
    setNow(T0 + DAY);
    const young = outbox.enqueue({ serviceId: 's', personKey: 'p2', payload: { a: 2 } });
    outbox.markRetry(outbox.claimDue(T0 + DAY, 1)[0]!.id, 'unreachable', T0 + DAY);
    expect(DEFAULT_MAX_AGE_MS).toBe(7 * DAY);
    const expired = outbox.expireOlderThan(7 * DAY, T0 + 7 * DAY);
    expect(expired.map((e) => e.id)).toEqual([old.id]);
    expect(outbox.get(old.id)).toMatchObject({ state: 'expired', rejectCode: 'expired', paymentRef: 'ZVT-1', payload: { a: 1 } });
    expect(outbox.get(old.id)!.lastError).toMatch(/maximum age.*unreachable/);
    expect(outbox.get(young.id)!.state).toBe('queued');
    expect(outbox.stats()).toMatchObject({ expired: 1, queued: 1, paidDead: 1 });
  });

  it('never expires an entry in flight', () => {
    const { outbox } = open();
    const e = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {} });
    outbox.claimDue(T0, 1);
    expect(outbox.expireOlderThan(1, T0 + 30 * DAY)).toEqual([]);
    expect(outbox.get(e.id)!.state).toBe('sending');
  });
});

describe('Outbox.settle', () => {
  it('records a whole batch of outcomes in one go', () => {
    const { outbox } = open();
    const ids = [1, 2, 3].map((i) => outbox.enqueue({ serviceId: 's', personKey: `p${i}`, payload: { i } }).id);
    outbox.claimDue(T0, 3);
    const settled = outbox.settle([
      { id: ids[0]!, outcome: { kind: 'delivered', ministryRef: 'MOI-1' } },
      { id: ids[1]!, outcome: { kind: 'rejected', code: 'fine-already-paid', reason: 'paid' } },
      { id: ids[2]!, outcome: { kind: 'retry', reason: 'unavailable' }, nextAttemptAt: T0 + 500 },
    ]);
    expect(settled.map((e) => e.state)).toEqual(['delivered', 'rejected', 'queued']);
    expect(outbox.get(ids[0]!)).toMatchObject({ payload: undefined, purgedAt: T0, ministryRef: 'MOI-1' });
    expect(outbox.get(ids[2]!)).toMatchObject({ nextAttemptAt: T0 + 500, lastError: 'unavailable' });
  });

  it('records nothing when one transition is invalid', () => {
    const { outbox } = open();
    const a = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {} });
    const b = outbox.enqueue({ serviceId: 's', personKey: 'p2', payload: {} });
    outbox.claimDue(T0, 1); // only a is sending
    expect(() =>
      outbox.settle([
        { id: a.id, outcome: { kind: 'delivered', ministryRef: 'MOI-1' } },
        { id: b.id, outcome: { kind: 'retry', reason: 'x' }, nextAttemptAt: T0 },
      ]),
    ).toThrow(expect.objectContaining({ code: 'invalid-transition' }));
    expect(outbox.get(a.id)!.state).toBe('sending');
  });
});

describe('Outbox.retry and records', () => {
  it('makes waiting entries due now, and requeues a named dead letter with its key and a fresh age', () => {
    const { outbox, setNow } = open();
    const dead = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {}, paymentRef: 'ZVT-9' });
    const waiting = outbox.enqueue({ serviceId: 's', personKey: 'p2', payload: {} });
    outbox.claimDue(T0, 2);
    outbox.markRejected(dead.id, 'unknown-fine', 'no such fine');
    outbox.markRetry(waiting.id, 'unreachable', T0 + 60_000);
    setNow(T0 + 8 * DAY);
    expect(outbox.retry()).toBe(1);
    expect(outbox.get(waiting.id)!.nextAttemptAt).toBe(T0 + 8 * DAY);
    expect(outbox.retry({ ids: [dead.id] })).toBe(1);
    expect(outbox.get(dead.id)).toMatchObject({ state: 'queued', requeuedAt: T0 + 8 * DAY, idempotencyKey: dead.idempotencyKey });
    // The fresh age counts from the requeue: the waiting one (created 8 days ago) expires, the requeued one does not.
    expect(outbox.expireOlderThan(7 * DAY).map((e) => e.id)).toEqual([waiting.id]);
    expect(() => outbox.retry({ ids: ['nope'] })).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('does not requeue a delivered (purged) entry', () => {
    const { outbox } = open();
    const e = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {} });
    outbox.markDelivered(e.id, 'MOI-1');
    expect(outbox.retry({ ids: [e.id] })).toBe(0);
    expect(outbox.get(e.id)!.state).toBe('delivered');
  });

  it('lists paid dead letters without payloads, and "my requests" with both references, newest first', () => {
    const { outbox, setNow } = open();
    const a = outbox.enqueue({ serviceId: 'pay-traffic-fines', personKey: 'me', payload: { qid: '28463400123' }, paymentRef: 'ZVT-1' });
    setNow(T0 + 1000);
    const b = outbox.enqueue({ serviceId: 'renew-residence', personKey: 'me', payload: {} });
    outbox.enqueue({ serviceId: 's', personKey: 'other', payload: {} });
    outbox.markDelivered(a.id, 'MOI-2026-0000001');
    outbox.markRejected(b.id, 'invalid-payload', 'bad form');
    const mine = outbox.requestsOf('me');
    expect(mine.map((r) => [r.localRef, r.ministryRef, r.state])).toEqual([
      [b.localRef, undefined, 'rejected'],
      [a.localRef, 'MOI-2026-0000001', 'delivered'],
    ]);
    expect(JSON.stringify(mine)).not.toContain('28463400123');
    expect(outbox.records({ state: ['rejected', 'expired'], paid: true })).toEqual([]);
    expect(outbox.records({ state: 'delivered', paid: true })).toMatchObject([{ paymentRef: 'ZVT-1', purgedAt: T0 + 1000 }]);
  });
});

describe('Outbox.claimDue and undecodable payloads', () => {
  const key = (b: number) => ({ payloadKey: () => Buffer.alloc(32, b) });

  it('claims nothing without the right key (no entry stuck in sending)', () => {
    const file = tmp.path();
    const db = openKioskDb(file);
    tmp.onCleanup(() => db.open && db.close());
    const writer = new Outbox(db, { codec: aesGcmCodec(key(1)) });
    writer.enqueue({ serviceId: 's', personKey: 'p1', payload: { a: 1 } });
    const other = new Outbox(db, { codec: aesGcmCodec(key(2)), recoverOnOpen: false });
    expect(() => other.claimDue(Date.now() + 1, 5)).toThrow(expect.objectContaining({ code: 'wrong-key' }));
    expect(writer.stats()).toMatchObject({ queued: 1, sending: 0 });
  });

  it('claims nothing when this process has no codec for the rows (a tool without the key), never dead-letters them', () => {
    const db = openKioskDb(tmp.path());
    tmp.onCleanup(() => db.open && db.close());
    new Outbox(db, { codec: aesGcmCodec(key(1)) }).enqueue({ serviceId: 's', personKey: 'p1', payload: { a: 1 } });
    const plain = new Outbox(db, { recoverOnOpen: false });
    expect(() => plain.claimDue(Date.now() + 1, 5)).toThrow(expect.objectContaining({ code: 'codec-unavailable' }));
    expect(plain.stats()).toMatchObject({ queued: 1, sending: 0, rejected: 0 });
  });

  it('turns a payload that fails its integrity check into a dead letter and claims the rest', () => {
    const file = tmp.path();
    const db = openKioskDb(file);
    tmp.onCleanup(() => db.open && db.close());
    const outbox = new Outbox(db, { codec: aesGcmCodec(key(1)) });
    const bad = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: { a: 1 } });
    const good = outbox.enqueue({ serviceId: 's', personKey: 'p2', payload: { a: 2 } });
    const stored = (db.prepare('SELECT payload FROM outbox WHERE id = ?').get(bad.id) as { payload: Buffer }).payload;
    stored[stored.length - 1]! ^= 0xff; // one bit flip in the ciphertext
    db.prepare('UPDATE outbox SET payload = ? WHERE id = ?').run(stored, bad.id);
    expect(outbox.claimDue(Date.now() + 1, 5).map((e) => e.id)).toEqual([good.id]);
    expect(outbox.records({ state: 'rejected' })).toMatchObject([{ id: bad.id, rejectCode: 'corrupt-payload' }]);
  });
});
