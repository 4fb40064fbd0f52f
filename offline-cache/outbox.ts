import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { type KioskDatabase } from './db';
import { OutboxError } from './errors';
import { type OutboxEntry, type OutboxRow, type OutboxState, encodePayload, localDay, rowToEntry } from './outbox-row';
import { type SubmitOutcome } from './outcome';
import { type PayloadCodec, plainCodec } from './payload-codec';
import { OutboxReader } from './outbox-reader';

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
  /** How payloads are stored: aesGcmCodec(keys) in the kiosk; plain JSON only in tests and tools. */
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

/** One attempt's result, as the delivery loop records it. */
export interface Settlement {
  id: string;
  outcome: SubmitOutcome;
  /** For 'retry': when to try again (ms since epoch). */
  nextAttemptAt?: number;
}

export const DEFAULT_MAX_AGE_MS = 7 * 24 * 3600_000;

/**
 * The durable queue of submissions for the ministry gateway. Every write is one SQLite
 * transaction, committed with synchronous=FULL before it returns: once enqueue() returns, the
 * submission survives a crash or power cut. Each entry carries an idempotency key chosen once,
 * so re-sending after a crash cannot create a second submission at the gateway.
 */
export class Outbox extends OutboxReader {
  /** How many entries were found in 'sending' (left by a crash) and put back in the queue. */
  readonly recoveredOnOpen: number;
  private readonly kioskId: string;
  private readonly purgeDelivered: boolean;
  private readonly w: Record<'insert' | 'nextRef' | 'due' | 'claim' | 'update' | 'expire', Statement>;

