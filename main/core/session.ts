import {
  ACCEPTED,
  type DeviceHealth,
  type Intent,
  type IntentResult,
  type KioskState,
  type NoticeCode,
  type ScreenId,
  rejected,
} from '../contract';
import { type ServiceDefinition, type SessionTimings, PAY_TRAFFIC_FINES, defaultTimings } from './catalog';
import { maskIdNumber, isExpired } from './person';
import type {
  CardIdentity,
  CardPort,
  Fine,
  FinesPort,
  Logger,
  PaymentOutcome,
  PaymentPort,
  ReceiptPort,
  ReceiptRequest,
  SubmissionPort,
} from './ports';

export interface SessionDeps {
  card: CardPort;
  fines: FinesPort;
  payment: PaymentPort;
  submissions: SubmissionPort;
  receipts: ReceiptPort;
  log: Logger;
  catalog: ServiceDefinition[];
  currency: string;
  timings?: SessionTimings;
  now?: () => number;
}

type Approved = Extract<PaymentOutcome, { result: 'approved' }>;

/** Screens where the shopper is expected to act, so inactivity ends the session. */
const INTERACTIVE: ReadonlySet<ScreenId> = new Set(['pin', 'welcome', 'fines', 'confirm', 'result', 'error']);

/**
 * The one owner of a shopper's session. Identity comes only from the card, fines and amounts
 * only from the gateway, payment state only from the terminal; intents from the renderer can
 * choose among what main offers, never supply facts.
 */
export class SessionService {
  private state: KioskState;
  private readonly listeners = new Set<(state: KioskState) => void>();
  private readonly timings: SessionTimings;
  private readonly now: () => number;

  private identity: CardIdentity | undefined;
  private fines: Fine[] = [];
  private selected = new Set<string>();
  private cardPresent = false;
  private saleAbort: AbortController | undefined;
  /** The card left while the terminal was busy: finish the payment, then end the session. */
  private endAfterPayment = false;
  private submissionId: string | undefined;
  private lastReceipt: ReceiptRequest | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private countdownTimer: NodeJS.Timeout | undefined;
  private noticeTimer: NodeJS.Timeout | undefined;
  /** Bumped whenever a session ends, so late answers from a gateway or printer are ignored. */
  private generation = 0;

  constructor(private readonly deps: SessionDeps) {
    this.timings = deps.timings ?? defaultTimings;
    this.now = deps.now ?? Date.now;
    this.state = {
      seq: 0,
      screen: 'attract',
      lang: 'ar',
      gateway: 'unknown',
      devices: { card: 'unknown', printer: 'unknown', terminal: 'unknown' },
      currency: deps.currency,
      services: deps.catalog.map(({ id, titleAr, titleEn, needsNetwork }) => ({ id, titleAr, titleEn, needsNetwork })),
      busy: false,
    };
  }

  get snapshot(): KioskState {
    return this.state;
  }

