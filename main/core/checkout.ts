import { errorCode } from '../../shared/coded-error';
import type { Lang, NoticeCode } from '../contract';
import { type CardIdentity, type Clock, type Logger, type PaymentOutcome, type PaymentPort, ReceiptError, type ReceiptPort, type ReceiptRequest, type SubmissionPort } from './ports';
import type { ServiceRequest } from './request';
import type { Shopper, ShopperStepOf, StepHooks } from './shopper';
import { paymentView } from './session-views';

export interface CheckoutDeps {
  payment: PaymentPort;
  submissions: SubmissionPort;
  receipts: ReceiptPort;
  log: Logger;
  currency: string;
  clock: Clock;
}

/** What the checkout needs from the session that owns it, beyond moving between steps. */
export interface CheckoutHooks {
  cardPresent(): boolean;
  endSession(notice?: NoticeCode): void;
  lang(): Lang;
  printerReady(): boolean;
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

  constructor(
    private readonly deps: CheckoutDeps,
    private readonly steps: StepHooks,
    private readonly hooks: CheckoutHooks,
  ) {}

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

  /** The ministry acknowledged a submission: its reference replaces the local one on screen. */
  delivered(shopper: Shopper, id: string, ministryRef: string): void {
    const step = shopper.step;
    if (id !== shopper.submissionId || step.screen !== 'result' || !step.submission) return;
    this.steps.revise(shopper, { ...step, submission: { ...step.submission, ministryRef, delivery: 'delivered' } });
  }

  reprint(shopper: Shopper): boolean {
    const jobId = shopper.lastJobId;
    if (jobId === undefined) return false;
    void this.print(shopper, () => this.deps.receipts.reprint(jobId));
    return true;
  }

  async pay(shopper: Shopper, identity: CardIdentity, request: ServiceRequest): Promise<void> {
    const amountCents = request.total();
    const flow = request.flow;
    const abort = new AbortController();
    this.saleAbort = abort;
    this.steps.show(shopper, { screen: 'paying', flow, amountCents, payment: { phase: 'starting' } }, { busy: true });
    let outcome: PaymentOutcome;
    try {
      outcome = await this.deps.payment.sale(amountCents, {
        signal: abort.signal,
        requestId: request.id,
        sessionId: shopper.sessionId,
        onProgress: (prompt) => this.steps.revise(shopper, { screen: 'paying', flow, amountCents, payment: { phase: 'in-progress', prompt } }),
      });
    } catch (err) {
      // Thrown means nothing was charged (terminal unavailable, a previous payment unresolved).
      const code = errorCode(err) ?? 'terminal-error';
      this.saleAbort = undefined;
      this.deps.log.warn('payment-not-started', { code });
      this.showResult(shopper, request, { payment: { phase: 'failed', reason: code } }, code === 'terminal-unavailable' ? 'terminal-unavailable' : undefined);
      this.endIfCardGone();
      return;
    }
    this.saleAbort = undefined;
    this.deps.log.info('payment-outcome', { result: outcome.result, amountCents });
    if (outcome.result === 'approved') await this.record(shopper, identity, request, outcome);
    else this.showResult(shopper, request, { payment: paymentView(outcome) });
    this.endIfCardGone();
  }

  private endIfCardGone(): void {
    if (this.endAfterPayment || !this.hooks.cardPresent()) {
      this.endAfterPayment = false;
      this.hooks.endSession('card-removed');
    }
  }

  async submitFree(shopper: Shopper, identity: CardIdentity, request: ServiceRequest): Promise<void> {
    await this.record(shopper, identity, request, undefined);
  }

  private showResult(shopper: Shopper, request: ServiceRequest, outcome: Omit<ResultStep, 'screen' | 'flow' | 'amountCents'>, notice?: NoticeCode): void {
    this.steps.show(shopper, { screen: 'result', flow: request.flow, amountCents: request.total(), ...outcome }, { busy: false, notice });
  }

  private async record(shopper: Shopper, identity: CardIdentity, request: ServiceRequest, payment: Approved | undefined): Promise<void> {
    const fees = request.fees();
    let submission: { id: string; localRef: string };
    try {
      const beneficiary = request.recordedFor();
      submission = this.deps.submissions.enqueue({ serviceId: request.service.id, applicant: identity, payload: request.payload(), payment, ...(beneficiary ? { beneficiary } : {}) });
    } catch (err) {
      // Not recorded: the shopper must not be told "received"; money taken goes back.
      this.deps.log.error('submission-not-recorded', { code: errorCode(err) ?? 'error', paid: Boolean(payment) });
      const returned = payment?.paymentId ? await this.deps.payment.cancelPaid(payment.paymentId, 'submission could not be recorded').catch(() => 'refund-owed' as const) : undefined;
      this.showResult(
        shopper,
        request,
        { payment: payment ? { phase: 'failed', reason: returned === 'reversed' ? 'reversed' : 'refund-owed' } : undefined },
        payment ? undefined : 'gateway-unavailable',
      );
      return;
    }
    // Linked at once: from here recovery knows this payment bought a recorded request.
    if (payment?.paymentId) this.deps.payment.markFulfilled(payment.paymentId, submission.id);
    shopper.submissionId = submission.id;
    this.showResult(shopper, request, {
      payment: payment ? paymentView(payment) : undefined,
      submission: { localRef: submission.localRef, delivery: 'queued' },
      receipt: { state: 'printing' },
    });
    const receipt: ReceiptRequest = {
      lang: this.hooks.lang(),
      applicant: identity,
      service: { titleAr: request.service.title.ar, titleEn: request.service.title.en },
      ...(request.beneficiary.relation !== 'self'
        ? { beneficiary: { nameAr: request.beneficiary.nameAr, nameEn: request.beneficiary.nameEn, idNumberMasked: request.beneficiary.idNumberMasked } }
        : {}),
      answers: request.flow === 'form' ? request.receiptAnswers().map(({ labelAr, labelEn, valueAr, valueEn }) => ({ labelAr, labelEn, valueAr, valueEn })) : [],
      lines: fees.length ? fees : [{ labelAr: request.service.title.ar, labelEn: request.service.title.en, amountCents: 0 }],
      totalCents: payment?.amountCents ?? 0,
      currency: this.deps.currency,
      payment,
      localRef: submission.localRef,
      issuedAt: new Date(this.deps.clock.now()),
    };
    await this.print(shopper, () => this.deps.receipts.print(receipt));
  }

  private async print(shopper: Shopper, job: () => Promise<{ jobId: number }>): Promise<void> {
    this.reviseReceipt(shopper, { state: 'printing' });
    try {
      const { jobId } = await job();
      shopper.lastJobId = jobId;
      this.reviseReceipt(shopper, { state: 'printed' });
    } catch (err) {
      const reason = errorCode(err) ?? 'printer-error';
      this.deps.log.warn('receipt-failed', { reason });
      if (err instanceof ReceiptError && err.jobId !== undefined) shopper.lastJobId = err.jobId;
      this.reviseReceipt(shopper, { state: 'failed', reason, reprintAvailable: this.hooks.printerReady() });
    }
  }

  private reviseReceipt(shopper: Shopper, receipt: NonNullable<ResultStep['receipt']>): void {
    const step = shopper.step;
    if (step.screen === 'result') this.steps.revise(shopper, { ...step, receipt });
  }
}

type ResultStep = ShopperStepOf<'result'>;
