import { errorCode } from '../../shared/coded-error';
import { ACCEPTED, type DeviceHealth, type Intent, type IntentResult, type KioskState, type NoticeCode, type PaymentView, type ScreenTexts, rejected } from '../contract';
import { type Availability, noneLacking } from './availability';
import { type SessionTimings, defaultTimings } from './catalog';
import { Checkout, type CheckoutDeps } from './checkout';
import { isExpired, maskIdNumber } from './person';
import type { CardIdentity, CardPort, ClaimsPort, FinesPort, IdSource, PermitsPort, PinResult, RequestsPort, ResidencyPort, SponsorsPort, VisasPort } from './ports';
import { ServiceFlow } from './service-flow';
import type { ServiceDefinition } from './services/schema';
import { applicantOf, serviceView, welcomeStep } from './session-views';
import { personRequestsViews } from './tracking-views';
import { SessionSteps } from './session-steps';
import type { Shopper, ShopperScreen, ShopperStepOf, StepNote } from './shopper';
import { TechnicianDesk, type TechnicianDeps } from './technician';

export interface SessionDeps extends CheckoutDeps {
  card: CardPort;
  fines: FinesPort;
  claims: ClaimsPort;
  requests: RequestsPort;
  sponsors: SponsorsPort;
  permits: PermitsPort;
  visas: VisasPort;
  residency: ResidencyPort;
  catalog: readonly ServiceDefinition[];
  ids: IdSource;
  timings?: SessionTimings;
  /** Screen texts of the configuration in force (ops' overrides), shown from the first state. */
  texts?: ScreenTexts;
  /** Technician diagnostics (issue 11); without it a technician card only gets a notice. */
  technician?: TechnicianDeps;
  /**
   * Check every state against the contract before it leaves (default on): a state the renderer
   * would refuse then fails where main made it, in tests and development. Packaged builds turn
   * it off and rely on the renderer's own check, which reports what it refused.
   */
  checkStates?: boolean;
}

/** A payment that certainly took nothing can be tried again with another card. */
function retryable(payment: PaymentView | undefined): boolean {
  if (payment?.phase === 'declined' || payment?.phase === 'aborted') return true;
  return payment?.phase === 'failed' && (payment.reason === 'terminal-unavailable' || payment.reason === 'previous-payment-unresolved');
}

/**
 * What the menu lists: flows this kiosk can run end to end, and what the catalog says is served
 * elsewhere (shown as such, never started). Hidden entries and inquiries without a flow stay off.
 */
function supported(service: ServiceDefinition): boolean {
  if (service.offered === 'hidden') return false;
  return service.offered === 'elsewhere' || !service.inquiry || service.inquiry === 'traffic-fines' || service.inquiry === 'violations' || service.inquiry === 'residence-permit' || service.inquiry === 'visa' || service.inquiry === 'financial-claims' || service.inquiry === 'permanent-residency';
}

/**
 * The one owner of a shopper's session. Identity comes only from the card, prices only from
 * the catalog and the gateway, payment state only from the terminal; intents from the renderer
 * can choose among what main offers, never supply facts. Everything about the shopper is one
 * `Shopper`; ending the session drops it.
 */
/** What the reader said about a card held while a visit ended (see SessionService.heldCard). */
interface HeldCard {
  pin?: { triesLeft?: number };
  read?: { kind: 'shopper'; identity: CardIdentity; verified: boolean } | { kind: 'technician'; identity: Pick<CardIdentity, 'idNumber'> } | { kind: 'failed'; code: string };
}

export class SessionService {
  private readonly steps: SessionSteps;
  private readonly timings: SessionTimings;
  private catalog: readonly ServiceDefinition[];
  /** Every catalog entry, shown ones or not: names for "my requests". */
  private fullCatalog: readonly ServiceDefinition[];
  private readonly checkout: Checkout;
  private readonly flow: ServiceFlow;
  private readonly desk: TechnicianDesk | undefined;
  private cardPresent = false;
  /**
   * A card that went in while a technician's visit was still running its exit check: what the
   * reader said about it is kept here and replayed once the visit is closed, so the next person
   * is served without taking the card out and in again.
   */
  private heldCard: HeldCard | undefined;
  /** The card in the reader went in for kioskctl's card test: nobody's session, until it is out. */
  private cardForTest = false;
  private availability: Availability = noneLacking;

