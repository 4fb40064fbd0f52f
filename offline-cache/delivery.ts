import { CodedError, errorCode } from '../shared/coded-error';
import { EventEmitter } from 'node:events';
import { type BackoffPolicy, retryDelay } from './backoff';
import { DEFAULT_MAX_AGE_MS, type Outbox, type Settlement } from './outbox';
import { DEFAULT_STUCK_POLICY, type StuckPolicy } from './outbox-health';
import { type ReleasedEntry } from './outbox-lease';
import { type OutboxEntry } from './outbox-row';
import { type SubmitOutcome } from './outcome';

/**
 * Sends one entry. `signal` aborts when this process no longer holds the entry (its lease was
 * taken over): the request must stop, since another sender has the entry now.
 */
export type SendFn = (entry: OutboxEntry, signal?: AbortSignal) => Promise<SubmitOutcome>;

export interface DeliveryOptions extends BackoffPolicy {
  now?: () => number;
  random?: () => number;
  /**
   * Entries claimed and sent concurrently per round (default 32); each belongs to a different
   * person, so this is the concurrency across people. A person's entries go one at a time.
   */
  batchSize?: number;
  /** Longest sleep between rounds, so entries enqueued by another process are noticed. */
  pollMs?: number;
  /** Queued entries older than this become 'expired' dead letters (default 7 days). */
  maxAgeMs?: number;
  /** When a person's first entry is reported 'stuck' (default 8 attempts and 15 minutes). */
  stuck?: StuckPolicy;
}

export interface DeliveryEvents {
  delivered: [entry: OutboxEntry];
  /** A dead letter: the gateway refused it for good (business rule, idempotency conflict). */
  rejected: [entry: OutboxEntry];
  /** A dead letter: not delivered within the maximum age. */
  expired: [entry: OutboxEntry];
  retry: [entry: OutboxEntry, delayMs: number];
  /** Entries a gone sender (killed process, lease run out) had in flight, now queued again. */
  recovered: [entries: ReleasedEntry[]];
  /**
   * A person's first entry keeps failing while the gateway takes other people's requests: it
   * holds that person's later ones back (order is kept). Once per entry per process; a
   * technician decides (kioskctl queue set-aside / retry).
   */
  stuck: [entry: OutboxEntry];
  /** The outbox itself failed (e.g. disk full); delivery keeps running and tries again later. */
  fault: [error: Error];
}

function errorReason(err: unknown): string {
  return errorCode(err) ?? (err instanceof Error ? err.name : 'send-failed');
}

/**
 * Drains the outbox into `send` (the gateway client) in the background. Each round claims up to
 * batchSize due entries (at most one per person, in queue order), sends them concurrently, and
 * records all outcomes in one transaction. It sleeps until the next entry is due or kick().
 * A send that throws counts as 'retry': the entry's idempotency key makes re-sending safe, and a
 * crash between the gateway's answer and the record only causes a replay.
 */
export class OutboxDelivery extends EventEmitter<DeliveryEvents> {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private readonly maxAgeMs: number;
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  /** After a round where nothing got through: no new round before this (ms since epoch). */
  private pausedUntil = 0;
  private readonly stuckPolicy: StuckPolicy;
  /** Entries already reported stuck by this process. */
  private readonly reportedStuck = new Set<string>();
  /** When this process first saw each currently failing entry fail. */
  private readonly failingSince = new Map<string, number>();
  private lastDeliveredAt: number | undefined;

