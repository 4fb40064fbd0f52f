import { errorCode } from '../../shared/coded-error';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { PaymentTerminal, SaleResult } from '../../drivers/payment';
import type { JournalEntry, PaymentJournal } from '../../offline-cache/payment-journal';
import type { TerminalPrompt } from '../contract';
import type { Logger, PaymentPort } from '../core/ports';
import { approvedOutcome, saleRef } from './outcome';
import { recoverJournal, resolveUnknown, returnPayment } from './recovery';
import { journalingHooks } from './sale-hooks';
import { type JournaledOutcome, type PaymentReturn, PaymentServiceError, type PaymentServiceEvents, type PaymentServiceState, type RecoveryReport, type SaleStep } from './types';

export interface PaymentServiceOptions {
  journal: PaymentJournal;
  /** The terminal, or undefined while none is connected (the service is then 'unavailable'). */
  terminal?: PaymentTerminal;
  currency: string;
  log?: Logger;
  now?: () => number;
  /** After recovery could not reach the terminal, when to try again. Default 30 s. */
  retryMs?: number;
  busyRetryMs?: number;
  /** How long a session may hold an approved payment before recovery settles it anyway. Default 15 min. */
  sessionHoldMs?: number;
  /** The caller already registered (06 00) this terminal; otherwise recovery registers it first. */
  registered?: boolean;
  /** Finds the outbox submission carrying this payment (see outboxSubmissionFinder). */
  findSubmission?: (entry: JournalEntry) => string | undefined;
  /** Reported after the journal write of each step: crash tests kill the process here. */
  onStep?: (step: SaleStep, paymentId: string) => void;
}

export interface SaleRequest {
  onProgress: (prompt: TerminalPrompt) => void;
  signal: AbortSignal;
  /** The kiosk session paying; recorded so ops can tie a refund owed to a visit. */
  sessionId?: string;
  /** One id per thing being paid for: a second sale for the same request is refused. */
  requestId?: string;
}

/**
 * Card payments that survive crashes: every sale is journaled before the terminal is asked and
 * after each answer, "approved" is returned only once it is durable, and any payment whose
 * outcome was lost is settled with the terminal (recover()) before another one is taken.
 */
export class PaymentService extends EventEmitter implements PaymentPort {
  private terminal: PaymentTerminal | undefined;
  private current: PaymentServiceState;
  /** Payments a session holds (running, or approved and not yet linked), with when it took them. */
  private readonly live = new Map<string, number>();
  private recovering: Promise<RecoveryReport> | undefined;
  private saleRunning = false;
  private registered: boolean;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly now: () => number;

  constructor(private readonly opts: PaymentServiceOptions) {
    super();
    this.terminal = opts.terminal;
    this.now = opts.now ?? Date.now;
    this.current = opts.terminal ? 'recovering' : 'unavailable';
    this.registered = opts.registered ?? false;
  }

  override on<E extends keyof PaymentServiceEvents>(event: E, listener: PaymentServiceEvents[E]): this {
    return super.on(event, listener);
  }

  get state(): PaymentServiceState {
    return this.current;
  }

  /** Connects (or, with undefined, disconnects) the terminal; a new terminal is recovered first. */
  setTerminal(terminal: PaymentTerminal | undefined): void {
    this.terminal = terminal;
    this.registered = false;
    this.setState(terminal ? 'recovering' : 'unavailable');
  }

  /**
   * A technician's administration on the terminal (diagnosis 06 70, end of day 06 50): never
   * beside a sale or a recovery, since the terminal holds one dialogue at a time, and a sale
   * asked for meanwhile is refused as busy.
   */
  async administer<T>(run: (terminal: PaymentTerminal) => Promise<T>): Promise<T> {
    const terminal = this.terminal;
    if (!terminal) throw new PaymentServiceError('terminal-unavailable', 'no payment terminal is connected');
    if (this.saleRunning || this.recovering) throw new PaymentServiceError('busy', 'the terminal is busy with a payment');
    this.saleRunning = true;
    try {
      return await run(terminal);
    } finally {
      this.saleRunning = false;
    }
  }

  /** Payments that need ops: refund owed, or outcome still unknown. */
  needingAttention(): JournalEntry[] {
    return this.opts.journal.open().filter((e) => !this.live.has(e.id));
  }