  constructor(private readonly deps: SessionDeps) {
    // A copy the session owns, so a new configuration can change it in place for the steps too.
    this.timings = { ...(deps.timings ?? defaultTimings) };
    this.fullCatalog = deps.catalog;
    this.catalog = deps.catalog.filter(supported);
    const steps = new SessionSteps({
      currency: deps.currency,
      clock: deps.clock,
      timings: this.timings,
      texts: deps.texts,
      checkStates: deps.checkStates,
      onTimeout: () => {
        this.deps.log.info('session-timeout', { screen: steps.screen });
        this.endSession('session-timeout');
      },
    });
    this.steps = steps;
    this.checkout = new Checkout(deps, steps, {
      cardPresent: () => this.cardPresent,
      endSession: (notice) => this.endSession(notice),
      lang: () => steps.facts.lang,
      printerReady: () => steps.facts.devices.printer === 'ready' || steps.facts.devices.printer === 'warning',
    });
    this.flow = new ServiceFlow(deps, () => this.catalog, steps, {
      serviceView: (service) => this.flowServiceView(service),
      toWelcome: (shopper) => this.toWelcome(shopper),
    });
    this.desk = deps.technician && new TechnicianDesk(deps.technician, steps, {
        log: deps.log,
        clock: deps.clock,
        visitClosed: () => this.replayHeldCard(),
        // Every catalog entry, shown or not: a dead letter may be for a service no longer offered.
        serviceTitle: (id) => this.fullCatalog.find((s) => s.id === id)?.title,
      });
  }

  /** A service as the menu would offer it to the shopper now (card, network, devices). */
  private flowServiceView(service: ServiceDefinition) {
    return serviceView(service, this.steps.facts.gateway, applicantOf(this.steps.shopper?.identity), this.cardExpired(), this.steps.shopper?.verified !== true, this.availability.failingFor(service));
  }

  /** Technician diagnostics: out of service (and by whom), and whether a visit is open (issue 12's agent waits for none). */
  get technician(): TechnicianDesk | undefined {
    return this.desk;
  }

  get snapshot(): KioskState {
    return this.steps.snapshot;
  }

  onState(listener: (state: KioskState) => void): () => void {
    return this.steps.onState(listener);
  }

  /** No shopper session and no technician visit: the only time a new configuration may be applied. */
  get idle(): boolean {
    const kind = this.steps.snapshot.mode.kind;
    return kind === 'attract' || kind === 'outOfService';
  }

  /**
   * Puts a new catalog and session timings in force, in place, for the next session. Refused
   * (false) unless the kiosk is idle: a shopper mid-session keeps the prices and services they
   * were shown.
   */
  replaceConfiguration(next: { catalog: readonly ServiceDefinition[]; timings?: SessionTimings; texts?: ScreenTexts }): boolean {
    if (!this.idle) return false;
    this.fullCatalog = next.catalog;
    this.catalog = next.catalog.filter(supported);
    Object.assign(this.timings, next.timings ?? this.deps.timings ?? defaultTimings);
    // The attract (or out-of-service) screen on show now speaks with the new texts too.
    this.steps.update({ texts: next.texts });
    return true;
  }

  // ---- intents from the renderer (already validated against the contract) ----

