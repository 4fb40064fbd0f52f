import { describe, expect, it } from 'vitest';
import { describeSender, newSenderId, openKioskDb, Outbox, senderGone } from '../../../offline-cache';
import { deadPid, senderIdLike } from '../../support/senders';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const T0 = Date.parse('2026-11-28T09:15:00+03:00');
const LEASE = 10_000;


function open(file: string, opts: ConstructorParameters<typeof Outbox>[1] = {}) {
  const db = openKioskDb(file);
  tmp.onCleanup(() => db.open && db.close());
  let now = T0;
  const outbox = new Outbox(db, { now: () => now, leaseMs: LEASE, ...opts });
  return { db, outbox, setNow: (t: number) => (now = t) };
}

/** One file, two senders: `first` claims an entry, `second` is any other process. */
function twoSenders(firstSender?: string) {
  const file = tmp.path();
  const first = open(file, firstSender ? { sender: firstSender } : {});
  const entry = first.outbox.enqueue({ serviceId: 's', personKey: 'p', payload: { n: 1 } });
  const [claimed] = first.outbox.claimDue(T0, 10);
  return { file, first, entry, claimed: claimed! };
}

describe('sender ids', () => {
  it('say who a sender is, and tell a gone process from a live one', () => {
    const mine = newSenderId('kiosk');
    expect(describeSender(mine)).toMatch(new RegExp(`^kiosk pid ${process.pid} on `));
    expect(senderGone(mine)).toBe(false);
    expect(senderGone(senderIdLike({ pid: deadPid() }))).toBe(true);
    // The parent of this test runner exists: alive.
    expect(senderGone(senderIdLike({ pid: process.ppid }))).toBe(false);
    // Another machine, or an id this build cannot read: cannot tell, so alive (wait for the lease).
    expect(senderGone(senderIdLike({ pid: deadPid(), host: 'kiosk-elsewhere' }))).toBe(false);
    expect(senderGone('some-other-format')).toBe(false);
    // Rows from before leases existed have no owner: gone.
    expect(senderGone(null)).toBe(true);
    expect(() => newSenderId('Kiosk Drain')).toThrow(RangeError);
  });

  it('a sender of an earlier boot, or with our pid but not made by us, is gone', () => {
    expect(senderGone(senderIdLike({ boot: '000000000000' }))).toBe(true);
    const predecessor = newSenderId('kiosk').replace(/#[0-9a-f]{8}$/, '#00000000');
    expect(senderGone(predecessor)).toBe(true);
  });
});

describe('Outbox leases', () => {
  it('claims record the sender, when the attempt started and until when the claim holds', () => {
    const { first, claimed } = twoSenders();
    expect(claimed).toMatchObject({ state: 'sending', leaseOwner: first.outbox.sender, claimedAt: T0, leaseUntil: T0 + LEASE });
  });

  it("on open, takes back at once what a gone process was sending, keeping the entry's key", () => {
    const { file, first, entry } = twoSenders(senderIdLike({ pid: deadPid() }));
    first.db.close();
    const after = open(file);
    expect(after.outbox.recoveredOnOpen).toBe(1);
    expect(after.outbox.get(entry.id)).toMatchObject({ state: 'queued', attempts: 1, idempotencyKey: entry.idempotencyKey, lastError: 'sender-lost', nextAttemptAt: T0 });
    expect(after.outbox.get(entry.id)!.leaseOwner).toBeUndefined();
    expect(after.outbox.claimDue(T0, 10).map((x) => x.id)).toEqual([entry.id]);
  });

  it("leaves a live sender's entry alone until its lease runs out, then any process may take it", () => {
    const { file, entry } = twoSenders(); // first sender: this (live) process
    const second = open(file);
    expect(second.outbox.recoveredOnOpen).toBe(0);
    expect(second.outbox.releaseLost(T0 + LEASE - 1)).toEqual([]);
    expect(second.outbox.claimDue(T0 + LEASE - 1, 10)).toEqual([]);
    const released = second.outbox.releaseLost(T0 + LEASE);
    expect(released).toEqual([{ id: entry.id, localRef: entry.localRef, sender: expect.stringMatching(/^kiosk pid \d+ on /) }]);
    expect(second.outbox.claimDue(T0 + LEASE, 10)).toMatchObject([{ id: entry.id, attempts: 2, leaseOwner: second.outbox.sender }]);
  });

  it('a sender on another machine keeps its entry for the whole lease', () => {
    const { file } = twoSenders(senderIdLike({ pid: deadPid(), host: 'kiosk-elsewhere' }));
    const second = open(file);
    expect(second.outbox.recoveredOnOpen).toBe(0);
    expect(second.outbox.releaseLost(T0 + LEASE)).toHaveLength(1);
  });

  it('renewing keeps the entry; a lost lease shows as a missing id', () => {
    const { file, first, entry } = twoSenders();
    expect(first.outbox.renewLeases(T0 + LEASE - 1)).toEqual(new Set([entry.id]));
    const second = open(file);
    expect(second.outbox.releaseLost(T0 + LEASE)).toEqual([]); // renewed: still held
    expect(second.outbox.releaseLost(T0 + 2 * LEASE)).toHaveLength(1);
    second.outbox.claimDue(T0 + 2 * LEASE, 10);
    expect(first.outbox.renewLeases(T0 + 2 * LEASE)).toEqual(new Set());
  });

  it("after a takeover, the old sender's retry is ignored, and the gateway's answer counts whoever got it", () => {
    const { file, first, entry } = twoSenders();
    const second = open(file);
    second.outbox.releaseLost(T0 + LEASE);
    second.outbox.claimDue(T0 + LEASE, 10);
    // The stalled first sender wakes up with a timeout: the entry is the second's now.
    expect(first.outbox.markRetry(entry.id, 'timeout', T0 + LEASE + 500)).toBeUndefined();
    expect(second.outbox.get(entry.id)).toMatchObject({ state: 'sending', leaseOwner: second.outbox.sender });
    // Its request did reach the ministry: that is a fact, recorded at once.
    expect(first.outbox.markDelivered(entry.id, 'MOI-1')).toMatchObject({ state: 'delivered', ministryRef: 'MOI-1' });
    // The second sender's replay answer changes nothing; its late retry is ignored too.
    expect(second.outbox.markDelivered(entry.id, 'MOI-1')).toMatchObject({ state: 'delivered', ministryRef: 'MOI-1' });
    expect(second.outbox.markRetry(entry.id, 'timeout', T0)).toBeUndefined();
    expect(second.outbox.get(entry.id)!.leaseOwner).toBeUndefined();
  });

  it("an entry that expired after its sender was lost is still recorded as delivered when the answer comes", () => {
    const { file, first, entry } = twoSenders();
    const second = open(file);
    second.outbox.releaseLost(T0 + LEASE);
    second.outbox.expireOlderThan(LEASE, T0 + LEASE);
    expect(second.outbox.get(entry.id)!.state).toBe('expired');
    expect(first.outbox.markDelivered(entry.id, 'MOI-7')).toMatchObject({ state: 'delivered', ministryRef: 'MOI-7' });
  });

  it('a retry for an entry nobody ever claimed is a programming error, not a lost lease', () => {
    const { outbox } = open(tmp.path());
    const e = outbox.enqueue({ serviceId: 's', personKey: 'p', payload: {} });
    expect(() => outbox.markRetry(e.id, 'x', T0)).toThrow(expect.objectContaining({ code: 'invalid-transition' }));
  });

  it('leaves in-flight entries alone when opened with recoverOnOpen false, even a gone sender’s', () => {
    const { file, entry } = twoSenders(senderIdLike({ pid: deadPid() }));
    const observer = open(file, { recoverOnOpen: false });
    expect(observer.outbox.recoveredOnOpen).toBe(0);
    expect(observer.outbox.get(entry.id)!.state).toBe('sending');
  });

  it('rows written before leases existed (no owner) are taken back on open', () => {
    const { file, first, entry } = twoSenders();
    first.db.prepare('UPDATE outbox SET lease_owner = NULL, lease_until = NULL').run();
    expect(open(file).outbox.recoveredOnOpen).toBe(1);
    expect(first.outbox.get(entry.id)!.state).toBe('queued');
  });
});

describe('Outbox.setAside', () => {
  it("takes a stuck entry out of its person's line so the later ones go, and retry puts it back", () => {
    const { outbox } = open(tmp.path());
    const head = outbox.enqueue({ serviceId: 's', personKey: 'p', payload: { n: 1 }, paymentRef: 'ZVT-1' });
    const next = outbox.enqueue({ serviceId: 's', personKey: 'p', payload: { n: 2 } });
    outbox.claimDue(T0, 10);
    outbox.markRetry(head.id, 'bad-response', T0);
    expect(outbox.claimDue(T0, 10).map((e) => e.id)).toEqual([head.id]);
    outbox.markRetry(head.id, 'bad-response', T0);
    expect(outbox.setAside(head.id, T0 + 1)).toMatchObject({ state: 'queued', setAsideAt: T0 + 1, paymentRef: 'ZVT-1', payload: { n: 1 } });
    expect(outbox.setAside(head.id, T0 + 2).setAsideAt).toBe(T0 + 1); // once is enough
    expect(outbox.nextDueAt()).toBe(T0);
    expect(outbox.claimDue(T0, 10).map((e) => e.id)).toEqual([next.id]);
    outbox.markDelivered(next.id, 'MOI-2');
    expect(outbox.claimDue(T0, 10)).toEqual([]);
    expect(outbox.nextDueAt()).toBeUndefined();
    expect(outbox.retry({ ids: [head.id] })).toBe(1);
    expect(outbox.get(head.id)!.setAsideAt).toBeUndefined();
    expect(outbox.claimDue(T0, 10).map((e) => e.id)).toEqual([head.id]);
  });

  it('refuses an entry in flight, a finished one and an unknown id', () => {
    const { outbox } = open(tmp.path());
    const a = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {} });
    const b = outbox.enqueue({ serviceId: 's', personKey: 'p2', payload: {} });
    outbox.claimDue(T0, 10);
    expect(() => outbox.setAside(a.id)).toThrow(expect.objectContaining({ code: 'invalid-transition', message: expect.stringMatching(/being sent by kiosk pid \d+/) }));
    outbox.markDelivered(b.id, 'MOI-1');
    expect(() => outbox.setAside(b.id)).toThrow(expect.objectContaining({ code: 'invalid-transition' }));
    expect(() => outbox.setAside('nope')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });
});