  async sale(amountCents: number, req: SaleRequest): Promise<JournaledOutcome> {
    const terminal = await this.readyTerminal();
    if (this.saleRunning) throw new PaymentServiceError('busy', 'a payment is already running');
    this.saleRunning = true;
    const { journal } = this.opts;
    try {
      const entry = journal.recordIntent({
        sessionId: req.sessionId ?? 'unknown-session',
        requestId: req.requestId ?? randomUUID(),
        amountCents,
        currency: this.opts.currency,
      });
      const id = entry.id;
      // Recovery running meanwhile (its retry timer) must leave this payment to this call.
      this.live.set(id, this.now());
      this.step('intent-recorded', id);
      const journaling = journalingHooks(journal, id, (st) => this.step(st, id), req.onProgress);
      let result: SaleResult;
      try {
        result = await terminal.sale(amountCents, { signal: req.signal, ...journaling.hooks });
      } catch (err) {
        // The driver throws only when nothing can have been charged.
        const code = errorCode(err) ?? 'terminal-error';
        const resultCode = (err as { resultCode?: number }).resultCode;
        this.live.delete(id);
        journal.recordOutcome(id, resultCode === undefined ? 'aborted' : 'declined', { reason: code, ...(resultCode !== undefined && { resultCode }) });
        this.step('outcome-recorded', id);
        if (resultCode !== undefined) return { paymentId: id, result: 'declined', code: resultCode, reason: code };
        throw new PaymentServiceError('terminal-unavailable', `payment terminal failed before the sale started (${code})`);
      }
      if (journaling.fault() !== undefined) return this.journalBroken(id, journaling.fault());
      const outcome = await this.settle(id, result);
      if (outcome.result !== 'approved') this.live.delete(id);
      return outcome;
    } finally {
      this.saleRunning = false;
    }
  }

  /**
   * The journal could not record a step: nothing about this payment is durable, so it must not be
   * reported as paid. The service stops taking payments until a recovery (which needs a working
   * database) has settled it with the terminal.
   */
  private journalBroken(id: string, err: unknown): JournaledOutcome {
    this.live.delete(id);
    this.opts.log?.error('payment-journal-failed', { error: (err as Error).message });
    try {
      this.opts.journal.recordOutcome(id, 'unknown', { reason: 'journal write failed during the sale' });
    } catch {
      // Still failing: the intent row (written first) is 'pending' and recovery will find it.
    }
    this.setState('unavailable');
    return { paymentId: id, result: 'unknown', reason: 'payment-journal-failed' };
  }

  /** Links an approved payment to the outbox submission it paid for; only then is it settled. */
  markFulfilled(paymentId: string, submissionId: string): void {
    this.opts.journal.markFulfilled(paymentId, submissionId);
    this.live.delete(paymentId);
  }

  /**
   * The approved payment's request cannot be completed (enqueue failed): reverse it now, or
   * record a refund owed. Resolves with the journal state it ended in.
   */
  async cancelPaid(paymentId: string, reason: string): Promise<PaymentReturn> {
    this.live.delete(paymentId);
    return this.returned(await returnPayment(this.opts.journal, this.terminal, this.opts.journal.get(paymentId), reason, this.now()));
  }

  /**
   * The gateway rejected a submission for good: the payment that paid for it goes back (reversal
   * the same day, else refund owed). Resolves undefined when no payment is linked to it.
   */
  async submissionRejected(submissionId: string, reason: string): Promise<PaymentReturn | undefined> {
    const entry = this.opts.journal.findBySubmission(submissionId);
    if (!entry || entry.state !== 'fulfilled') return undefined;
    return this.returned(await returnPayment(this.opts.journal, this.terminal, entry, reason, this.now()));
  }

  private returned(entry: JournalEntry): PaymentReturn {
    if (entry.state === 'refund-owed') this.emit('refund-owed', entry);
    return entry.state === 'reversed' || entry.state === 'refund-owed' ? entry.state : 'reversal-pending';
  }

