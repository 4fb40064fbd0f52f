import { errorCode } from '../shared/coded-error';
import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import { type KioskDatabase } from './db';
import { OutboxError } from './errors';
import { type OutboxEntry, type OutboxKind, type OutboxRow, type OutboxState, encodeBeneficiary, encodePayload, localDay, rowToEntry, type Beneficiary } from './outbox-row';
import { type SubmitOutcome } from './outcome';
import { type PayloadCodec, plainCodec } from './payload-codec';
import { OutboxReader } from './outbox-reader';
import { DEFAULT_LEASE_MS, describeSender, LeaseBook, newSenderId, type ReleasedEntry } from './outbox-lease';

export interface EnqueueInput {
  /** Default 'submission'. */
  kind?: OutboxKind;
  serviceId: string;
  /** Pseudonymous key of the person the submission is about (see OutboxEntry.personKey). */
  personKey: string;
  payload: unknown;
  paymentRef?: string;
  /** Normally generated (K01-20261128-000123); given only when the caller already showed one. */
  localRef?: string;
  /** A sponsored person the submission is for (see Beneficiary); absent for the card holder. */
  beneficiary?: Beneficiary;
}

export interface OutboxOptions {
  /** Prefix of generated local references; letters and digits only. Default 'K01'. */
  kioskId?: string;
  /** How payloads are stored: aesGcmCodec(keys) in the kiosk; plain JSON only in tests and tools. */
  codec?: PayloadCodec;
  now?: () => number;
  /**
   * Put entries whose sender is gone (its lease ran out, or its process no longer exists) back in
   * the queue when opening (default true). Entries a live process is sending are never touched.
   */
  recoverOnOpen?: boolean;
  /** This process's sender id (newSenderId); default newSenderId('kiosk'). */
  sender?: string;
  /** How long a claim holds without renewal (default 30 s). */
  leaseMs?: number;
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
 * States the gateway's answer may still be recorded in. 'expired' is among them: an entry that
 * expired after its sender was lost may still have reached the ministry, and then it was
 * delivered (or refused), not lost.
 */
const ANSWERABLE: readonly OutboxState[] = ['queued', 'sending', 'expired'];

/**
 * The durable queue of submissions for the ministry gateway. Every write is one SQLite
 * transaction, committed with synchronous=FULL before it returns: once enqueue() returns, the
 * submission survives a crash or power cut. Each entry carries an idempotency key chosen once,
 * so re-sending after a crash cannot create a second submission at the gateway.
 */
export class Outbox extends OutboxReader {
  /** How many entries a gone sender left in 'sending' were put back in the queue on open. */
  readonly recoveredOnOpen: number;
  /** This process's sender id: what its claims are recorded under. */
  readonly sender: string;
  readonly leaseMs: number;
  private readonly leases: LeaseBook;
  private readonly kioskId: string;
  private readonly purgeDelivered: boolean;
  private readonly w: Record<'insert' | 'nextRef' | 'due' | 'claim' | 'update' | 'expire' | 'setAside', Statement>;

