import { describe, expect, it } from 'vitest';
import { openKioskDb, Outbox } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const T0 = Date.parse('2026-11-28T09:15:00+03:00');
const MIN = 60_000;
const policy = { attempts: 3, afterMs: 10 * MIN };

function open() {
  const db = openKioskDb(tmp.path());
  tmp.onCleanup(() => db.close());
  let now = T0;
  const outbox = new Outbox(db, { now: () => now, leaseMs: MIN });
  return { outbox, setNow: (t: number) => (now = t) };
}

/** Claims `id` (it must be its person's first) and records a failed attempt, `times` times. */
function fail(outbox: Outbox, id: string, times: number, at: number) {
  for (let i = 0; i < times; i++) {
    const claimed = outbox.claimDue(at, 100).map((e) => e.id);
    for (const other of claimed.filter((c) => c !== id)) outbox.markRetry(other, 'unavailable', at + 10 * MIN);
    expect(claimed).toContain(id);
    outbox.markRetry(id, 'bad-response', at);
  }
}

describe('outbox health', () => {
  it('age of the oldest waiting entry: what fleet metrics report', () => {
    const { outbox, setNow } = open();
    expect(outbox.oldestWaitingAgeMs(T0)).toBe(0);
    const a = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {} });
    setNow(T0 + 5 * MIN);
    outbox.enqueue({ serviceId: 's', personKey: 'p2', payload: {} });
    expect(outbox.oldestWaitingAgeMs(T0 + 7 * MIN)).toBe(7 * MIN);
    outbox.claimDue(T0 + 7 * MIN, 1);
    expect(outbox.oldestWaitingAgeMs(T0 + 7 * MIN)).toBe(7 * MIN); // sending still waits
    outbox.markDelivered(a.id, 'MOI-1');
    expect(outbox.oldestWaitingAgeMs(T0 + 7 * MIN)).toBe(2 * MIN);
  });

  it('in-flight entries with their sender, age and lease left', () => {
    const { outbox } = open();
    const a = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {} });
    outbox.claimDue(T0 + 1000, 10);
    expect(outbox.inFlight(T0 + 21_000)).toEqual([
      { id: a.id, localRef: a.localRef, sender: expect.stringMatching(/^kiosk pid \d+ on /), senderGone: false, attempts: 1, ageMs: 20_000, leaseLeftMs: MIN - 20_000 },
    ]);
  });

  it("a person's first entry that keeps failing while others get through is stuck, with what it holds back", () => {
    const { outbox } = open();
    const head = outbox.enqueue({ serviceId: 'renew-rp', personKey: 'p1', payload: {}, paymentRef: 'ZVT-1' });
    outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {} });
    outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {} });
    const other = outbox.enqueue({ serviceId: 's', personKey: 'p2', payload: {} });
    fail(outbox, head.id, 3, T0);
    // Not yet: tried often enough, but has not waited long enough.
    expect(outbox.stuckQueues(policy, T0 + 9 * MIN)).toEqual([]);
    // The gateway takes other people's requests, and this one fails once more.
    expect(outbox.claimDue(T0 + 10 * MIN, 100).map((e) => e.id)).toEqual([head.id, other.id]);
    outbox.markDelivered(other.id, 'MOI-2');
    outbox.markRetry(head.id, 'bad-response', T0 + 11 * MIN);
    expect(outbox.stuckQueues(policy, T0 + 10 * MIN)).toEqual([
      {
        id: head.id,
        localRef: head.localRef,
        serviceId: 'renew-rp',
        state: 'queued',
        attempts: 4,
        waitingMs: 10 * MIN,
        lastError: 'bad-response',
        paymentRef: 'ZVT-1',
        holdingBack: 2,
        othersDeliveredSince: 1,
      },
    ]);
    expect(outbox.health(policy, T0 + 10 * MIN)).toEqual({ waiting: 3, sending: 0, setAside: 0, dead: 0, oldestWaitingAgeMs: 10 * MIN, stuckPeople: 1 });
    // Set aside, it no longer counts as stuck; the next one of the same person is first in line.
    outbox.setAside(head.id, T0 + 10 * MIN);
    expect(outbox.stuckQueues(policy, T0 + 10 * MIN)).toEqual([]);
    expect(outbox.health(policy, T0 + 10 * MIN)).toMatchObject({ waiting: 3, setAside: 1, stuckPeople: 0 });
  });

  it('during an outage every line waits: stuck entries show no deliveries by others', () => {
    const { outbox } = open();
    const a = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {} });
    const b = outbox.enqueue({ serviceId: 's', personKey: 'p2', payload: {} });
    for (let i = 0; i < 3; i++) {
      outbox.claimDue(T0, 10);
      outbox.settle([a, b].map((e) => ({ id: e.id, outcome: { kind: 'retry', reason: 'unreachable' } as const, nextAttemptAt: T0 })));
    }
    expect(outbox.stuckQueues(policy, T0 + 11 * MIN).map((s) => [s.id, s.othersDeliveredSince])).toEqual([
      [a.id, 0],
      [b.id, 0],
    ]);
  });
});