  async handle(intent: Intent): Promise<IntentResult> {
    if (intent.type !== 'activity' && intent.type !== 'setLanguage' && intent.type !== 'setField') {
      this.deps.log.info('intent', { type: intent.type, screen: this.steps.screen });
    }
    if (this.desk?.open && intent.type !== 'activity' && intent.type !== 'setLanguage') return this.desk.handle(intent);
    this.steps.touch();
    const flow = this.flow;
    const busy = this.steps.facts.busy;
    const open = this.steps.shopper;
    const at = (screen: ShopperScreen): Shopper | undefined => (open?.step.screen === screen ? open : undefined);
    let shopper: Shopper | undefined;
    let lacking: readonly string[];
    switch (intent.type) {
      case 'activity':
        return ACCEPTED;
      case 'setLanguage':
        this.steps.update({ lang: intent.lang });
        return ACCEPTED;
      case 'submitPin':
        if (!(shopper = at('pin')) || busy) return this.notNow(intent.type);
        void this.verifyPin(shopper, intent.pin);
        return ACCEPTED;
      case 'chooseService':
        if (!(shopper = at('welcome')) || busy) return this.notNow(intent.type);
        return flow.choose(shopper, intent.serviceId);
      case 'openCategory':
        if (!(shopper = at('welcome')) || busy) return this.notNow(intent.type);
        if (shopper.step.screen !== 'welcome' || !shopper.step.services.some((s) => s.category === intent.category)) return rejected('not-allowed-now', `no service listed in ${intent.category}`);
        shopper.menuCategory = intent.category;
        this.reviseWelcome(shopper);
        return ACCEPTED;
      case 'chooseBeneficiary':
        if (!(shopper = at('beneficiary'))) return this.notNow(intent.type);
        return (await flow.chooseBeneficiary(shopper, intent.beneficiaryId)) ?? this.notNow(intent.type);
      case 'extendVisa':
        if (!(shopper = at('visa')) || busy) return this.notNow(intent.type);
        return (await flow.extendVisa(shopper)) ?? this.notNow(intent.type);
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
      case 'editAnswer':
        if (!(shopper = at('confirm')) || busy) return this.notNow(intent.type);
        return flow.editAnswer(shopper, intent.fieldId) ?? this.notNow(intent.type);
      case 'changeBeneficiary':
        if (!(shopper = at('confirm')) || busy) return this.notNow(intent.type);
        return flow.changeBeneficiary(shopper) ?? this.notNow(intent.type);
      case 'showRequests':
        if (!(shopper = at('welcome')) || busy || !shopper.identity) return this.notNow(intent.type);
        // Someone else's requests must never be shown to a card that could be a forgery.
        if (!shopper.verified) return rejected('not-allowed-now', 'this card is not verified: its requests are not shown');
        void this.showRequests(shopper, shopper.identity);
        return ACCEPTED;
      case 'payRequestFee':
        if (!(shopper = at('requests')) || busy) return this.notNow(intent.type);
        return this.payRequestFee(shopper, intent.reference);
      case 'back':
        if ((shopper = at('requests'))) {
          this.toWelcome(shopper);
          return ACCEPTED;
        }
        if ((shopper = at('welcome')) && shopper.menuCategory) {
          shopper.menuCategory = undefined;
          this.reviseWelcome(shopper);
          return ACCEPTED;
        }
        return (open && flow.back(open)) ?? this.notNow(intent.type);
      case 'confirmPayment': {
        const request = (shopper = at('confirm'))?.request;
        if (!shopper || !request || !shopper.identity || request.total() === 0) return this.notNow(intent.type);
        if (this.steps.facts.devices.terminal === 'unavailable') return rejected('device-unavailable', 'payment terminal unavailable');
        if ((lacking = this.availability.failingFor(request.service)).length) return rejected('device-unavailable', `cannot complete without ${lacking.join(', ')}`);
        void this.checkout.pay(shopper, shopper.identity, request);
        return ACCEPTED;
      }
      case 'submitRequest': {
        const request = (shopper = at('confirm'))?.request;
        if (!shopper || !request || !shopper.identity || request.total() !== 0) return this.notNow(intent.type);
        if ((lacking = this.availability.failingFor(request.service)).length) return rejected('device-unavailable', `cannot complete without ${lacking.join(', ')}`);
        void this.checkout.submitFree(shopper, shopper.identity, request);
        return ACCEPTED;
      }
      case 'payAgain': {
        const step = (shopper = at('result'))?.step;
        if (!shopper || step?.screen !== 'result' || step.submission || !retryable(step.payment)) return this.notNow(intent.type);
        return flow.payAgain(shopper) ?? this.notNow(intent.type);
      }
      case 'cancelPayment':
        return at('paying') && this.checkout.cancel() ? ACCEPTED : this.notNow(intent.type);
      case 'finish':
        if (!this.steps.interactive) return this.notNow(intent.type);
        this.endSession();
        return ACCEPTED;
      case 'reprintReceipt': {
        const step = (shopper = at('result'))?.step;
        if (!shopper || step?.screen !== 'result' || step.receipt?.state !== 'failed') return this.notNow(intent.type);
        return this.checkout.reprint(shopper) ? ACCEPTED : this.notNow(intent.type);
      }
      case 'submitWorkOrder':
      case 'runSelfTest':
      case 'confirmSelfTest':
      case 'setOutOfService':
      case 'exitDiagnostics':
      case 'openTechnicianPage':
      case 'retryOutbox':
      case 'drainOutbox':
      case 'markRefunded':
      case 'filterLogs':
      case 'setDeviceSetting':
      case 'restartDevice':
        return this.notNow(intent.type);
      default: {
        const unreachable: never = intent;
        return rejected('invalid-intent', `unhandled intent ${(unreachable as { type: string }).type}`);
      }
    }
  }