  constructor(db: KioskDatabase, opts: OutboxOptions = {}) {
    super(db, opts.codec ?? plainCodec, opts.now ?? Date.now);
    this.kioskId = opts.kioskId ?? 'K01';
    if (!/^[A-Z0-9]{1,12}$/.test(this.kioskId)) throw new OutboxError('invalid-input', 'kioskId must be 1-12 capital letters or digits');
    this.purgeDelivered = opts.purgeDelivered ?? true;
    this.w = {
      insert: db.prepare(`INSERT INTO outbox (id, service_id, person_key, payload, payload_format, payment_ref, local_ref,
          idempotency_key, state, attempts, next_attempt_at, created_at, updated_at)
        VALUES (@id, @serviceId, @personKey, @payload, @format, @paymentRef, @localRef, @key, 'queued', 0, @now, @now, @now)`),
      nextRef: db.prepare(`INSERT INTO local_ref_counter (day, last) VALUES (?, 1)
        ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`),
      // An entry waits while an earlier entry of the same person is still open: a person's
      // requests reach the ministry in the order they were made (e.g. pay, then renew).
      due: db.prepare(`SELECT o.id FROM outbox o
        WHERE o.state = 'queued' AND o.next_attempt_at <= @now
          AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.person_key = o.person_key AND p.seq < o.seq
                          AND p.state IN ('queued', 'sending'))
        ORDER BY o.seq LIMIT @limit`),
      claim: db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = @now
        WHERE id = @id AND state = 'queued' RETURNING *`),
      update: db.prepare(`UPDATE outbox SET state = @state, updated_at = @now, next_attempt_at = @nextAttemptAt,
          ministry_ref = @ministryRef, reject_code = @rejectCode, last_error = @lastError, delivered_at = @deliveredAt,
          payload = CASE WHEN @purge THEN NULL ELSE payload END,
          purged_at = CASE WHEN @purge THEN @now ELSE purged_at END
        WHERE id = @id RETURNING *`),
      // Only 'queued' entries expire: one in flight finishes its attempt first.
      expire: db.prepare(`UPDATE outbox SET state = 'expired', updated_at = @now, reject_code = 'expired',
          last_error = 'not delivered within the maximum age' || coalesce(' (last error: ' || last_error || ')', '')
        WHERE state = 'queued' AND coalesce(requeued_at, created_at) <= @before RETURNING *`),
    };
    this.recoveredOnOpen =
      (opts.recoverOnOpen ?? true)
        ? db.prepare(`UPDATE outbox SET state = 'queued', updated_at = ? WHERE state = 'sending'`).run(this.now()).changes
        : 0;
  }

  enqueue(input: EnqueueInput): OutboxEntry {
    if (!input.serviceId || !input.personKey) throw new OutboxError('invalid-input', 'serviceId and personKey are required');
    const now = this.now();
    const id = randomUUID();
    const payload = encodePayload(this.codec, input.payload, id);
    let localRef = '';
    const write = this.db.transaction(() => {
      localRef = input.localRef ?? this.nextLocalRef(now);
      try {
        this.w.insert.run({
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

  /** Marks up to `limit` due entries 'sending', oldest first, at most one open entry per person. */
  claimDue(now: number = this.now(), limit = 10): OutboxEntry[] {
    // Payloads are decoded inside the transaction: without the key (wrong-key, key-unavailable)
    // nothing is claimed, instead of entries stuck in 'sending'. A payload that fails its
    // integrity check can never be sent: it becomes a dead letter a technician can see.
    const claim = this.db.transaction(() => {
      const rows = this.w.due.all({ now, limit }) as { id: string }[];
      const entries: OutboxEntry[] = [];
      for (const r of rows) {
        const row = this.w.claim.get({ id: r.id, now }) as OutboxRow;
        try {
          entries.push(rowToEntry(this.codec, row));
        } catch (err) {
          if ((err as OutboxError).code !== 'corrupt-payload') throw err;
          this.apply({ id: row.id, outcome: { kind: 'rejected', code: 'corrupt-payload', reason: (err as Error).message } });
        }
      }
      return entries;
    });
    return claim.immediate();
  }

  /** Idempotent: marking an already delivered entry again returns it unchanged. */
  markDelivered(id: string, ministryRef: string): OutboxEntry {
    return this.settle([{ id, outcome: { kind: 'delivered', ministryRef } }])[0]!;
  }

  markRetry(id: string, reason: string, nextAttemptAt: number): OutboxEntry {
    return this.settle([{ id, outcome: { kind: 'retry', reason }, nextAttemptAt }])[0]!;
  }

  /** A dead letter: kept with its payload and payment link, for reconciliation (e.g. a refund). */
  markRejected(id: string, code: string, reason: string): OutboxEntry {
    return this.settle([{ id, outcome: { kind: 'rejected', code, reason } }])[0]!;
  }

  /**
   * Records several attempts' results in one transaction (one fsync for a whole batch, which is
   * what lets the delivery loop drain thousands of entries quickly). All or nothing: if any
   * transition is invalid, none is recorded.
   */
  settle(results: readonly Settlement[]): OutboxEntry[] {
    const run = this.db.transaction(() => results.map((r) => this.apply(r)));
    return run.immediate().map((row) => rowToEntry(this.codec, row));
  }

  /** Queued entries older than maxAgeMs become 'expired' dead letters; returns them. */
  expireOlderThan(maxAgeMs: number, now: number = this.now()): OutboxEntry[] {
    const run = this.db.transaction(() => this.w.expire.all({ now, before: now - maxAgeMs }) as OutboxRow[]);
    return run.immediate().map((r) => rowToEntry(this.codec, r));
  }

  /**
   * For technicians: waiting entries become due now, and dead letters named by id go back to the
   * queue (same idempotency key: the gateway answers a replay, never a second submission).
   */
  retry(opts: { ids?: readonly string[]; now?: number } = {}): number {
    const now = opts.now ?? this.now();
    const run = this.db.transaction(() => {
      if (!opts.ids) return this.db.prepare(`UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE state = 'queued'`).run(now, now).changes;
      const one = this.db.prepare(`UPDATE outbox SET state = 'queued', next_attempt_at = @now, updated_at = @now,
          requeued_at = CASE WHEN state IN ('rejected', 'expired') THEN @now ELSE requeued_at END
        WHERE id = @id AND state IN ('queued', 'rejected', 'expired') AND payload IS NOT NULL`);
      let n = 0;
      for (const id of opts.ids) {
        const changed = one.run({ id, now }).changes;
        if (changed === 0 && !this.stmt.byId.get(id)) throw new OutboxError('not-found', `no outbox entry ${id}`);
        n += changed;
      }
      return n;
    });
    return run.immediate();
  }

  private apply({ id, outcome, nextAttemptAt }: Settlement): OutboxRow {
    const row = this.stmt.byId.get(id) as OutboxRow | undefined;
    if (!row) throw new OutboxError('not-found', `no outbox entry ${id}`);
    if (outcome.kind === 'delivered' && row.state === 'delivered') return row;
    const allowed: readonly OutboxState[] = outcome.kind === 'retry' ? ['sending'] : ['queued', 'sending'];
    const next: OutboxState = outcome.kind === 'retry' ? 'queued' : outcome.kind;
    if (!allowed.includes(row.state)) throw new OutboxError('invalid-transition', `outbox entry ${id} is ${row.state}; cannot become ${next}`);
    const now = this.now();
    const base = {
      id,
      now,
      state: next,
      nextAttemptAt: row.next_attempt_at,
      ministryRef: row.ministry_ref,
      rejectCode: row.reject_code,
      lastError: row.last_error,
      deliveredAt: row.delivered_at,
      purge: 0,
    };
    if (outcome.kind === 'delivered') {
      Object.assign(base, { ministryRef: outcome.ministryRef, lastError: null, deliveredAt: now, purge: this.purgeDelivered ? 1 : 0 });
    } else if (outcome.kind === 'rejected') {
      Object.assign(base, { rejectCode: outcome.code, lastError: outcome.reason });
    } else {
      Object.assign(base, { lastError: outcome.reason, nextAttemptAt: nextAttemptAt ?? now });
    }
    return this.w.update.get(base) as OutboxRow;
  }

  private nextLocalRef(now: number): string {
    const day = localDay(now);
    const { last } = this.w.nextRef.get(day) as { last: number };
    return `${this.kioskId}-${day}-${String(last).padStart(6, '0')}`;
  }
}
