import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { type KioskDatabase } from './db';
import { OutboxError } from './errors';
import { type OutboxEntry, type OutboxRow, type OutboxState, encodePayload, localDay, rowToEntry } from './outbox-row';
import { type PayloadCodec, plainCodec } from './payload-codec';

export interface EnqueueInput {
  serviceId: string;
  /** Pseudonymous key of the person the submission is about (see OutboxEntry.personKey). */
  personKey: string;
  payload: unknown;
  paymentRef?: string;
  /** Normally generated (K01-20261128-000123); given only when the caller already showed one. */
  localRef?: string;
}

export interface OutboxOptions {
  /** Prefix of generated local references; letters and digits only. Default 'K01'. */
  kioskId?: string;
  codec?: PayloadCodec;
  now?: () => number;
  /**
   * Put entries a crashed process left in 'sending' back in the queue (default true). Tools that
   * only look at a live kiosk's queue pass false so they do not disturb its in-flight sends.
   */
  recoverOnOpen?: boolean;
  /** Drop the payload once the ministry acknowledged it: personal data is kept no longer than needed. Default true. */
  purgeDelivered?: boolean;
}

export interface OutboxFilter {
  state?: OutboxState | readonly OutboxState[];
  personKey?: string;
  limit?: number;
}

export interface OutboxStats {
  queued: number;
  sending: number;
  delivered: number;
  rejected: number;
  /** createdAt of the oldest entry still waiting (queued or sending), ms since epoch. */
  oldestQueuedAt?: number;
}

/**
 * The durable queue of submissions for the ministry gateway. Every method is one SQLite
 * transaction, committed with synchronous=FULL before it returns: once enqueue() returns, the
 * submission survives a crash or power cut. Each entry carries an idempotency key chosen once,
 * so re-sending after a crash cannot create a second submission at the gateway.
 */
export class Outbox {
  /** How many entries were found in 'sending' (left by a crash) and put back in the queue. */
  readonly recoveredOnOpen: number;
  private readonly kioskId: string;
  private readonly codec: PayloadCodec;
  private readonly now: () => number;
  private readonly purgeDelivered: boolean;
  private readonly stmt: Record<'insert' | 'nextRef' | 'byId' | 'due' | 'claim' | 'update', Statement>;