  // ---- events from devices and background services ----

  cardInserted(): void {
    this.cardPresent = true;
    if (this.desk?.cardTestRunning) {
      this.cardForTest = true;
      return;
    }
    if (this.desk?.ending) {
      this.heldCard = {};
      return;
    }
    if (this.checkout.busy) return; // a payment is still settling for the previous shopper
    // Out of service, or a technician at work: no shopper's session opens (a technician card is still recognised).
    if (this.steps.isOutOfService || this.steps.technicianPresent) return;
    if (!this.steps.facts.offer.inService) return; // out of service by the automatic rules: the attract screen says so
    this.steps.open(this.deps.ids.sessionId(), { screen: 'reading' }, { busy: true });
  }

  /** The card asks for its PIN before it gives up the identity. */
  pinRequired(triesLeft?: number): void {
    if (this.cardForTest) return;
    if (this.heldCard) {
      this.heldCard.pin = { triesLeft };
      return;
    }
    const shopper = this.steps.shopper;
    if (!this.cardPresent || shopper?.step.screen !== 'reading') return;
    this.steps.show(shopper, { screen: 'pin', triesLeft, wrong: false }, { busy: false });
  }

  /** `verified`: the card passed authentication (drivers/card/trust); otherwise the catalog's unverified-card rule applies. */
  identityRead(identity: CardIdentity, verified: boolean): void {
    if (this.cardForTest) return;
    if (this.heldCard) {
      this.heldCard.read = { kind: 'shopper', identity, verified };
      return;
    }
    const shopper = this.steps.shopper;
    if (!this.cardPresent || shopper?.step.screen !== 'reading') return;
    shopper.identity = identity;
    shopper.verified = verified;
    // An expired card is read and flagged (person.expired); the welcome screen says so for as long as it shows.
    this.toWelcome(shopper, { busy: false });
  }

  cardReadFailed(code: string): void {
    if (this.cardForTest) return;
    if (this.heldCard) {
      this.heldCard.read = { kind: 'failed', code };
      return;
    }
    if (!this.cardPresent || (!this.steps.shopper && (this.steps.isOutOfService || this.steps.technicianPresent))) return;
    this.deps.log.warn('card-read-failed', { code });
    switch (code) {
      case 'card-removed': // cardRemoved() ends the session
        return;
      case 'pin-cancelled': // the shopper chose to stop; the session already ended
        return;
      case 'pin-blocked':
        if (this.steps.facts.notice === 'pin-blocked') return; // verifyPin already said so
        this.toError('pin-blocked');
        return;
      default:
        this.toError(code === 'reader-unavailable' ? 'card-reader-unavailable' : 'card-unreadable');
    }
  }

  /**
   * A technician's card opens diagnostics, never a shopper session; while a shopper's payment is
   * still settling it is refused (the payment finishes or is resolved first).
   */
  technicianCard(identity: Pick<CardIdentity, 'idNumber'>): void {
    if (this.cardForTest) return;
    if (!this.cardPresent) return;
    if (this.heldCard) {
      this.heldCard.read = { kind: 'technician', identity };
      return;
    }
    this.deps.log.info('technician-card');
    const actor = maskIdNumber(identity.idNumber);
    if (!this.desk) {
      this.toError('technician-card');
      return;
    }
    if (this.checkout.busy) {
      this.desk.refuse(actor, 'payment-in-progress');
      this.steps.update({ notice: 'technician-wait' });
      return;
    }
    this.desk.start(actor, identity.idNumber);
  }