  /** Settles every open payment with the terminal. Runs at startup and after a sale went silent. */
  recover(): Promise<RecoveryReport> {
    this.recovering ??= this.runRecovery().finally(() => (this.recovering = undefined));
    return this.recovering;
  }

  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.removeAllListeners();
  }

  private async runRecovery(): Promise<RecoveryReport> {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.saleRunning) {
      // The terminal is busy with a sale (which itself settles its outcome): try again later.
      this.scheduleRetry();
      return { settled: [], unresolved: [], refundOwed: [] };
    }
    const terminal = this.terminal;
    if (!terminal) {
      this.setState('unavailable');
      return { settled: [], unresolved: this.needingAttention().map((e) => e.id), refundOwed: [] };
    }
    this.setState('recovering');
    if (!this.registered) {
      try {
        await terminal.register();
        this.registered = true;
      } catch (err) {
        // Off, unplugged or busy finishing something: no payment until it answers.
        this.opts.log?.warn('terminal-registration-failed', { code: errorCode(err) ?? 'error' });
        this.setState('unavailable');
        this.scheduleRetry();
        return { settled: [], unresolved: this.needingAttention().filter((e) => e.state === 'pending' || e.state === 'unknown' || e.state === 'reversal-pending').map((e) => e.id), refundOwed: [] };
      }
    }
    const report = await recoverJournal({
      journal: this.opts.journal,
      terminal,
      now: this.now,
      live: this.heldBySessions(),
      busyRetryMs: this.opts.busyRetryMs,
      onRefundOwed: (e) => this.emit('refund-owed', e),
      ...(this.opts.findSubmission && { findSubmission: this.opts.findSubmission }),
    });
    this.opts.log?.info('payment-recovery', { settled: report.settled.length, unresolved: report.unresolved.length, refundOwed: report.refundOwed.length });
    if (report.unresolved.length > 0) {
      this.setState('unavailable');
      this.scheduleRetry();
    } else this.setState('ready');
    this.emit('recovered', report);
    return report;
  }

  private async readyTerminal(): Promise<PaymentTerminal> {
    if (this.current !== 'ready') await this.recover();
    const terminal = this.terminal;
    if (!terminal || !terminal.isOpen) throw new PaymentServiceError('terminal-unavailable', 'payment terminal is not connected');
    if (this.current !== 'ready') throw new PaymentServiceError('previous-payment-unresolved', 'an earlier payment is still being checked with the terminal');
    return terminal;
  }

  private async settle(id: string, result: SaleResult): Promise<JournaledOutcome> {
    const { journal } = this.opts;
    switch (result.result) {
      case 'approved': {
        const entry = journal.recordOutcome(id, 'approved', saleRef(result));
        this.step('approved-recorded', id);
        return { paymentId: id, ...approvedOutcome(entry, result.panMasked) };
      }
      case 'declined':
        journal.recordOutcome(id, 'declined', { resultCode: result.code, reason: result.reason });
        this.step('outcome-recorded', id);
        return { paymentId: id, result: 'declined', code: result.code, reason: result.reason };
      case 'aborted':
        journal.recordOutcome(id, 'aborted', result.code === undefined ? {} : { resultCode: result.code });
        this.step('outcome-recorded', id);
        return { paymentId: id, result: 'aborted' };
      case 'unknown': {
        journal.recordOutcome(id, 'unknown', { reason: result.reason, ...(result.trace !== undefined && { trace: result.trace }), ...(result.receiptNo !== undefined && { receiptNo: result.receiptNo }) });
        this.step('outcome-recorded', id);
        // Ask the terminal now, so the shopper gets a real answer instead of "unknown".
        this.emit('checking', id);
        const resolved = await this.resolveNow(id);
        if (resolved.state === 'approved') return { paymentId: id, ...approvedOutcome(resolved) };
        if (resolved.state === 'aborted' || resolved.state === 'declined') return { paymentId: id, result: 'aborted' };
        return { paymentId: id, result: 'unknown', reason: result.reason };
      }
    }
  }

  /** Recovery of one silent sale while its session still waits: an approval stays the session's to complete. */
  private async resolveNow(id: string): Promise<JournalEntry> {
    const { journal } = this.opts;
    const terminal = this.terminal;
    if (!terminal) return journal.get(id);
    try {
      return await resolveUnknown({ journal, terminal, now: this.now, busyRetryMs: this.opts.busyRetryMs }, journal.get(id));
    } catch {
      this.setState('unavailable');
      this.scheduleRetry();
      return journal.get(id);
    }
  }

  /**
   * Live payments recovery must leave alone. A session that neither linked nor cancelled its
   * approved payment within `sessionHoldMs` is gone in all but name: its payment is settled.
   */
  private heldBySessions(): Set<string> {
    const cutoff = this.now() - (this.opts.sessionHoldMs ?? 15 * 60_000);
    return new Set([...this.live].filter(([, since]) => since >= cutoff).map(([id]) => id));
  }

  private scheduleRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.recover().catch(() => undefined), this.opts.retryMs ?? 30_000);
    this.retryTimer.unref?.();
  }

  private setState(s: PaymentServiceState): void {
    if (s === this.current) return;
    this.current = s;
    this.emit('state', s);
  }

  private step(step: SaleStep, id: string): void {
    this.opts.onStep?.(step, id);
  }
}
