import type { Statement } from 'better-sqlite3';
import { type KioskDatabase } from './db';
import { type Beneficiary, decodeBeneficiary, type OutboxEntry, type OutboxRow, type OutboxState, OUTBOX_STATES, rowToEntry } from './outbox-row';
import { type PayloadCodec } from './payload-codec';
import { type InFlightEntry, type QueueHealth, type StuckEntry, type StuckPolicy, inFlight, oldestWaitingAgeMs, queueHealth, stuckQueues } from './outbox-health';

export interface OutboxFilter {
  state?: OutboxState | readonly OutboxState[];
  personKey?: string;
  /** Only entries with a payment reference (paid requests, e.g. paid but rejected: refunds). */
  paid?: boolean;
  limit?: number;
}

export type OutboxStats = Record<OutboxState, number> & {
  /** createdAt of the oldest entry still waiting (queued or sending), ms since epoch. */
  oldestQueuedAt?: number;
  /** Dead letters (rejected or expired) that carry a payment reference: candidates for a refund. */
  paidDead: number;
};

/**
 * One submission without its payload or person key: what "my requests" and technicians see.
 * Nothing personal (the payment reference is the terminal's receipt number, kept for refunds).
 */
export interface RequestRecord {
  id: string;
  serviceId: string;
  localRef: string;
  ministryRef?: string;
  state: OutboxState;
  attempts: number;
  createdAt: number;
  updatedAt: number;
  nextAttemptAt?: number;
  deliveredAt?: number;
  paymentRef?: string;
  rejectCode?: string;
  lastError?: string;
  purgedAt?: number;
  /** A technician set it aside (it waits, out of its person's line). */
  setAsideAt?: number;
  /** A sponsored person it is for: an opaque id and a masked number, nothing more. */
  beneficiary?: Beneficiary;
}

/** Queries of the outbox: no writes, so tools can use it beside a running kiosk. */
export class OutboxReader {
  protected readonly stmt: Record<'byId', Statement>;

  constructor(
    protected readonly db: KioskDatabase,
    protected readonly codec: PayloadCodec,
    protected readonly now: () => number,
  ) {
    this.stmt = { byId: db.prepare('SELECT * FROM outbox WHERE id = ?') };
  }

  get(id: string): OutboxEntry | undefined {
    const row = this.stmt.byId.get(id) as OutboxRow | undefined;
    return row && rowToEntry(this.codec, row);
  }

  stats(): OutboxStats {
    const counts = this.db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: OutboxState; n: number }[];
    const stats = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as OutboxStats;
    for (const c of counts) stats[c.state] = c.n;
    const oldest = this.db.prepare(`SELECT min(created_at) AS t FROM outbox WHERE state IN ('queued', 'sending')`).get() as { t: number | null };
    if (oldest.t !== null) stats.oldestQueuedAt = oldest.t;
    const paidDead = this.db.prepare(`SELECT count(*) AS n FROM outbox WHERE state IN ('rejected', 'expired') AND payment_ref IS NOT NULL`).get() as { n: number };
    stats.paidDead = paidDead.n;
    return stats;
  }

  /** Entries in queue order (oldest first), payloads decoded. */
  list(filter: OutboxFilter = {}): OutboxEntry[] {
    return this.rows(filter).map((r) => rowToEntry(this.codec, r));
  }

  /**
   * Like list() but without touching payloads: works without the payload key (kioskctl on an
   * Electron kiosk, whose key only the OS keystore can unseal) and shows nothing personal.
   */
  records(filter: OutboxFilter = {}): RequestRecord[] {
    return this.rows(filter).map((r) => {
      const rec: RequestRecord = {
        id: r.id,
        serviceId: r.service_id,
        localRef: r.local_ref,
        state: r.state,
        attempts: r.attempts,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      };
      if (r.state === 'queued') rec.nextAttemptAt = r.next_attempt_at;
      if (r.ministry_ref !== null) rec.ministryRef = r.ministry_ref;
      if (r.delivered_at !== null) rec.deliveredAt = r.delivered_at;
      if (r.payment_ref !== null) rec.paymentRef = r.payment_ref;
      if (r.reject_code !== null) rec.rejectCode = r.reject_code;
      if (r.last_error !== null) rec.lastError = r.last_error;
      if (r.purged_at != null) rec.purgedAt = r.purged_at;
      if (r.set_aside_at != null) rec.setAsideAt = r.set_aside_at;
      const beneficiary = decodeBeneficiary(r.beneficiary ?? null);
      if (beneficiary) rec.beneficiary = beneficiary;
      return rec;
    });
  }

  /** "My requests": one person's submissions with both references, newest first. */
  requestsOf(personKey: string, limit = 20): RequestRecord[] {
    return this.records({ personKey }).reverse().slice(0, limit);
  }

  /** When the earliest queued entry becomes due (ms since epoch), for the delivery scheduler. */
  nextDueAt(): number | undefined {
    const row = this.db.prepare(`SELECT min(next_attempt_at) AS t FROM outbox WHERE state = 'queued' AND set_aside_at IS NULL`).get() as { t: number | null };
    return row.t ?? undefined;
  }

  /** Age (ms) of the oldest entry still waiting, 0 when none: the fleet's queue-age metric. */
  oldestWaitingAgeMs(now: number = this.now()): number {
    return oldestWaitingAgeMs(this.db, now);
  }

  /** Entries being sent right now: by whom, for how long, how long their lease still holds. */
  inFlight(now: number = this.now()): InFlightEntry[] {
    return inFlight(this.db, now);
  }

  /** People whose first waiting entry cannot move and holds back their later ones (diagnostics). */
  stuckQueues(policy?: StuckPolicy, now: number = this.now()): StuckEntry[] {
    return stuckQueues(this.db, now, policy);
  }

  /** The queue's health in one call: depth, age of the oldest entry, stuck people, dead letters. */
  health(policy?: StuckPolicy, now: number = this.now()): QueueHealth {
    return queueHealth(this.db, now, policy);
  }

  /** Raw rows for tools that show attempt details (attempts, last error); payload left out. */
  protected rows(filter: OutboxFilter): OutboxRow[] {
    const where: string[] = [];
    const params: Record<string, unknown> = { limit: Math.max(0, filter.limit ?? -1) || -1 };
    if (filter.state !== undefined) {
      const states = typeof filter.state === 'string' ? [filter.state] : filter.state;
      where.push(`state IN (${states.map((_, i) => `@s${i}`).join(', ') || 'NULL'})`);
      states.forEach((s, i) => (params[`s${i}`] = s));
    }
    if (filter.personKey !== undefined) {
      where.push('person_key = @personKey');
      params.personKey = filter.personKey;
    }
    if (filter.paid !== undefined) where.push(filter.paid ? 'payment_ref IS NOT NULL' : 'payment_ref IS NULL');
    const sql = `SELECT * FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT @limit`;
    return this.db.prepare(sql).all(params) as OutboxRow[];
  }
}