  cardRemoved(): void {
    this.cardPresent = false;
    this.heldCard = undefined;
    if (this.cardForTest) {
      this.cardForTest = false;
      return;
    }
    if (this.desk?.open) {
      this.desk.cardRemoved();
      return;
    }
    if (this.checkout.busy) {
      this.checkout.endWhenSettled();
      return;
    }
    const screen = this.steps.screen;
    if (screen === 'attract' || screen === 'outOfService') return;
    if (screen === 'goodbye') this.toAttract();
    else this.endSession('card-removed');
  }

  /** The visit is closed: the card that went in during its exit check is served as if it went in now. */
  private replayHeldCard(): void {
    const held = this.heldCard;
    this.heldCard = undefined;
    if (!held || !this.cardPresent) return;
    this.cardInserted();
    if (held.pin) this.pinRequired(held.pin.triesLeft);
    const read = held.read;
    if (read?.kind === 'shopper') this.identityRead(read.identity, read.verified);
    else if (read?.kind === 'technician') this.technicianCard(read.identity);
    else if (read?.kind === 'failed') this.cardReadFailed(read.code);
  }

  setDeviceHealth(device: keyof KioskState['devices'], health: DeviceHealth): void {
    const { facts, shopper } = this.steps;
    if (facts.devices[device] === health) return;
    const devices = { ...facts.devices, [device]: health };
    const step = shopper?.step;
    // A printer back from paper-out makes the failed receipt printable again, and says so.
    if (shopper && device === 'printer' && step?.screen === 'result' && step.receipt?.state === 'failed') {
      this.steps.facts = { ...facts, devices };
      this.steps.revise(shopper, { ...step, receipt: { ...step.receipt, reprintAvailable: health === 'ready' || health === 'warning' } });
    } else this.steps.update({ devices });
  }

  /**
   * What the out-of-service rules make of the devices now (main/core/availability.ts): the
   * state's `offer`, and the list of services on the welcome screen, which drops what cannot
   * complete. A shopper past the list keeps going; their last step refuses if a device it needs
   * is down by then.
   */
  setAvailability(availability: Availability): void {
    const offer = { inService: availability.kioskFailing.length === 0, paid: availability.paidFailing.length === 0, receipt: availability.receipt } as const;
    const listed = (a: Availability) => this.catalog.filter((s) => a.failingFor(s).length === 0).map((s) => s.id).join();
    const changed = listed(availability) !== listed(this.availability);
    this.availability = availability;
    const { facts, shopper } = this.steps;
    const same = facts.offer.inService === offer.inService && facts.offer.paid === offer.paid && facts.offer.receipt === offer.receipt;
    if (same && !changed) return;
    if (shopper?.step.screen === 'welcome') {
      this.steps.facts = { ...facts, offer };
      this.reviseWelcome(shopper);
    } else if (!same) this.steps.update({ offer });
  }

  setGateway(status: KioskState['gateway']): void {
    if (this.steps.facts.gateway === status) return;
    const shopper = this.steps.shopper;
    // Which services need the ministry online is shown on the list of services.
    if (shopper?.step.screen === 'welcome') {
      this.steps.facts = { ...this.steps.facts, gateway: status };
      this.reviseWelcome(shopper);
    } else this.steps.update({ gateway: status });
  }

  /** The terminal's answer to a sale was lost and the kiosk is asking it what happened. */
  paymentChecking(): void {
    const shopper = this.steps.shopper;
    const step = shopper?.step;
    if (shopper && step?.screen === 'paying') this.steps.revise(shopper, { ...step, payment: { phase: 'in-progress', prompt: 'please-wait' } }, { notice: 'checking-previous-payment' });
  }

  submissionDelivered(id: string, ministryRef: string): void {
    const shopper = this.steps.shopper;
    if (shopper) this.checkout.delivered(shopper, id, ministryRef);
  }

  dispose(): void {
    this.desk?.dispose();
    this.steps.dispose();
    this.checkout.cancel();
  }

  // ---- flows ----

