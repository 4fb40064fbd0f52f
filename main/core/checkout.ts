import type { KioskState, Lang, NoticeCode, ScreenId } from '../contract';
import type { CardIdentity, Logger, PaymentOutcome, PaymentPort, ReceiptPort, ReceiptRequest, SubmissionPort } from './ports';
import type { ServiceRequest } from './request';
import { paymentView } from './session-views';

export interface CheckoutDeps {
  payment: PaymentPort;
  submissions: SubmissionPort;
  receipts: ReceiptPort;
  log: Logger;
  currency: string;
  now?: () => number;
}

/** What the checkout needs from the session that owns it. */
export interface CheckoutHooks {
  update(patch: Partial<KioskState>): void;
  go(screen: ScreenId, patch?: Partial<KioskState>): void;
  generation(): number;
  cardPresent(): boolean;
  endSession(notice?: NoticeCode): void;
  lang(): Lang;
  printerReady(): boolean;
  sessionId(): string;
}

type Approved = Extract<PaymentOutcome, { result: 'approved' }>;

/**
 * The end of a request: pay (if it costs anything), record the submission durably, and only
 * then tell the shopper it was received; then print the receipt. A payment that is running
 * keeps going even if the card is pulled, so money taken is always recorded.
 */
export class Checkout {
  private saleAbort: AbortController | undefined;
  private endAfterPayment = false;
  private submissionId: string | undefined;
  private lastJobId: number | undefined;
  private readonly now: () => number;

  constructor(
    private readonly deps: CheckoutDeps,
    private readonly hooks: CheckoutHooks,
  ) {
    this.now = deps.now ?? Date.now;
  }

  /** A sale is in progress with the terminal. */
  get busy(): boolean {
    return this.saleAbort !== undefined;
  }

  endWhenSettled(): void {
    this.endAfterPayment = true;
  }

  cancel(): boolean {
    if (!this.saleAbort) return false;
    this.saleAbort.abort();
    return true;
  }

  forget(): void {
    this.submissionId = undefined;
    this.lastJobId = undefined;
  }

  delivered(id: string, ministryRef: string, submission: KioskState['submission']): void {
    if (id !== this.submissionId || !submission) return;
    this.hooks.update({ submission: { ...submission, ministryRef, delivery: 'delivered' } });
  }

  reprint(): boolean {
    const jobId = this.lastJobId;
    if (jobId === undefined) return false;
    void this.print(() => this.deps.receipts.reprint(jobId));
    return true;
  }

  async pay(identity: CardIdentity, request: ServiceRequest): Promise<void> {
    const amountCents = request.total();
    const abort = new AbortController();
    this.saleAbort = abort;
    this.hooks.go('paying', { busy: true, payment: { phase: 'starting' } });
    let outcome: PaymentOutcome;
    try {
      outcome = await this.deps.payment.sale(amountCents, {
        signal: abort.signal,
        requestId: request.id,
        sessionId: this.hooks.sessionId(),
        onProgress: (prompt) => this.hooks.update({ payment: { phase: 'in-progress', prompt } }),
      });
    } catch (err) {
      // Thrown means nothing was charged (terminal unavailable, a previous payment unresolved).
      const code = (err as { code?: string }).code ?? 'terminal-error';
      this.saleAbort = undefined;
      this.deps.log.warn('payment-not-started', { code });
      this.hooks.go('result', { busy: false, payment: { phase: 'failed', reason: code }, notice: code === 'terminal-unavailable' ? 'terminal-unavailable' : undefined });
      this.endIfCardGone();
      return;
    }
    this.saleAbort = undefined;
    this.deps.log.info('payment-outcome', { result: outcome.result, amountCents });
    if (outcome.result === 'approved') await this.record(identity, request, outcome);
    else this.hooks.go('result', { busy: false, payment: paymentView(outcome) });
    this.endIfCardGone();
  }

  private endIfCardGone(): void {
    if (this.endAfterPayment || !this.hooks.cardPresent()) {
      this.endAfterPayment = false;
      this.hooks.endSession('card-removed');
    }
  }

  async submitFree(identity: CardIdentity, request: ServiceRequest): Promise<void> {
    await this.record(identity, request, undefined);
  }

  private async record(identity: CardIdentity, request: ServiceRequest, payment: Approved | undefined): Promise<void> {
    const fees = request.fees();
    let submission: { id: string; localRef: string };
    try {
      submission = this.deps.submissions.enqueue({ serviceId: request.service.id, applicant: identity, payload: request.payload(), payment });
    } catch (err) {
      // Not recorded: the shopper must not be told "received"; money taken goes back.
      this.deps.log.error('submission-not-recorded', { code: (err as { code?: string }).code ?? 'error', paid: Boolean(payment) });
      const returned = payment?.paymentId ? await this.deps.payment.cancelPaid(payment.paymentId, 'submission could not be recorded').catch(() => 'refund-owed' as const) : undefined;
      this.hooks.go('result', {
        busy: false,
        payment: payment ? { phase: 'failed', reason: returned === 'reversed' ? 'reversed' : 'refund-owed' } : undefined,
        notice: payment ? undefined : 'gateway-unavailable',
      });
      return;
    }
    // Linked at once: from here recovery knows this payment bought a recorded request.
    if (payment?.paymentId) this.deps.payment.markFulfilled(payment.paymentId, submission.id);
    this.submissionId = submission.id;
    this.hooks.go('result', {
      busy: false,
      payment: payment ? paymentView(payment) : undefined,
      submission: { localRef: submission.localRef, delivery: 'queued' },
      receipt: { state: 'printing' },
    });
    const receipt: ReceiptRequest = {
      lang: this.hooks.lang(),
      applicant: identity,
      service: { titleAr: request.service.title.ar, titleEn: request.service.title.en },
      lines: fees.length ? fees : [{ labelAr: request.service.title.ar, labelEn: request.service.title.en, amountCents: 0 }],
      totalCents: payment?.amountCents ?? 0,
      currency: this.deps.currency,
      payment,
      localRef: submission.localRef,
      issuedAt: new Date(this.now()),
    };
    await this.print(() => this.deps.receipts.print(receipt));
  }

  private async print(job: () => Promise<{ jobId: number }>): Promise<void> {
    const generation = this.hooks.generation();
    this.hooks.update({ receipt: { state: 'printing' } });
    try {
      const { jobId } = await job();
      if (generation !== this.hooks.generation()) return;
      this.lastJobId = jobId;
      this.hooks.update({ receipt: { state: 'printed' } });
    } catch (err) {
      const { code, jobId } = err as { code?: string; jobId?: number };
      const reason = code ?? 'printer-error';
      this.deps.log.warn('receipt-failed', { reason });
      if (generation !== this.hooks.generation()) return;
      if (jobId !== undefined) this.lastJobId = jobId;
      this.hooks.update({ receipt: { state: 'failed', reason, reprintAvailable: this.hooks.printerReady() } });
    }
  }
}