  constructor(db: KioskDatabase, opts: OutboxOptions = {}) {
    super(db, opts.codec ?? plainCodec, opts.now ?? Date.now);
    this.kioskId = opts.kioskId ?? 'K01';
    if (!/^[A-Z0-9]{1,12}$/.test(this.kioskId)) throw new OutboxError('invalid-input', 'kioskId must be 1-12 capital letters or digits');
    this.purgeDelivered = opts.purgeDelivered ?? true;
    this.sender = opts.sender ?? newSenderId('kiosk');
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
    if (!(this.leaseMs >= 100)) throw new OutboxError('invalid-input', 'leaseMs must be at least 100 ms');
    this.leases = new LeaseBook(db, this.sender, this.leaseMs);
    this.w = {
      insert: db.prepare(`INSERT INTO outbox (id, kind, service_id, person_key, payload, payload_format, payment_ref, local_ref,
          idempotency_key, state, attempts, next_attempt_at, created_at, updated_at, beneficiary)
        VALUES (@id, @kind, @serviceId, @personKey, @payload, @format, @paymentRef, @localRef, @key, 'queued', 0, @now, @now, @now, @beneficiary)`),
      nextRef: db.prepare(`INSERT INTO local_ref_counter (day, last) VALUES (?, 1)
        ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`),
      // An entry waits while an earlier entry of the same person is still open: a person's
      // requests reach the ministry in the order they were made (e.g. pay, then renew). One a
      // technician set aside neither goes nor holds the others back.
      due: db.prepare(`SELECT o.id FROM outbox o
        WHERE o.state = 'queued' AND o.next_attempt_at <= @now AND o.set_aside_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.person_key = o.person_key AND p.seq < o.seq
                          AND p.state IN ('queued', 'sending') AND p.set_aside_at IS NULL)
        ORDER BY o.seq LIMIT @limit`),
      claim: db.prepare(`UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = @now,
          lease_owner = @sender, lease_until = @until, claimed_at = @now
        WHERE id = @id AND state = 'queued' AND set_aside_at IS NULL RETURNING *`),
      setAside: db.prepare(`UPDATE outbox SET set_aside_at = @now, updated_at = @now WHERE id = @id AND state = 'queued' AND set_aside_at IS NULL`),
      update: db.prepare(`UPDATE outbox SET state = @state, updated_at = @now, next_attempt_at = @nextAttemptAt,
          lease_owner = NULL, lease_until = NULL,
          ministry_ref = @ministryRef, reject_code = @rejectCode, last_error = @lastError, delivered_at = @deliveredAt,
          payload = CASE WHEN @purge THEN NULL ELSE payload END,
          purged_at = CASE WHEN @purge THEN @now ELSE purged_at END
        WHERE id = @id RETURNING *`),
      // Only 'queued' entries expire: one in flight finishes its attempt first.
      expire: db.prepare(`UPDATE outbox SET state = 'expired', updated_at = @now, reject_code = 'expired',
          last_error = 'not delivered within the maximum age' || coalesce(' (last error: ' || last_error || ')', '')
        WHERE state = 'queued' AND coalesce(requeued_at, created_at) <= @before RETURNING *`),
    };
    this.recoveredOnOpen = (opts.recoverOnOpen ?? true) ? this.releaseLost().length : 0;
  }

  /**
   * Puts back in the queue every 'sending' entry whose sender is gone (see LeaseBook.releaseLost);
   * an entry a live process holds is left alone, so two processes never send it at once.
   */
  releaseLost(now: number = this.now()): ReleasedEntry[] {
    return this.leases.releaseLost(now);
  }

  /** Extends this sender's leases; an id missing from the result was taken over: stop sending it. */
  renewLeases(now: number = this.now()): Set<string> {
    return this.leases.renew(now);
  }

  /**
   * For technicians: takes a queued entry out of its person's line, so the requests behind it
   * can go (they were held to keep the person's order). It stays queued, with its payload and
   * payment link, but is not sent until `retry({ids})` puts it back in line. Not for an entry
   * in flight: a live sender finishes its attempt first.
   */
  setAside(id: string, now: number = this.now()): OutboxEntry {
    const run = this.db.transaction(() => {
      this.releaseLost(now);
      const row = this.stmt.byId.get(id) as OutboxRow | undefined;
      if (!row) throw new OutboxError('not-found', `no outbox entry ${id}`);
      if (row.set_aside_at !== null && row.state === 'queued') return row;
      if (row.state === 'sending') throw new OutboxError('invalid-transition', `outbox entry ${id} is being sent by ${describeSender(row.lease_owner)}; try again once that attempt ends`);
      if (row.state !== 'queued') throw new OutboxError('invalid-transition', `outbox entry ${id} is ${row.state}; only a waiting entry can be set aside`);
      this.w.setAside.run({ id, now });
      return this.stmt.byId.get(id) as OutboxRow;
    });
    return rowToEntry(this.codec, run.immediate());
  }