  private async verifyPin(shopper: Shopper, pin: string): Promise<void> {
    this.steps.update({ busy: true });
    let outcome: PinResult;
    try {
      outcome = await this.deps.card.submitPin(pin);
    } catch (err) {
      if (this.steps.isCurrent(shopper)) this.cardReadFailed(errorCode(err) ?? 'pin-failed');
      return;
    }
    if (!this.steps.isCurrent(shopper)) return;
    switch (outcome.result) {
      case 'ok':
        this.steps.show(shopper, { screen: 'reading' }, { busy: true });
        return;
      case 'wrong':
        this.steps.revise(shopper, { screen: 'pin', triesLeft: outcome.triesLeft, wrong: true }, { busy: false });
        return;
      case 'blocked':
        this.toError('pin-blocked');
        return;
    }
  }

  private async showRequests(shopper: Shopper, identity: CardIdentity): Promise<void> {
    this.steps.update({ busy: true });
    try {
      const tracked = await this.deps.requests.requestsOf(identity.idNumber);
      if (!this.steps.isCurrent(shopper)) return;
      const people = personRequestsViews(tracked.people, this.fullCatalog, (serviceId, relation) => this.payableHere(serviceId, relation));
      this.steps.show(shopper, { screen: 'requests', ministry: tracked.ministry, people }, { busy: false });
    } catch (err) {
      if (!this.steps.isCurrent(shopper)) return;
      this.deps.log.warn('requests-failed', { code: errorCode(err) ?? 'error' });
      this.steps.update({ busy: false, notice: 'gateway-unavailable' });
    }
  }

  /** A fee is paid here only through a service this kiosk runs now, for that person. */
  private payableHere(serviceId: string, relation: string): boolean {
    const service = this.catalog.find((s) => s.id === serviceId);
    if (!service || service.offered !== 'kiosk' || !(service.beneficiaries as readonly string[]).includes(relation)) return false;
    return this.flowServiceView(service).available;
  }

  /** Only a pay-here action main put on the screen opens a payment: the reference names it, nothing more. */
  private payRequestFee(shopper: Shopper, reference: string): Promise<IntentResult> | IntentResult {
    const step = shopper.step;
    if (step.screen !== 'requests') return this.notNow('payRequestFee');
    const person = step.people.find((p) => p.requests.some((r) => r.reference === reference));
    const action = person?.requests.find((r) => r.reference === reference)?.action;
    if (!person || action?.kind !== 'pay-here') return rejected('not-allowed-now', 'no fee of this request can be paid here');
    // The service opens on that person's fee: a claim names its request by the same reference.
    return this.flow.choose(shopper, action.serviceId, { personId: person.id, ministryRef: reference });
  }

  // ---- steps ----

  private welcomeStep(shopper: Shopper): ShopperStepOf<'welcome'> {
    if (!shopper.identity) throw new Error('the list of services needs the card holder');
    return welcomeStep(shopper.identity, this.catalog, this.steps.facts.gateway, this.deps.clock.now(), shopper.verified, (s) => this.availability.failingFor(s), shopper.menuCategory);
  }

  /** The menu changed in place (a category opened, the gateway or a device): its notice stays, and with it an inquiry's outcome. */
  private reviseWelcome(shopper: Shopper): void {
    const step = this.welcomeStep(shopper);
    const was = shopper.step;
    this.steps.revise(shopper, was.screen === 'welcome' && was.inquiryOutcome ? { ...step, inquiryOutcome: true } : step);
  }

  private toWelcome(shopper: Shopper, note?: StepNote): void {
    this.steps.show(shopper, this.welcomeStep(shopper), note);
  }

  private cardExpired(): boolean {
    const identity = this.steps.shopper?.identity;
    return identity ? isExpired(identity.validUntil, this.deps.clock.now()) : false;
  }

  private notNow(type: string): IntentResult {
    return rejected('not-allowed-now', `${type} is not accepted on the ${this.steps.screen} screen`);
  }

  /** Ends the shopper's session: drops everything personal, then asks for the card if it is still in. */
  private endSession(notice?: NoticeCode): void {
    if (this.steps.screen === 'pin') this.deps.card.cancelPin();
    if (this.cardPresent) this.steps.close({ screen: 'goodbye' }, { notice });
    else this.toAttract(notice);
  }

  private toError(notice: NoticeCode): void {
    this.steps.close({ screen: 'error' }, { notice });
  }

  private toAttract(notice?: NoticeCode): void {
    if (notice) this.steps.closeWithNotice(notice, this.timings.goodbyeMs);
    else this.steps.close({ screen: 'attract' }, { lang: 'ar' });
  }
}
