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
import { type SessionTimings, defaultTimings } from './catalog';
import { Checkout, type CheckoutDeps } from './checkout';
import type { CardIdentity, CardPort, FinesPort, PinResult, RequestsPort, SponsorsPort } from './ports';
import { ServiceFlow } from './service-flow';
import type { ServiceDefinition } from './services/schema';
import { applicantOf, personView, requestView, serviceView } from './session-views';

export interface SessionDeps extends CheckoutDeps {
  card: CardPort;
  fines: FinesPort;
  requests: RequestsPort;
  sponsors: SponsorsPort;
  catalog: readonly ServiceDefinition[];
  timings?: SessionTimings;
}

/** Screens where the shopper is expected to act, so inactivity ends the session. */
const INTERACTIVE: ReadonlySet<ScreenId> = new Set(['pin', 'welcome', 'beneficiary', 'form', 'fines', 'confirm', 'result', 'requests', 'error']);

/** Flows this kiosk can run end to end; other catalog entries stay hidden until they can. */
function supported(service: ServiceDefinition): boolean {
  return !service.inquiry || service.inquiry === 'traffic-fines' || service.inquiry === 'violations';
}


/**
 * The one owner of a shopper's session. Identity comes only from the card, prices only from
 * the catalog and the gateway, payment state only from the terminal; intents from the renderer
 * can choose among what main offers, never supply facts.
 */
export class SessionService {
  private state: KioskState;
  private readonly listeners = new Set<(state: KioskState) => void>();
  private readonly timings: SessionTimings;
  private readonly now: () => number;
  private readonly catalog: readonly ServiceDefinition[];
  private readonly checkout: Checkout;

  private identity: CardIdentity | undefined;
  private readonly flow: ServiceFlow;
  private cardPresent = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private countdownTimer: NodeJS.Timeout | undefined;
  private noticeTimer: NodeJS.Timeout | undefined;
  /** Bumped whenever a session ends, so late answers from a gateway or printer are ignored. */
  private generation = 0;
  /** With the generation, names a session in the payment journal across restarts. */
  private readonly startedAt = Date.now();

