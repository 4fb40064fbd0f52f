import {
  ACCEPTED,
  type AttractStep,
  type DeviceHealth,
  type Intent,
  type IntentResult,
  type KioskState,
  type NoticeCode,
  type ScreenId,
  type ShopperStep,
  rejected,
} from '../contract';
import { type SessionTimings, defaultTimings } from './catalog';
import { Checkout, type CheckoutDeps } from './checkout';
import type { CardIdentity, CardPort, FinesPort, IdSource, PinResult, RequestsPort, SponsorsPort } from './ports';
import { ServiceFlow } from './service-flow';
import type { ServiceDefinition } from './services/schema';
import { applicantOf, personView, requestView, serviceView } from './session-views';
import { Shopper, type ShopperScreen, type StepNote } from './shopper';
import { checkedState } from './state-check';

export interface SessionDeps extends CheckoutDeps {
  card: CardPort;
  fines: FinesPort;
  requests: RequestsPort;
  sponsors: SponsorsPort;
  catalog: readonly ServiceDefinition[];
  ids: IdSource;
  timings?: SessionTimings;
  /**
   * Check every state against the contract before it leaves (default on): a state the renderer
   * would refuse then fails where main made it, in tests and development. Packaged builds turn
   * it off and rely on the renderer's own check, which reports what it refused.
   */
  checkStates?: boolean;
}

/** Screens where the shopper is expected to act, so inactivity ends the session. */
const INTERACTIVE: ReadonlySet<ScreenId> = new Set(['pin', 'welcome', 'beneficiary', 'form', 'fines', 'confirm', 'result', 'requests', 'error']);

/** Flows this kiosk can run end to end; other catalog entries stay hidden until they can. */
function supported(service: ServiceDefinition): boolean {
  return !service.inquiry || service.inquiry === 'traffic-fines' || service.inquiry === 'violations';
}

/** The parts of the state that belong to the kiosk, not to a shopper. */
type KioskFacts = Omit<KioskState, 'seq' | 'mode'>;

/**
 * The one owner of a shopper's session. Identity comes only from the card, prices only from
 * the catalog and the gateway, payment state only from the terminal; intents from the renderer
 * can choose among what main offers, never supply facts. Everything about the shopper is one
 * `Shopper`; ending the session drops it.
 */