  constructor(
    private readonly outbox: Outbox,
    private readonly send: SendFn,
    private readonly opts: DeliveryOptions,
  ) {
    super();
    if (!(opts.baseDelayMs >= 0 && opts.maxDelayMs >= opts.baseDelayMs)) {
      throw new RangeError('need 0 <= baseDelayMs <= maxDelayMs');
    }
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? Math.random;
    this.batchSize = Math.max(1, opts.batchSize ?? 32);
    this.pollMs = Math.max(10, opts.pollMs ?? 5000);
    this.maxAgeMs = opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    if (!(this.maxAgeMs > 0)) throw new RangeError('maxAgeMs must be positive');
    this.stuckPolicy = opts.stuck ?? DEFAULT_STUCK_POLICY;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Try now (e.g. right after enqueue, or when the gateway is seen online again). */
  kick(): void {
    if (!this.running) return;
    this.pausedUntil = 0;
    if (this.current) this.again = true;
    else this.schedule(0);
  }

  /**
   * The gateway is reachable again: entries that were backing off because of the outage are due
   * now, not after their random retry delay (which could be a minute away).
   */
  resume(): void {
    if (!this.running) return;
    this.outbox.retry();
    this.kick();
  }

  /** Stops claiming; resolves once in-flight sends are recorded, so nothing stays 'sending'. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.current = this.round().finally(() => {
        this.current = undefined;
        this.afterRound();
      });
    }, delayMs);
  }

  private afterRound(): void {
    if (!this.running) return;
    if (this.again) {
      this.again = false;
      this.schedule(0);
      return;
    }
    let wait = this.pollMs;
    try {
      const due = this.outbox.nextDueAt();
      if (due !== undefined) wait = Math.min(wait, Math.max(0, due - this.now(), this.pausedUntil - this.now()));
    } catch (err) {
      this.fault(err);
    }
    this.schedule(wait);
  }

  private async round(): Promise<void> {
    try {
      const recovered = this.outbox.releaseLost(this.now());
      if (recovered.length > 0) this.emit('recovered', recovered);
      for (const e of this.outbox.expireOlderThan(this.maxAgeMs, this.now())) this.emit('expired', e);
    } catch (err) {
      this.fault(err);
    }
    while (this.running && this.now() >= this.pausedUntil) {
      let batch: OutboxEntry[];
      try {
        batch = this.outbox.claimDue(this.now(), this.batchSize);
      } catch (err) {
        this.fault(err);
        return;
      }
      if (batch.length === 0) return;
      const outcomes = await this.sendHoldingLeases(batch);
      const delays = this.record(batch, outcomes);
      // Nothing got through (gateway down or refusing): do not burn through every other person's
      // entry now; wait as long as the shortest backoff just drawn, or for a kick (the probe
      // seeing the gateway back, a new enqueue).
      if (outcomes.every((o) => o.kind === 'retry')) {
        this.pausedUntil = this.now() + Math.min(...delays.values());
        return;
      }
    }
  }

  /**
   * Sends a batch while renewing its leases every third of the lease time, so a slow gateway
   * never lets another process take over an entry this one is still sending. An entry whose
   * lease was lost anyway (this process stalled past it) has its request aborted: the entry is
   * the other sender's now, and this one's answer would only be discarded.
   */
  private async sendHoldingLeases(batch: readonly OutboxEntry[]): Promise<SubmitOutcome[]> {
    const controllers = new Map(batch.map((e) => [e.id, new AbortController()]));
    const renew = setInterval(() => {
      try {
        const held = this.outbox.renewLeases(this.now());
        for (const [id, c] of controllers) if (!held.has(id)) c.abort(new CodedError('lease-lost', 'another sender took this entry over'));
      } catch (err) {
        this.fault(err);
      }
    }, Math.max(50, Math.floor(this.outbox.leaseMs / 3)));
    try {
      return await Promise.all(batch.map((entry) => this.attempt(entry, controllers.get(entry.id)!.signal)));
    } finally {
      clearInterval(renew);
    }
  }

  private async attempt(entry: OutboxEntry, signal: AbortSignal): Promise<SubmitOutcome> {
    try {
      return await this.send(entry, signal);
    } catch (err) {
      return { kind: 'retry', reason: errorReason(err) };
    }
  }

  /** Records the outcomes; returns the retry delays drawn, by entry id. */
  private record(batch: readonly OutboxEntry[], outcomes: readonly SubmitOutcome[]): Map<string, number> {
    const now = this.now();
    const delays = new Map<string, number>();
    const settlements: Settlement[] = batch.map((entry, i) => {
      const outcome = outcomes[i]!;
      if (outcome.kind !== 'retry') return { id: entry.id, outcome };
      const delay = retryDelay(entry.attempts, this.opts, this.random, outcome.retryAfterMs);
      delays.set(entry.id, delay);
      return { id: entry.id, outcome, nextAttemptAt: now + delay };
    });
    let settled: OutboxEntry[];
    try {
      settled = this.outbox.settle(settlements);
    } catch (err) {
      this.fault(err);
      // One at a time, so one bad row does not hold back the others. Any left 'sending' are
      // taken back once their lease runs out (releaseLost); their keys make that safe.
      settled = [];
      for (const s of settlements) {
        try {
          settled.push(...this.outbox.settle([s]));
        } catch (e) {
          this.fault(e);
        }
      }
    }
    for (const entry of settled) {
      if (entry.state !== 'queued') this.failingSince.delete(entry.id);
      if (entry.state === 'delivered') {
        this.lastDeliveredAt = now;
        this.emit('delivered', entry);
      } else if (entry.state === 'rejected') this.emit('rejected', entry);
      else this.emit('retry', entry, delays.get(entry.id) ?? 0);
    }
    for (const entry of settled) if (entry.state === 'queued') this.reportIfStuck(entry, now);
    return delays;
  }

  /**
   * Claimed entries are their person's first, so one that keeps failing holds that person's
   * line. It is reported only when it failed again after the gateway took someone else's request
   * since its first failure here: during an outage every line waits (that is the probe's news),
   * and when the gateway comes back a line that only waited for it moves on.
   */
  private reportIfStuck(entry: OutboxEntry, now: number): void {
    if (this.reportedStuck.has(entry.id)) return;
    const since = this.failingSince.get(entry.id);
    if (since === undefined) {
      this.failingSince.set(entry.id, now);
      return;
    }
    if (entry.attempts < this.stuckPolicy.attempts || now - (entry.requeuedAt ?? entry.createdAt) < this.stuckPolicy.afterMs) return;
    if (this.lastDeliveredAt === undefined || this.lastDeliveredAt <= since) return;
    this.reportedStuck.add(entry.id);
    this.failingSince.delete(entry.id);
    this.emit('stuck', entry);
  }

  /** Faults must not vanish when nobody listens; their messages carry ids and codes only. */
  private fault(err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    if (this.listenerCount('fault') > 0) this.emit('fault', error);
    else console.warn(`outbox delivery: ${error.message}`);
  }
}