  constructor(private readonly deps: SessionDeps) {
    this.timings = deps.timings ?? defaultTimings;
    this.now = deps.now ?? Date.now;
    this.catalog = deps.catalog.filter(supported);
    this.checkout = new Checkout(deps, {
      update: (patch) => this.update(patch),
      go: (screen, patch) => this.go(screen, patch),
      generation: () => this.generation,
      cardPresent: () => this.cardPresent,
      endSession: (notice) => this.endSession(notice),
      lang: () => this.state.lang,
      printerReady: () => this.state.devices.printer === 'ready' || this.state.devices.printer === 'warning',
      sessionId: () => `session-${this.generation}-${this.startedAt}`,
    });
    this.flow = new ServiceFlow(deps, this.catalog, {
      state: () => this.state,
      update: (patch) => this.update(patch),
      go: (screen, patch) => this.go(screen, patch),
      generation: () => this.generation,
      identity: () => this.identity,
      serviceView: (service) => serviceView(service, this.state.gateway, applicantOf(this.identity), this.cardExpired()),
    });
    this.state = {
      seq: 0,
      screen: 'attract',
      lang: 'ar',
      gateway: 'unknown',
      devices: { card: 'unknown', printer: 'unknown', terminal: 'unknown' },
      currency: deps.currency,
      services: [],
      busy: false,
    };
    this.state = { ...this.state, services: this.serviceViews() };
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
    if (intent.type !== 'activity' && intent.type !== 'setLanguage' && intent.type !== 'setField') {
      this.deps.log.info('intent', { type: intent.type, screen: this.state.screen });
    }
    this.touch();
    const screen = this.state.screen;
    const flow = this.flow;
    const request = flow.request;
    switch (intent.type) {
      case 'activity':
        return ACCEPTED;
      case 'setLanguage':
        this.update({ lang: intent.lang });
        return ACCEPTED;
      case 'submitPin':
        if (screen !== 'pin' || this.state.busy) return this.notNow(intent.type);
        void this.verifyPin(intent.pin);
        return ACCEPTED;
      case 'chooseService':
        if (screen !== 'welcome' || this.state.busy) return this.notNow(intent.type);
        return flow.choose(intent.serviceId);
      case 'chooseBeneficiary':
        if (screen !== 'beneficiary') return this.notNow(intent.type);
        return (await flow.chooseBeneficiary(intent.beneficiaryId)) ?? this.notNow(intent.type);
      case 'setField':
        if (screen !== 'form') return this.notNow(intent.type);
        return flow.setField(intent.fieldId, intent.value) ?? this.notNow(intent.type);
      case 'submitForm':
        if (screen !== 'form') return this.notNow(intent.type);
        return flow.submitForm() ?? this.notNow(intent.type);
      case 'selectFines':
        if (screen !== 'fines') return this.notNow(intent.type);
        return flow.selectFines(intent.fineIds) ?? this.notNow(intent.type);
      case 'review':
        if (screen !== 'fines') return this.notNow(intent.type);
        return flow.review() ?? this.notNow(intent.type);
      case 'showRequests':
        if (screen !== 'welcome' || this.state.busy || !this.identity) return this.notNow(intent.type);
        void this.showRequests(this.identity);
        return ACCEPTED;
      case 'back':
        return this.back();
      case 'confirmPayment':
        if (screen !== 'confirm' || !request || !this.identity || request.total() === 0) return this.notNow(intent.type);
        if (this.state.devices.terminal === 'unavailable') return rejected('device-unavailable', 'payment terminal unavailable');
        void this.checkout.pay(this.identity, request);
        return ACCEPTED;
      case 'submitRequest':
        if (screen !== 'confirm' || !request || !this.identity || request.total() !== 0) return this.notNow(intent.type);
        void this.checkout.submitFree(this.identity, request);
        return ACCEPTED;
      case 'cancelPayment':
        return screen === 'paying' && this.checkout.cancel() ? ACCEPTED : this.notNow(intent.type);
      case 'finish':
        if (!INTERACTIVE.has(screen)) return this.notNow(intent.type);
        this.endSession();
        return ACCEPTED;
      case 'reprintReceipt':
        if (screen !== 'result' || this.state.receipt?.state !== 'failed') return this.notNow(intent.type);
        return this.checkout.reprint() ? ACCEPTED : this.notNow(intent.type);
      default: {
        const unreachable: never = intent;
        return rejected('invalid-intent', `unhandled intent ${(unreachable as { type: string }).type}`);
      }
    }
  }

  // ---- events from devices and background services ----

  cardInserted(): void {
    this.cardPresent = true;
    if (this.checkout.busy) return; // a payment is still settling for the previous shopper
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
    const person = personView(identity, this.now());
    // An expired card is read and flagged (person.expired); the welcome screen says so for as long as it shows.
    this.go('welcome', { busy: false, person, services: this.serviceViews() });
  }

  cardReadFailed(code: string): void {
    if (!this.cardPresent) return;
    this.deps.log.warn('card-read-failed', { code });
    switch (code) {
      case 'card-removed': // cardRemoved() ends the session
        return;
      case 'pin-cancelled': // the shopper chose to stop; the session already ended
        return;
      case 'pin-blocked':
        if (this.state.notice === 'pin-blocked') return; // verifyPin already said so
        this.resetPersonal();
        this.go('error', { busy: false, notice: 'pin-blocked' });
        return;
      default:
        this.resetPersonal();
        this.go('error', { busy: false, notice: code === 'reader-unavailable' ? 'card-reader-unavailable' : 'card-unreadable' });
    }
  }

  /** A technician's card opens diagnostics, never a shopper session. */
  technicianCard(): void {
    if (!this.cardPresent) return;
    this.deps.log.info('technician-card');
    this.resetPersonal();
    this.go('error', { busy: false, notice: 'technician-card' });
  }