  enqueue(input: EnqueueInput): OutboxEntry {
    if (!input.serviceId || !input.personKey) throw new OutboxError('invalid-input', 'serviceId and personKey are required');
    const now = this.now();
    const id = randomUUID();
    const payload = encodePayload(this.codec, input.payload, id);
    const beneficiary = encodeBeneficiary(input.beneficiary);
    let localRef = '';
    const write = this.db.transaction(() => {
      localRef = input.localRef ?? this.nextLocalRef(now);
      try {
        this.w.insert.run({
          id,
          kind: input.kind ?? 'submission',
          serviceId: input.serviceId,
          personKey: input.personKey,
          payload,
          format: this.codec.format,
          paymentRef: input.paymentRef ?? null,
          localRef,
          key: randomUUID(),
          now,
          beneficiary,
        });
      } catch (err) {
        if (errorCode(err) === 'SQLITE_CONSTRAINT_UNIQUE' && input.localRef) {
          throw new OutboxError('duplicate-local-ref', `local reference ${input.localRef} is already in the outbox`, { cause: err });
        }
        throw err;
      }
    });
    write.immediate();
    return this.get(id)!;
  }

  /**
   * Marks up to `limit` due entries 'sending' under this sender's lease, oldest first, at most
   * one open entry per person.
   */
  claimDue(now: number = this.now(), limit = 10): OutboxEntry[] {
    // Payloads are decoded inside the transaction: without the key (wrong-key, key-unavailable)
    // nothing is claimed, instead of entries stuck in 'sending'. A payload that fails its
    // integrity check can never be sent: it becomes a dead letter a technician can see.
    const claim = this.db.transaction(() => {
      const rows = this.w.due.all({ now, limit }) as { id: string }[];
      const entries: OutboxEntry[] = [];
      for (const r of rows) {
        const row = this.w.claim.get({ id: r.id, now, sender: this.sender, until: now + this.leaseMs }) as OutboxRow;
        try {
          entries.push(rowToEntry(this.codec, row));
        } catch (err) {
          if (errorCode(err) !== 'corrupt-payload') throw err;
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

  /** Undefined when this sender no longer holds the entry (another took it over). */
  markRetry(id: string, reason: string, nextAttemptAt: number): OutboxEntry | undefined {
    return this.settle([{ id, outcome: { kind: 'retry', reason }, nextAttemptAt }])[0];
  }

  /** A dead letter: kept with its payload and payment link, for reconciliation (e.g. a refund). */
  markRejected(id: string, code: string, reason: string): OutboxEntry {
    return this.settle([{ id, outcome: { kind: 'rejected', code, reason } }])[0]!;
  }

  /**
   * Records several attempts' results in one transaction (one fsync for a whole batch, which is
   * what lets the delivery loop drain thousands of entries quickly). All or nothing: if any
   * transition is invalid, none is recorded. A 'retry' for an entry this sender no longer holds
   * (its lease ran out and another sender took it over) is left out of the result: the entry is
   * the other sender's now. The gateway's answers ('delivered', 'rejected') are recorded
   * whoever sent them: they are facts about the entry, and its key makes them the same for all.
   */
  settle(results: readonly Settlement[]): OutboxEntry[] {
    const run = this.db.transaction(() => results.map((r) => this.apply(r)).filter((row) => row !== undefined));
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
      const one = this.db.prepare(`UPDATE outbox SET state = 'queued', next_attempt_at = @now, updated_at = @now, set_aside_at = NULL,
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

  private apply({ id, outcome, nextAttemptAt }: Settlement): OutboxRow | undefined {
    const row = this.stmt.byId.get(id) as OutboxRow | undefined;
    if (!row) throw new OutboxError('not-found', `no outbox entry ${id}`);
    const next: OutboxState = outcome.kind === 'retry' ? 'queued' : outcome.kind;
    // The same answer again (a replay, or two senders after a takeover) changes nothing.
    if (outcome.kind !== 'retry' && row.state === next) return row;
    if (outcome.kind === 'retry') {
      const mine = row.state === 'sending' && row.lease_owner === this.sender;
      if (!mine && row.claimed_at !== null) return undefined; // taken over: the other sender's now
      if (!mine) throw new OutboxError('invalid-transition', `outbox entry ${id} is ${row.state} and was never claimed; cannot be retried`);
    } else if (!ANSWERABLE.includes(row.state)) {
      throw new OutboxError('invalid-transition', `outbox entry ${id} is ${row.state}; cannot become ${next}`);
    }
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