  constructor(
    private readonly db: KioskDatabase,
    opts: OutboxOptions = {},
  ) {
    this.kioskId = opts.kioskId ?? 'K01';
    if (!/^[A-Z0-9]{1,12}$/.test(this.kioskId)) throw new OutboxError('invalid-input', 'kioskId must be 1-12 capital letters or digits');
    this.codec = opts.codec ?? plainCodec;
    this.now = opts.now ?? Date.now;
    this.purgeDelivered = opts.purgeDelivered ?? true;
    this.stmt = {
      insert: db.prepare(`INSERT INTO outbox (id, service_id, person_key, payload, payload_format, payment_ref, local_ref,
          idempotency_key, state, attempts, next_attempt_at, created_at, updated_at)
        VALUES (@id, @serviceId, @personKey, @payload, @format, @paymentRef, @localRef, @key, 'queued', 0, @now, @now, @now)`),
      nextRef: db.prepare(`INSERT INTO local_ref_counter (day, last) VALUES (?, 1)
        ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`),
      byId: db.prepare('SELECT * FROM outbox WHERE id = ?'),
      // An entry waits while an earlier entry of the same person is still open: a person's
      // requests reach the ministry in the order they were made (e.g. pay, then renew).
      due: db.prepare(`SELECT o.* FROM outbox o
        WHERE o.state = 'queued' AND o.next_attempt_at <= @now
          AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.person_key = o.person_key AND p.seq < o.seq
                          AND p.state IN ('queued', 'sending'))
        ORDER BY o.seq LIMIT @limit`),
      claim: db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = @now
        WHERE id = @id AND state = 'queued' RETURNING *`),
      update: db.prepare(`UPDATE outbox SET state = @state, updated_at = @now, next_attempt_at = @nextAttemptAt,
          ministry_ref = @ministryRef, reject_code = @rejectCode, last_error = @lastError, delivered_at = @deliveredAt,
          payload = CASE WHEN @purge THEN NULL ELSE payload END
        WHERE id = @id RETURNING *`),
    };
    this.recoveredOnOpen =
      (opts.recoverOnOpen ?? true)
        ? db.prepare(`UPDATE outbox SET state = 'queued', updated_at = ? WHERE state = 'sending'`).run(this.now()).changes
        : 0;
  }

  enqueue(input: EnqueueInput): OutboxEntry {
    if (!input.serviceId || !input.personKey) throw new OutboxError('invalid-input', 'serviceId and personKey are required');
    const now = this.now();
    const payload = encodePayload(this.codec, input.payload);
    const id = randomUUID();
    const write = this.db.transaction(() => {
      const localRef = input.localRef ?? this.nextLocalRef(now);
      try {
        this.stmt.insert.run({
          id,
          serviceId: input.serviceId,
          personKey: input.personKey,
          payload,
          format: this.codec.format,
          paymentRef: input.paymentRef ?? null,
          localRef,
          key: randomUUID(),
          now,
        });
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && input.localRef) {
          throw new OutboxError('duplicate-local-ref', `local reference ${input.localRef} is already in the outbox`, { cause: err });
        }
        throw err;
      }
    });
    write.immediate();
    return this.get(id)!;
  }

  get(id: string): OutboxEntry | undefined {
    const row = this.stmt.byId.get(id) as OutboxRow | undefined;
    return row && rowToEntry(this.codec, row);
  }

  /** Marks up to `limit` due entries 'sending', oldest first, at most one open entry per person. */
  claimDue(now: number = this.now(), limit = 10): OutboxEntry[] {
    const claim = this.db.transaction(() => {
      const rows = this.stmt.due.all({ now, limit }) as OutboxRow[];
      return rows.map((r) => this.stmt.claim.get({ id: r.id, now }) as OutboxRow);
    });
    return claim.immediate().map((r) => rowToEntry(this.codec, r));
  }

  /** Idempotent: marking an already delivered entry again returns it unchanged. */
  markDelivered(id: string, ministryRef: string): OutboxEntry {
    return this.transition(id, ['queued', 'sending'], (row, now) => {
      if (row.state === 'delivered') return undefined;
      return { state: 'delivered', ministryRef, lastError: null, deliveredAt: now, purge: this.purgeDelivered ? 1 : 0 };
    });
  }

  markRetry(id: string, reason: string, nextAttemptAt: number): OutboxEntry {
    return this.transition(id, ['sending'], () => ({ state: 'queued', lastError: reason, nextAttemptAt }));
  }

  /** A dead letter: kept with its payload, for reconciliation (e.g. refunding a paid request). */
  markRejected(id: string, code: string, reason: string): OutboxEntry {
    return this.transition(id, ['queued', 'sending'], () => ({ state: 'rejected', rejectCode: code, lastError: reason }));
  }

  stats(): OutboxStats {
    const counts = this.db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: OutboxState; n: number }[];
    const stats: OutboxStats = { queued: 0, sending: 0, delivered: 0, rejected: 0 };
    for (const c of counts) stats[c.state] = c.n;
    const oldest = this.db.prepare(`SELECT min(created_at) AS t FROM outbox WHERE state IN ('queued', 'sending')`).get() as { t: number | null };
    if (oldest.t !== null) stats.oldestQueuedAt = oldest.t;
    return stats;
  }

  /** Entries in queue order (oldest first). */
  list(filter: OutboxFilter = {}): OutboxEntry[] {
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
    const sql = `SELECT * FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT @limit`;
    return (this.db.prepare(sql).all(params) as OutboxRow[]).map((r) => rowToEntry(this.codec, r));
  }

  /** When the earliest queued entry becomes due (ms since epoch), for the delivery scheduler. */
  nextDueAt(): number | undefined {
    const row = this.db.prepare(`SELECT min(next_attempt_at) AS t FROM outbox WHERE state = 'queued'`).get() as { t: number | null };
    return row.t ?? undefined;
  }

  private nextLocalRef(now: number): string {
    const day = localDay(now);
    const { last } = this.stmt.nextRef.get(day) as { last: number };
    return `${this.kioskId}-${day}-${String(last).padStart(6, '0')}`;
  }

  private transition(
    id: string,
    from: readonly OutboxState[],
    change: (row: OutboxRow, now: number) => Partial<Record<string, unknown>> & { state: OutboxState } | undefined,
  ): OutboxEntry {
    const run = this.db.transaction((): OutboxRow => {
      const row = this.stmt.byId.get(id) as OutboxRow | undefined;
      if (!row) throw new OutboxError('not-found', `no outbox entry ${id}`);
      const now = this.now();
      const next = change(row, now);
      if (next === undefined) return row;
      if (!from.includes(row.state)) {
        throw new OutboxError('invalid-transition', `outbox entry ${id} is ${row.state}; cannot become ${next.state}`);
      }
      return this.stmt.update.get({
        id,
        now,
        nextAttemptAt: row.next_attempt_at,
        ministryRef: row.ministry_ref,
        rejectCode: row.reject_code,
        lastError: row.last_error,
        deliveredAt: row.delivered_at,
        purge: 0,
        ...next,
      }) as OutboxRow;
    });
    return rowToEntry(this.codec, run.immediate());
  }
}