  cardRemoved(): void {
    this.cardPresent = false;
    if (this.checkout.busy) {
      this.checkout.endWhenSettled();
      return;
    }
    const screen = this.state.screen;
    if (screen === 'attract') return;
    if (screen === 'goodbye') this.toAttract();
    else this.endSession('card-removed');
  }

  setDeviceHealth(device: keyof KioskState['devices'], health: DeviceHealth): void {
    if (this.state.devices[device] === health) return;
    const devices = { ...this.state.devices, [device]: health };
    const receipt = this.state.receipt;
    // A printer back from paper-out makes the failed receipt printable again, and says so.
    if (device === 'printer' && receipt?.state === 'failed') {
      this.update({ devices, receipt: { ...receipt, reprintAvailable: health === 'ready' || health === 'warning' } });
    } else this.update({ devices });
  }

  setGateway(status: KioskState['gateway']): void {
    if (this.state.gateway === status) return;
    this.state = { ...this.state, gateway: status };
    this.update({ services: this.serviceViews() });
  }

  /** The terminal's answer to a sale was lost and the kiosk is asking it what happened. */
  paymentChecking(): void {
    if (this.state.screen === 'paying') this.update({ payment: { phase: 'in-progress', prompt: 'please-wait' }, notice: 'checking-previous-payment' });
  }

  submissionDelivered(id: string, ministryRef: string): void {
    this.checkout.delivered(id, ministryRef, this.state.submission);
  }

  dispose(): void {
    this.clearTimers();
    this.checkout.cancel();
  }

  // ---- flows ----

  private async verifyPin(pin: string): Promise<void> {
    const generation = this.generation;
    this.update({ busy: true });
    let outcome: PinResult;
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

  private async showRequests(identity: CardIdentity): Promise<void> {
    const generation = this.generation;
    this.update({ busy: true });
    try {
      const records = await this.deps.requests.requestsOf(identity.idNumber);
      if (generation !== this.generation) return;
      this.go('requests', { busy: false, requests: records.map((r) => requestView(r, this.deps.catalog)) });
    } catch (err) {
      if (generation !== this.generation) return;
      this.deps.log.warn('requests-failed', { code: (err as { code?: string }).code ?? 'error' });
      this.update({ busy: false, notice: 'gateway-unavailable' });
    }
  }

  private back(): IntentResult {
    if (this.state.screen === 'requests') {
      this.go('welcome', { requests: undefined });
      return ACCEPTED;
    }
    return this.flow.back() ?? this.notNow('back');
  }

  // ---- state helpers ----

  private serviceViews(): KioskState['services'] {
    const applicant = applicantOf(this.identity);
    const expired = this.cardExpired();
    return this.catalog.map((s) => serviceView(s, this.state.gateway, applicant, expired));
  }

  private cardExpired(): boolean {
    return this.identity ? personView(this.identity, this.now()).expired : false;
  }

  private notNow(type: string): IntentResult {
    return rejected('not-allowed-now', `${type} is not accepted on the ${this.state.screen} screen`);
  }

  /** Ends the shopper's session: wipes everything personal, then asks for the card if it is still in. */
  private endSession(notice?: NoticeCode): void {
    if (this.state.screen === 'pin') this.deps.card.cancelPin();
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
    this.flow.reset();
    this.checkout.forget();
    this.state = {
      ...this.state,
      person: undefined,
      service: undefined,
      form: undefined,
      fines: undefined,
      finesReadOnly: undefined,
      selectedFineIds: undefined,
      fees: undefined,
      requests: undefined,
      beneficiaries: undefined,
      beneficiary: undefined,
      amountCents: undefined,
      payment: undefined,
      submission: undefined,
      receipt: undefined,
      pin: undefined,
      timeoutAt: undefined,
    };
    this.state = { ...this.state, services: this.serviceViews() };
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