export class SessionService {
  private state: KioskState;
  private facts: KioskFacts;
  /** The open session, from card insert to its end; undefined between shoppers. */
  private shopper: Shopper | undefined;
  /** What shows while nobody's session is open. */
  private idle: AttractStep = { screen: 'attract' };
  private readonly listeners = new Set<(state: KioskState) => void>();
  private readonly timings: SessionTimings;
  private readonly catalog: readonly ServiceDefinition[];
  private readonly checkout: Checkout;
  private readonly flow: ServiceFlow;
  private cardPresent = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private countdownTimer: NodeJS.Timeout | undefined;
  private noticeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: SessionDeps) {
    this.timings = deps.timings ?? defaultTimings;
    this.catalog = deps.catalog.filter(supported);
    const steps = {
      isCurrent: (shopper: Shopper) => shopper === this.shopper,
      show: (shopper: Shopper, step: ShopperStep, note?: StepNote) => this.show(shopper, step, note),
      revise: (shopper: Shopper, step: ShopperStep, note?: StepNote) => this.revise(shopper, step, note),
      update: (note: StepNote) => this.update(note),
    };
    this.checkout = new Checkout(deps, {
      ...steps,
      cardPresent: () => this.cardPresent,
      endSession: (notice) => this.endSession(notice),
      lang: () => this.facts.lang,
      printerReady: () => this.facts.devices.printer === 'ready' || this.facts.devices.printer === 'warning',
    });
    this.flow = new ServiceFlow(deps, this.catalog, {
      ...steps,
      serviceView: (service) => serviceView(service, this.facts.gateway, applicantOf(this.shopper?.identity), this.cardExpired()),
      toWelcome: (shopper) => this.toWelcome(shopper),
    });
    this.facts = {
      lang: 'ar',
      gateway: 'unknown',
      devices: { card: 'unknown', printer: 'unknown', terminal: 'unknown' },
      currency: deps.currency,
      busy: false,
    };
    this.state = checkedState({ ...this.facts, seq: 0, mode: { kind: 'attract', step: this.idle } }, this.deps.checkStates);
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
      this.deps.log.info('intent', { type: intent.type, screen: this.screen });
    }
    this.touch();
    const flow = this.flow;
    const busy = this.facts.busy;
    const at = (screen: ShopperScreen): Shopper | undefined => (this.shopper?.step.screen === screen ? this.shopper : undefined);
    let shopper: Shopper | undefined;
    switch (intent.type) {
      case 'activity':
        return ACCEPTED;
      case 'setLanguage':
        this.update({ lang: intent.lang });
        return ACCEPTED;
      case 'submitPin':
        if (!(shopper = at('pin')) || busy) return this.notNow(intent.type);
        void this.verifyPin(shopper, intent.pin);
        return ACCEPTED;
      case 'chooseService':
        if (!(shopper = at('welcome')) || busy) return this.notNow(intent.type);
        return flow.choose(shopper, intent.serviceId);
      case 'chooseBeneficiary':
        if (!(shopper = at('beneficiary'))) return this.notNow(intent.type);
        return (await flow.chooseBeneficiary(shopper, intent.beneficiaryId)) ?? this.notNow(intent.type);
      case 'setField':
        if (!(shopper = at('form'))) return this.notNow(intent.type);
        return flow.setField(shopper, intent.fieldId, intent.value) ?? this.notNow(intent.type);
      case 'submitForm':
        if (!(shopper = at('form'))) return this.notNow(intent.type);
        return flow.submitForm(shopper) ?? this.notNow(intent.type);
      case 'selectFines':
        if (!(shopper = at('fines'))) return this.notNow(intent.type);
        return flow.selectFines(shopper, intent.fineIds) ?? this.notNow(intent.type);
      case 'review':
        if (!(shopper = at('fines'))) return this.notNow(intent.type);
        return flow.review(shopper) ?? this.notNow(intent.type);
      case 'showRequests':
        if (!(shopper = at('welcome')) || busy || !shopper.identity) return this.notNow(intent.type);
        void this.showRequests(shopper, shopper.identity);
        return ACCEPTED;
      case 'back':
        if ((shopper = at('requests'))) {
          this.toWelcome(shopper);
          return ACCEPTED;
        }
        return (this.shopper && flow.back(this.shopper)) ?? this.notNow(intent.type);
      case 'confirmPayment': {
        const request = (shopper = at('confirm'))?.request;
        if (!shopper || !request || !shopper.identity || request.total() === 0) return this.notNow(intent.type);
        if (this.facts.devices.terminal === 'unavailable') return rejected('device-unavailable', 'payment terminal unavailable');
        void this.checkout.pay(shopper, shopper.identity, request);
        return ACCEPTED;
      }
      case 'submitRequest': {
        const request = (shopper = at('confirm'))?.request;
        if (!shopper || !request || !shopper.identity || request.total() !== 0) return this.notNow(intent.type);
        void this.checkout.submitFree(shopper, shopper.identity, request);
        return ACCEPTED;
      }
      case 'cancelPayment':
        return at('paying') && this.checkout.cancel() ? ACCEPTED : this.notNow(intent.type);
      case 'finish':
        if (!INTERACTIVE.has(this.screen)) return this.notNow(intent.type);
        this.endSession();
        return ACCEPTED;
      case 'reprintReceipt': {
        const step = (shopper = at('result'))?.step;
        if (!shopper || step?.screen !== 'result' || step.receipt?.state !== 'failed') return this.notNow(intent.type);
        return this.checkout.reprint(shopper) ? ACCEPTED : this.notNow(intent.type);
      }
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
    this.facts = { ...this.facts, timeoutAt: undefined };
    this.show(this.open(), { screen: 'reading' }, { busy: true });
  }

  /** The card asks for its PIN before it gives up the identity. */
  pinRequired(triesLeft?: number): void {
    const shopper = this.shopper;
    if (!this.cardPresent || shopper?.step.screen !== 'reading') return;
    this.show(shopper, { screen: 'pin', triesLeft, wrong: false }, { busy: false });
  }

  identityRead(identity: CardIdentity): void {
    const shopper = this.shopper;
    if (!this.cardPresent || shopper?.step.screen !== 'reading') return;
    shopper.identity = identity;
    // An expired card is read and flagged (person.expired); the welcome screen says so for as long as it shows.
    this.toWelcome(shopper, { busy: false });
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
        if (this.facts.notice === 'pin-blocked') return; // verifyPin already said so
        this.toError('pin-blocked');
        return;
      default:
        this.toError(code === 'reader-unavailable' ? 'card-reader-unavailable' : 'card-unreadable');
    }
  }

  /** A technician's card opens diagnostics, never a shopper session. */
  technicianCard(): void {
    if (!this.cardPresent) return;
    this.deps.log.info('technician-card');
    this.toError('technician-card');
  }

  cardRemoved(): void {
    this.cardPresent = false;
    if (this.checkout.busy) {
      this.checkout.endWhenSettled();
      return;
    }
    const screen = this.screen;
    if (screen === 'attract') return;
    if (screen === 'goodbye') this.toAttract();
    else this.endSession('card-removed');
  }

  setDeviceHealth(device: keyof KioskState['devices'], health: DeviceHealth): void {
    if (this.facts.devices[device] === health) return;
    this.facts = { ...this.facts, devices: { ...this.facts.devices, [device]: health } };
    const step = this.shopper?.step;
    // A printer back from paper-out makes the failed receipt printable again, and says so.
    if (device === 'printer' && step?.screen === 'result' && step.receipt?.state === 'failed') {
      this.revise(this.shopper!, { ...step, receipt: { ...step.receipt, reprintAvailable: health === 'ready' || health === 'warning' } });
    } else this.emit();
  }

  setGateway(status: KioskState['gateway']): void {
    if (this.facts.gateway === status) return;
    this.facts = { ...this.facts, gateway: status };
    const shopper = this.shopper;
    // Which services need the ministry online is shown on the list of services.
    if (shopper?.step.screen === 'welcome') this.revise(shopper, this.welcomeStep(shopper));
    else this.emit();
  }

  /** The terminal's answer to a sale was lost and the kiosk is asking it what happened. */
  paymentChecking(): void {
    const shopper = this.shopper;
    const step = shopper?.step;
    if (step?.screen === 'paying') this.revise(shopper!, { ...step, payment: { phase: 'in-progress', prompt: 'please-wait' } }, { notice: 'checking-previous-payment' });
  }

  submissionDelivered(id: string, ministryRef: string): void {
    if (this.shopper) this.checkout.delivered(this.shopper, id, ministryRef);
  }

  dispose(): void {
    this.clearTimers();
    this.checkout.cancel();
  }

  // ---- flows ----

  private async verifyPin(shopper: Shopper, pin: string): Promise<void> {
    this.update({ busy: true });
    let outcome: PinResult;
    try {
      outcome = await this.deps.card.submitPin(pin);
    } catch (err) {
      if (shopper === this.shopper) this.cardReadFailed((err as { code?: string }).code ?? 'pin-failed');
      return;
    }
    if (shopper !== this.shopper) return;
    switch (outcome.result) {
      case 'ok':
        this.show(shopper, { screen: 'reading' }, { busy: true });
        return;
      case 'wrong':
        this.revise(shopper, { screen: 'pin', triesLeft: outcome.triesLeft, wrong: true }, { busy: false });
        return;
      case 'blocked':
        this.toError('pin-blocked');
        return;
    }
  }

  private async showRequests(shopper: Shopper, identity: CardIdentity): Promise<void> {
    this.update({ busy: true });
    try {
      const records = await this.deps.requests.requestsOf(identity.idNumber);
      if (shopper !== this.shopper) return;
      this.show(shopper, { screen: 'requests', requests: records.map((r) => requestView(r, this.deps.catalog)) }, { busy: false });
    } catch (err) {
      if (shopper !== this.shopper) return;
      this.deps.log.warn('requests-failed', { code: (err as { code?: string }).code ?? 'error' });
      this.update({ busy: false, notice: 'gateway-unavailable' });
    }
  }

  // ---- steps ----

  private get screen(): ScreenId {
    return this.shopper?.step.screen ?? this.idle.screen;
  }

  private open(): Shopper {
    this.shopper = new Shopper(this.deps.ids.sessionId(), { screen: 'reading' });
    return this.shopper;
  }

  private welcomeStep(shopper: Shopper): ShopperStep {
    const identity = shopper.identity;
    if (!identity) throw new Error('the list of services needs the card holder');
    const applicant = applicantOf(identity);
    const expired = this.cardExpired();
    return {
      screen: 'welcome',
      person: personView(identity, this.deps.clock.now()),
      services: this.catalog.map((s) => serviceView(s, this.facts.gateway, applicant, expired)),
    };
  }

  private toWelcome(shopper: Shopper, note?: StepNote): void {
    this.show(shopper, this.welcomeStep(shopper), note);
  }

  private cardExpired(): boolean {
    const identity = this.shopper?.identity;
    return identity ? personView(identity, this.deps.clock.now()).expired : false;
  }

  private notNow(type: string): IntentResult {
    return rejected('not-allowed-now', `${type} is not accepted on the ${this.screen} screen`);
  }

  /** Ends the shopper's session: drops everything personal, then asks for the card if it is still in. */
  private endSession(notice?: NoticeCode): void {
    if (this.screen === 'pin') this.deps.card.cancelPin();
    if (this.cardPresent) this.close({ screen: 'goodbye' }, { notice });
    else this.toAttract(notice);
  }

  private toError(notice: NoticeCode): void {
    this.close({ screen: 'error' }, { notice });
  }

  private toAttract(notice?: NoticeCode): void {
    this.close({ screen: 'attract' }, { notice, lang: 'ar' });
    if (notice) {
      clearTimeout(this.noticeTimer);
      this.noticeTimer = setTimeout(() => {
        if (this.screen === 'attract') this.update({ notice: undefined });
      }, this.timings.goodbyeMs);
    }
  }

  /** Drops the shopper (if any): nothing of theirs is left to show, and nothing is pending for them. */
  private close(step: AttractStep, facts: Partial<KioskFacts>): void {
    this.shopper = undefined;
    this.idle = step;
    this.facts = { ...this.facts, busy: false, timeoutAt: undefined, notice: undefined, ...facts };
    this.emit();
    this.armIdleTimer();
  }

  /** Moves to a step; a notice belongs to the step change that caused it. */
  private show(shopper: Shopper, step: ShopperStep, note: StepNote = {}): void {
    if (shopper !== this.shopper) return;
    shopper.step = step;
    this.facts = { ...this.facts, notice: undefined, ...note };
    this.emit();
    this.armIdleTimer();
  }

  private revise(shopper: Shopper, step: ShopperStep, note: StepNote = {}): void {
    if (shopper !== this.shopper || shopper.step.screen !== step.screen) return;
    shopper.step = step;
    this.facts = { ...this.facts, ...note };
    this.emit();
  }

  private update(facts: Partial<KioskFacts>): void {
    this.facts = { ...this.facts, ...facts };
    this.emit();
  }

  private emit(): void {
    const mode: KioskState['mode'] = this.shopper ? { kind: 'shopper', session: { step: this.shopper.step } } : { kind: 'attract', step: this.idle };
    this.state = checkedState({ ...this.facts, seq: this.state.seq + 1, mode }, this.deps.checkStates);
    for (const listener of this.listeners) listener(this.state);
  }

  private touch(): void {
    if (this.facts.timeoutAt !== undefined) this.update({ timeoutAt: undefined });
    this.armIdleTimer();
  }

  private armIdleTimer(): void {
    this.clearTimers();
    if (!INTERACTIVE.has(this.screen)) return;
    this.idleTimer = setTimeout(() => {
      this.update({ timeoutAt: this.deps.clock.now() + this.timings.warningCountdownMs });
      this.countdownTimer = setTimeout(() => {
        this.deps.log.info('session-timeout', { screen: this.screen });
        this.endSession('session-timeout');
      }, this.timings.warningCountdownMs);
    }, this.timings.idleWarningMs);
  }

  private clearTimers(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.countdownTimer);
  }
}
