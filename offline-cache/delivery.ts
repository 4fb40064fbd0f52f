import { EventEmitter } from 'node:events';
import { type BackoffPolicy, retryDelay } from './backoff';
import { type Outbox } from './outbox';
import { type OutboxEntry } from './outbox-row';
import { type SubmitOutcome } from './outcome';

export type SendFn = (entry: OutboxEntry) => Promise<SubmitOutcome>;

export interface DeliveryOptions extends BackoffPolicy {
  now?: () => number;
  random?: () => number;
  /** Entries claimed (and sent concurrently) per round; each belongs to a different person. */
  batchSize?: number;
  /** Longest sleep between rounds, so entries enqueued by another process are noticed. */
  pollMs?: number;
}

export interface DeliveryEvents {
  delivered: [entry: OutboxEntry];
  rejected: [entry: OutboxEntry];
  retry: [entry: OutboxEntry, delayMs: number];
  /** The outbox itself failed (e.g. disk full); delivery keeps running and tries again later. */
  fault: [error: Error];
}

function errorReason(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown };
  if (typeof e?.code === 'string') return e.code;
  return typeof e?.name === 'string' ? e.name : 'send-failed';
}

/**
 * Drains the outbox into `send` (the gateway client) in the background: claims due entries,
 * sends them, records the outcome, and sleeps until the next entry is due or kick() is called.
 * A send that throws counts as "retry": the entry's idempotency key makes re-sending safe.
 */
export class OutboxDelivery extends EventEmitter<DeliveryEvents> {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly batchSize: number;
  private readonly pollMs: number;
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;

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
    this.batchSize = Math.max(1, opts.batchSize ?? 8);
    this.pollMs = Math.max(10, opts.pollMs ?? 5000);
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
    if (this.current) this.again = true;
    else this.schedule(0);
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
      if (due !== undefined) wait = Math.min(wait, Math.max(0, due - this.now()));
    } catch (err) {
      this.fault(err);
    }
    this.schedule(wait);
  }

  private async round(): Promise<void> {
    while (this.running) {
      let batch: OutboxEntry[];
      try {
        batch = this.outbox.claimDue(this.now(), this.batchSize);
      } catch (err) {
        this.fault(err);
        return;
      }
      if (batch.length === 0) return;
      await Promise.all(batch.map((entry) => this.deliver(entry)));
    }
  }

  /** Faults must not vanish when nobody listens; their messages carry ids and codes only. */
  private fault(err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    if (this.listenerCount('fault') > 0) this.emit('fault', error);
    else console.warn(`outbox delivery: ${error.message}`);
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    let outcome: SubmitOutcome;
    try {
      outcome = await this.send(entry);
    } catch (err) {
      outcome = { kind: 'retry', reason: errorReason(err) };
    }
    try {
      if (outcome.kind === 'delivered') {
        this.emit('delivered', this.outbox.markDelivered(entry.id, outcome.ministryRef));
      } else if (outcome.kind === 'rejected') {
        this.emit('rejected', this.outbox.markRejected(entry.id, outcome.code, outcome.reason));
      } else {
        const delay = retryDelay(entry.attempts, this.opts, this.random, outcome.retryAfterMs);
        this.emit('retry', this.outbox.markRetry(entry.id, outcome.reason, this.now() + delay), delay);
      }
    } catch (err) {
      this.fault(err);
    }
  }
}