  onState(listener: (state: KioskState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  // ---- intents from the renderer (already validated against the contract) ----

  async handle(intent: Intent): Promise<IntentResult> {
    if (intent.type !== 'activity' && intent.type !== 'setLanguage') this.deps.log.info('intent', { type: intent.type, screen: this.state.screen });
    this.touch();
    const screen = this.state.screen;
    switch (intent.type) {
      case 'activity':
        return ACCEPTED;
      case 'setLanguage':
        this.update({ lang: intent.lang });
        return ACCEPTED;
      case 'chooseService':
        if (screen !== 'welcome') return this.notNow(intent.type);
        return this.chooseService(intent.serviceId);
      case 'selectFines': {
        if (screen !== 'fines') return this.notNow(intent.type);
        const known = new Set(this.fines.map((f) => f.id));
        const unknown = intent.fineIds.filter((id) => !known.has(id));
        if (unknown.length) return rejected('invalid-intent', `unknown fine id(s): ${unknown.length}`);
        this.selected = new Set(intent.fineIds);
        this.update({ selectedFineIds: [...this.selected], amountCents: this.selectedTotal() });
        return ACCEPTED;
      }
      case 'submitPin':
        if (screen !== 'pin' || this.state.busy) return this.notNow(intent.type);
        void this.verifyPin(intent.pin);
        return ACCEPTED;
      case 'review':
        if (screen !== 'fines') return this.notNow(intent.type);
        if (this.selected.size === 0) return rejected('not-allowed-now', 'select at least one fine');
        this.go('confirm', { amountCents: this.selectedTotal() });
        return ACCEPTED;
      case 'back':
        if (screen === 'fines') this.go('welcome', { fines: undefined, selectedFineIds: undefined, amountCents: undefined, service: undefined });
        else if (screen === 'confirm') this.go('fines');
        else return this.notNow(intent.type);
        return ACCEPTED;
      case 'confirmPayment':
        if (screen !== 'confirm') return this.notNow(intent.type);
        if (this.state.devices.terminal === 'unavailable') return rejected('device-unavailable', 'payment terminal unavailable');
        void this.runPayment();
        return ACCEPTED;
      case 'cancelPayment':
        if (screen !== 'paying' || !this.saleAbort) return this.notNow(intent.type);
        this.saleAbort.abort();
        return ACCEPTED;
      case 'finish':
        if (!INTERACTIVE.has(screen)) return this.notNow(intent.type);
        this.endSession();
        return ACCEPTED;
      case 'reprintReceipt':
        if (screen !== 'result' || this.state.receipt?.state !== 'failed' || !this.lastReceipt) return this.notNow(intent.type);
        void this.printReceipt(this.lastReceipt);
        return ACCEPTED;
      default: {
        const unreachable: never = intent;
        return rejected('invalid-intent', `unhandled intent ${(unreachable as { type: string }).type}`);
      }
    }
  }

  // ---- events from devices and background services ----

  cardInserted(): void {
    this.cardPresent = true;
    if (this.saleAbort) return; // a payment is still settling for the previous shopper
    this.resetPersonal();
    this.go('reading', { busy: true });
  }

  /** The card asks for its PIN before it gives up the identity. */
  pinRequired(triesLeft?: number): void {
    if (!this.cardPresent || this.state.screen !== 'reading') return;
    this.go('pin', { busy: false, pin: { triesLeft, wrong: false } });
  }

  identityRead(identity: CardIdentity): void {
    if (!this.cardPresent || this.state.screen !== 'reading') return;
    this.identity = identity;
    const expired = isExpired(identity.validUntil, this.now());
    this.go('welcome', {
      busy: false,
      notice: expired ? 'card-expired' : undefined,
      person: {
        givenNamesAr: identity.givenNamesAr,
        surnameAr: identity.surnameAr,
        givenNames: identity.givenNames,
        surname: identity.surname,
        idNumberMasked: maskIdNumber(identity.idNumber),
        nationality: identity.nationality,
        validUntil: identity.validUntil,
        expired,
      },
    });
  }

  cardReadFailed(code: string): void {
    if (!this.cardPresent) return;
    this.deps.log.warn('card-read-failed', { code });
    this.resetPersonal();
    this.go('error', { busy: false, notice: 'card-unreadable' });
  }

  cardRemoved(): void {
    this.cardPresent = false;
    if (this.saleAbort) {
      this.endAfterPayment = true;
      return;
    }
    const screen = this.state.screen;
    if (screen === 'attract') return;
    if (screen === 'goodbye') this.toAttract();
    else this.endSession('card-removed');
  }

  setDeviceHealth(device: keyof KioskState['devices'], health: DeviceHealth): void {
    if (this.state.devices[device] === health) return;
    this.update({ devices: { ...this.state.devices, [device]: health } });
  }

  setGateway(status: KioskState['gateway']): void {
    if (this.state.gateway !== status) this.update({ gateway: status });
  }

  submissionDelivered(id: string, ministryRef: string): void {
    if (id !== this.submissionId || !this.state.submission) return;
    this.update({ submission: { ...this.state.submission, ministryRef, delivery: 'delivered' } });
  }

  dispose(): void {
    this.clearTimers();
    this.saleAbort?.abort();
  }

  // ---- flows ----

  private async verifyPin(pin: string): Promise<void> {
    const generation = this.generation;
    this.update({ busy: true });
    let outcome: Awaited<ReturnType<CardPort['submitPin']>>;
    try {
      outcome = await this.deps.card.submitPin(pin);
    } catch (err) {
      if (generation === this.generation) this.cardReadFailed((err as { code?: string }).code ?? 'pin-failed');
      return;
    }
    if (generation !== this.generation) return;
    switch (outcome.result) {
      case 'ok':
        this.go('reading', { busy: true, pin: undefined });
        return;
      case 'wrong':
        this.update({ busy: false, pin: { triesLeft: outcome.triesLeft, wrong: true } });
        return;
      case 'blocked':
        this.resetPersonal();
        this.go('error', { busy: false, notice: 'pin-blocked' });
        return;
    }
  }

  private async chooseService(serviceId: string): Promise<IntentResult> {
    const service = this.deps.catalog.find((s) => s.id === serviceId);
    if (!service || service.id !== PAY_TRAFFIC_FINES) return rejected('invalid-intent', 'unknown service');
    const identity = this.identity;
    if (!identity) return this.notNow('chooseService');
    const generation = this.generation;
    const view = { id: service.id, titleAr: service.titleAr, titleEn: service.titleEn, needsNetwork: service.needsNetwork };
    this.update({ service: view, busy: true, notice: undefined });
    let fines: Fine[];
    try {
      fines = await this.deps.fines.trafficFines(identity.idNumber);
    } catch (err) {
      if (generation !== this.generation) return ACCEPTED;
      this.deps.log.warn('fines-inquiry-failed', { code: (err as { code?: string }).code ?? 'error' });
      this.update({ busy: false, service: undefined, notice: 'gateway-unavailable', gateway: 'offline' });
      return ACCEPTED;
    }
    if (generation !== this.generation) return ACCEPTED;
    if (fines.length === 0) {
      this.update({ busy: false, service: undefined, notice: 'no-fines', gateway: 'online' });
      return ACCEPTED;
    }
    this.fines = fines;
    this.selected = new Set(fines.map((f) => f.id));
    this.go('fines', {
      busy: false,
      gateway: 'online',
      fines: fines.map((f) => ({
        id: f.id,
        date: f.date,
        offenceAr: f.offence.ar,
        offenceEn: f.offence.en,
        placeAr: f.place?.ar,
        placeEn: f.place?.en,
        plate: f.plate,
        amountCents: f.amountCents,
      })),
      selectedFineIds: [...this.selected],
      amountCents: this.selectedTotal(),
    });
    return ACCEPTED;
  }

  private async runPayment(): Promise<void> {
    const identity = this.identity;
    const service = this.state.service;
    if (!identity || !service) return;
    const amountCents = this.selectedTotal();
    const chosen = this.fines.filter((f) => this.selected.has(f.id));
    const abort = new AbortController();
    this.saleAbort = abort;
    this.go('paying', { busy: true, payment: { phase: 'starting' } });
    let outcome: PaymentOutcome;
    try {
      outcome = await this.deps.payment.sale(amountCents, {
        signal: abort.signal,
        onProgress: (prompt) => this.update({ payment: { phase: 'in-progress', prompt } }),
      });
    } catch (err) {
      outcome = { result: 'unknown', reason: (err as { code?: string }).code ?? 'terminal-error' };
    }
    this.saleAbort = undefined;
    this.deps.log.info('payment-outcome', { result: outcome.result, amountCents });

    if (outcome.result === 'approved') await this.afterApproval(identity, service, chosen, outcome);
    else this.go('result', { busy: false, payment: paymentView(outcome) });

    if (this.endAfterPayment || !this.cardPresent) {
      this.endAfterPayment = false;
      this.endSession('card-removed');
    }
  }

  private async afterApproval(identity: CardIdentity, service: NonNullable<KioskState['service']>, chosen: Fine[], outcome: Approved): Promise<void> {
    let submission: { id: string; localRef: string };
    try {
      submission = this.deps.submissions.enqueue({
        serviceId: service.id,
        applicant: identity,
        payload: { fineIds: chosen.map((f) => f.id) },
        payment: outcome,
      });
    } catch (err) {
      // Paid but not recorded: the shopper must not be told "received". Issue #5 adds the
      // payment journal that turns this into a reversal or a refund owed.
      this.deps.log.error('submission-not-recorded', { code: (err as { code?: string }).code ?? 'error' });
      this.go('result', { busy: false, payment: { phase: 'failed', reason: 'not-recorded' } });
      return;
    }
    this.submissionId = submission.id;
    const paidIds = new Set(chosen.map((f) => f.id));
    this.fines = this.fines.filter((f) => !paidIds.has(f.id));
    this.selected.clear();
    this.go('result', {
      busy: false,
      payment: paymentView(outcome),
      submission: { localRef: submission.localRef, delivery: 'queued' },
      receipt: { state: 'printing' },
    });
    const receipt: ReceiptRequest = {
      lang: this.state.lang,
      applicant: identity,
      service: { titleAr: service.titleAr, titleEn: service.titleEn },
      lines: chosen.map((f) => ({ labelAr: f.offence.ar, labelEn: f.offence.en, amountCents: f.amountCents })),
      totalCents: outcome.amountCents,
      currency: this.deps.currency,
      payment: outcome,
      localRef: submission.localRef,
      issuedAt: new Date(this.now()),
    };
    this.lastReceipt = receipt;
    await this.printReceipt(receipt);
  }

  private async printReceipt(receipt: ReceiptRequest): Promise<void> {
    const generation = this.generation;
    this.update({ receipt: { state: 'printing' } });
    try {
      await this.deps.receipts.print(receipt);
      if (generation === this.generation) this.update({ receipt: { state: 'printed' } });
    } catch (err) {
      const reason = (err as { code?: string }).code ?? 'printer-error';
      this.deps.log.warn('receipt-failed', { reason });
      if (generation === this.generation) this.update({ receipt: { state: 'failed', reason } });
    }
  }

  // ---- state helpers ----

  private selectedTotal(): number {
    return this.fines.filter((f) => this.selected.has(f.id)).reduce((sum, f) => sum + f.amountCents, 0);
  }

  private notNow(type: string): IntentResult {
    return rejected('not-allowed-now', `${type} is not accepted on the ${this.state.screen} screen`);
  }

  /** Ends the shopper's session: wipes everything personal, then asks for the card if it is still in. */
  private endSession(notice?: NoticeCode): void {
    this.resetPersonal();
    if (this.cardPresent) this.go('goodbye', { notice });
    else this.toAttract(notice);
  }

  private toAttract(notice?: NoticeCode): void {
    this.resetPersonal();
    this.go('attract', { notice, lang: 'ar' });
    if (notice) {
      clearTimeout(this.noticeTimer);
      this.noticeTimer = setTimeout(() => {
        if (this.state.screen === 'attract') this.update({ notice: undefined });
      }, this.timings.goodbyeMs);
    }
  }

  private resetPersonal(): void {
    this.generation++;
    this.identity = undefined;
    this.fines = [];
    this.selected.clear();
    this.submissionId = undefined;
    this.lastReceipt = undefined;
    this.state = {
      ...this.state,
      person: undefined,
      service: undefined,
      fines: undefined,
      selectedFineIds: undefined,
      amountCents: undefined,
      payment: undefined,
      submission: undefined,
      receipt: undefined,
      pin: undefined,
      timeoutAt: undefined,
    };
  }

  /** Moves to a screen; a notice belongs to the screen change that caused it. */
  private go(screen: ScreenId, patch: Partial<KioskState> = {}): void {
    this.update({ notice: undefined, ...patch, screen });
    this.armIdleTimer();
  }

  private update(patch: Partial<KioskState>): void {
    this.state = { ...this.state, ...patch, seq: this.state.seq + 1 };
    for (const listener of this.listeners) listener(this.state);
  }

  private touch(): void {
    if (this.state.timeoutAt !== undefined) this.update({ timeoutAt: undefined });
    this.armIdleTimer();
  }

  private armIdleTimer(): void {
    this.clearTimers();
    if (!INTERACTIVE.has(this.state.screen)) return;
    this.idleTimer = setTimeout(() => {
      this.update({ timeoutAt: this.now() + this.timings.warningCountdownMs });
      this.countdownTimer = setTimeout(() => {
        this.deps.log.info('session-timeout', { screen: this.state.screen });
        this.endSession('session-timeout');
      }, this.timings.warningCountdownMs);
    }, this.timings.idleWarningMs);
  }

  private clearTimers(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.countdownTimer);
  }
}

function paymentView(outcome: PaymentOutcome): NonNullable<KioskState['payment']> {
  switch (outcome.result) {
    case 'approved':
      return { phase: 'approved', cardType: outcome.cardType, panMasked: outcome.panMasked, authCode: outcome.authCode };
    case 'declined':
      return { phase: 'declined', reason: outcome.reason };
    case 'aborted':
      return { phase: 'aborted' };
    case 'unknown':
      return { phase: 'failed', reason: outcome.reason };
  }
}
