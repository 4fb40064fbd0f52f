import type { KioskDatabase } from './db';
import { describeSender, senderGone } from './outbox-lease';

/**
 * What diagnostics, `kioskctl queue status` and (later) fleet metrics ask of the outbox: how old
 * the oldest waiting request is, who is sending what, and which person's line is stuck behind an
 * entry that cannot move. Reads only: safe beside a running kiosk, no payload key needed.
 */

/**
 * When a person's first waiting entry counts as stuck: it has been tried at least `attempts`
 * times and has waited at least `afterMs` (since enqueue, or since a technician requeued it).
 */
export interface StuckPolicy {
  attempts: number;
  afterMs: number;
}

export const DEFAULT_STUCK_POLICY: StuckPolicy = { attempts: 8, afterMs: 15 * 60_000 };

export interface InFlightEntry {
  id: string;
  localRef: string;
  /** Who holds it, for people: "kioskctl-drain pid 4242 on kiosk-07". */
  sender: string;
  /** Its process provably no longer exists: the next delivery round takes it over. */
  senderGone: boolean;
  attempts: number;
  /** Since this attempt started. */
  ageMs: number;
  /** Until the lease runs out and any process may take it over (negative: already has). */
  leaseLeftMs: number;
}

export interface StuckEntry {
  id: string;
  localRef: string;
  serviceId: string;
  state: 'queued' | 'sending';
  attempts: number;
  /** Since enqueue (or the last requeue). */
  waitingMs: number;
  lastError?: string;
  paymentRef?: string;
  /** The same person's later requests held back by it, to keep their order. */
  holdingBack: number;
  /**
   * Entries of other people delivered while it waited: more than 0 means the gateway is taking
   * requests and this one is the problem; 0 looks like an outage instead.
   */
  othersDeliveredSince: number;
}

export interface QueueHealth {
  /** Entries not yet delivered nor dead (queued, set aside or sending). */
  waiting: number;
  sending: number;
  setAside: number;
  /** Age of the oldest waiting entry (ms), 0 when none waits: what fleet metrics report. */
  oldestWaitingAgeMs: number;
  /** People whose first waiting entry is stuck (StuckPolicy). */
  stuckPeople: number;
  /** Dead letters (rejected or expired). */
  dead: number;
}

export function oldestWaitingAgeMs(db: KioskDatabase, now: number): number {
  const row = db.prepare(`SELECT min(created_at) AS t FROM outbox WHERE state IN ('queued', 'sending')`).get() as { t: number | null };
  return row.t === null ? 0 : Math.max(0, now - row.t);
}

export function inFlight(db: KioskDatabase, now: number): InFlightEntry[] {
  const rows = db
    .prepare(`SELECT id, local_ref, lease_owner, lease_until, claimed_at, updated_at, attempts FROM outbox WHERE state = 'sending' ORDER BY seq`)
    .all() as { id: string; local_ref: string; lease_owner: string | null; lease_until: number | null; claimed_at: number | null; updated_at: number; attempts: number }[];
  return rows.map((r) => ({
    id: r.id,
    localRef: r.local_ref,
    sender: describeSender(r.lease_owner),
    senderGone: senderGone(r.lease_owner),
    attempts: r.attempts,
    ageMs: Math.max(0, now - (r.claimed_at ?? r.updated_at)),
    leaseLeftMs: (r.lease_until ?? now) - now,
  }));
}

/** Each person's first waiting entry that the policy calls stuck, oldest first. */
export function stuckQueues(db: KioskDatabase, now: number, policy: StuckPolicy = DEFAULT_STUCK_POLICY, limit = 50): StuckEntry[] {
  const rows = db
    .prepare(
      `SELECT o.id, o.local_ref, o.service_id, o.state, o.attempts, o.created_at, o.requeued_at, o.last_error, o.payment_ref,
          (SELECT count(*) FROM outbox b WHERE b.person_key = o.person_key AND b.seq > o.seq
             AND b.state IN ('queued', 'sending') AND b.set_aside_at IS NULL) AS behind,
          (SELECT count(*) FROM outbox d WHERE d.state = 'delivered' AND d.person_key != o.person_key
             AND d.delivered_at >= coalesce(o.requeued_at, o.created_at)) AS others
        FROM outbox o
        WHERE o.state IN ('queued', 'sending') AND o.set_aside_at IS NULL
          AND o.attempts >= @attempts AND coalesce(o.requeued_at, o.created_at) <= @before
          AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.person_key = o.person_key AND p.seq < o.seq
                          AND p.state IN ('queued', 'sending') AND p.set_aside_at IS NULL)
        ORDER BY o.seq LIMIT @limit`,
    )
    .all({ attempts: policy.attempts, before: now - policy.afterMs, limit }) as {
    id: string;
    local_ref: string;
    service_id: string;
    state: 'queued' | 'sending';
    attempts: number;
    created_at: number;
    requeued_at: number | null;
    last_error: string | null;
    payment_ref: string | null;
    behind: number;
    others: number;
  }[];
  return rows.map((r) => {
    const stuck: StuckEntry = {
      id: r.id,
      localRef: r.local_ref,
      serviceId: r.service_id,
      state: r.state,
      attempts: r.attempts,
      waitingMs: now - (r.requeued_at ?? r.created_at),
      holdingBack: r.behind,
      othersDeliveredSince: r.others,
    };
    if (r.last_error !== null) stuck.lastError = r.last_error;
    if (r.payment_ref !== null) stuck.paymentRef = r.payment_ref;
    return stuck;
  });
}

export function queueHealth(db: KioskDatabase, now: number, policy: StuckPolicy = DEFAULT_STUCK_POLICY): QueueHealth {
  const c = db
    .prepare(
      `SELECT
          count(*) FILTER (WHERE state IN ('queued', 'sending')) AS waiting,
          count(*) FILTER (WHERE state = 'sending') AS sending,
          count(*) FILTER (WHERE state = 'queued' AND set_aside_at IS NOT NULL) AS setAside,
          count(*) FILTER (WHERE state IN ('rejected', 'expired')) AS dead
        FROM outbox`,
    )
    .get() as { waiting: number; sending: number; setAside: number; dead: number };
  return { ...c, oldestWaitingAgeMs: oldestWaitingAgeMs(db, now), stuckPeople: stuckQueues(db, now, policy, 10_000).length };
}
