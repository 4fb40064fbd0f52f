import { errorCode } from '../../shared/coded-error';
import { ACCEPTED, type BeneficiaryView, type IntentResult, type ServiceView, rejected } from '../contract';
import { InquiryFlow } from './inquiry-flow';
import { claimItem, payableHere, selectionProblem } from './inquiry-items';
import type { ClaimsPort, Clock, Fine, FinesPort, IdSource, Logger, PermitsPort, ResidencyPort, SponsorsPort, VisasPort } from './ports';
import { ServiceRequest } from './request';
import type { ServiceDefinition } from './services/schema';
import type { Shopper, StepHooks } from './shopper';
import { confirmStep, finesStep, formStep, sponsoredView } from './session-views';

/** What the service flow needs from the session, beyond moving between steps. */
export interface FlowHooks {
  serviceView(service: ServiceDefinition): ServiceView;
  /** The list of services, greeting the shopper by name. */
  toWelcome(shopper: Shopper): void;
}

export interface FlowDeps {
  fines: FinesPort;
  claims: ClaimsPort;
  sponsors: SponsorsPort;
  permits: PermitsPort;
  visas: VisasPort;
  residency: ResidencyPort;
  log: Logger;
  ids: IdSource;
  clock: Clock;
}

const SELF: BeneficiaryView = { id: 'self', relation: 'self' };

/** From "my requests": the one fee to pay, by the person it is for and the request's reference. */
export interface FeeFocus {
  personId: string;
  ministryRef: string;
}

type ListNotice = 'gateway-unavailable' | 'no-claims';

/**
 * From "choose a service" to "review": for whom, the live inquiry or the form, and the fees.
 * Methods return undefined when the intent does not fit the request in progress (the session
 * turns that into not-allowed-now); screens are checked by the session before calling. Every
 * answer that arrives late is dropped unless its shopper's session is still the one open.
 */
export class ServiceFlow {
  private readonly inquiries: InquiryFlow;

  constructor(
    private readonly deps: FlowDeps,
    /** Read at each choice: a configuration applied while the kiosk was idle replaces it. */
    private readonly catalog: () => readonly ServiceDefinition[],
    private readonly steps: StepHooks,
    private readonly hooks: FlowHooks,
  ) {
    this.inquiries = new InquiryFlow(deps, catalog, steps, (service) => hooks.serviceView(service));
  }

  async choose(shopper: Shopper, serviceId: string, focus?: FeeFocus): Promise<IntentResult> {
    const service = this.catalog().find((s) => s.id === serviceId);
    if (!service) return rejected('invalid-intent', 'unknown service');
    const view = this.hooks.serviceView(service);
    if (!view.available) return rejected('not-allowed-now', `service unavailable: ${view.unavailableReason}`);
    shopper.chosen = { service, ...(focus ? { focus } : {}) };
    if (service.beneficiaries.every((b) => b === 'self')) return this.start(shopper, SELF);
    return this.offerBeneficiaries(shopper, service);
  }

  /** From the visa's answer: its extension for the same visitor, without asking for whom again. */
  async extendVisa(shopper: Shopper): Promise<IntentResult | undefined> {
    const extension = this.inquiries.extensionOf(shopper);
    if (!extension || 'ok' in extension) return extension;
    const inquiry = shopper.chosen;
    shopper.chosen = { service: extension.service, ...(inquiry ? { fromVisa: { inquiry, answer: extension.answer } } : {}) };
    return this.start(shopper, extension.beneficiary);
  }

  async chooseBeneficiary(shopper: Shopper, beneficiaryId: string): Promise<IntentResult | undefined> {
    const offered = shopper.chosen?.offered;
    if (!offered) return undefined;
    const option = offered.find((b) => b.id === beneficiaryId);
    if (!option) return rejected('invalid-intent', 'unknown beneficiary');
    return this.start(shopper, option);
  }

  setField(shopper: Shopper, fieldId: string, value: string): IntentResult | undefined {
    const request = shopper.request;
    if (!request) return undefined;
    if (!request.hasField(fieldId)) return rejected('invalid-intent', 'unknown field');
    request.setField(fieldId, value);
    this.steps.revise(shopper, formStep(request, this.hooks.serviceView(request.service)));
    const error = request.errors[fieldId];
    return error ? rejected('invalid-value', `field ${fieldId}: ${error}`) : ACCEPTED;
  }

  submitForm(shopper: Shopper): IntentResult | undefined {
    const request = shopper.request;
    if (!request) return undefined;
    if (!request.validate()) {
      this.steps.revise(shopper, formStep(request, this.hooks.serviceView(request.service)), { notice: 'form-invalid' });
      return ACCEPTED;
    }
    request.endEdit();
    this.toReview(shopper, request);
    return ACCEPTED;
  }

  /** From the review: the form opens at one answer, and accepting it comes back to the review. */
  editAnswer(shopper: Shopper, fieldId: string): IntentResult | undefined {
    const request = shopper.request;
    if (request?.flow !== 'form') return undefined;
    if (!request.beginEdit(fieldId)) return rejected('invalid-intent', 'unknown field');
    this.steps.show(shopper, formStep(request, this.hooks.serviceView(request.service)));
    return ACCEPTED;
  }

  /** A payment took nothing (declined, cancelled): the same request is reviewed again, for another card. */
  payAgain(shopper: Shopper): IntentResult | undefined {
    const chosen = shopper.chosen;
    if (!chosen?.request) return undefined;
    chosen.request = chosen.request.again(this.deps.ids.requestId());
    this.toReview(shopper, chosen.request);
    return ACCEPTED;
  }

  /** From the review: for whom, again, keeping every answer typed so far. */
  changeBeneficiary(shopper: Shopper): IntentResult | undefined {
    const chosen = shopper.chosen;
    if (!chosen?.offered || !chosen.request) return undefined;
    this.showBeneficiaries(shopper, chosen.service, chosen.offered);
    return ACCEPTED;
  }

  selectFines(shopper: Shopper, fineIds: readonly string[]): IntentResult | undefined {
    const request = shopper.request;
    if (!request?.pricedByInquiry) return undefined;
    const problem = selectionProblem(request.fines, fineIds);
    if (problem) return rejected('invalid-intent', `selection refused: ${problem}`);
    request.selected = new Set(fineIds);
    this.steps.revise(shopper, finesStep(request));
    return ACCEPTED;
  }

  review(shopper: Shopper): IntentResult | undefined {
    const request = shopper.request;
    if (!request?.pricedByInquiry) return undefined;
    if (request.selected.size === 0) return rejected('not-allowed-now', 'select at least one fine');
    this.toReview(shopper, request);
    return ACCEPTED;
  }

  private toReview(shopper: Shopper, request: ServiceRequest): void {
    request.reviewed = true;
    this.steps.show(shopper, confirmStep(request, this.hooks.serviceView(request.service), Boolean(shopper.chosen?.offered)), { busy: false });
  }

  /** One step back inside the flow; undefined when the screen is not part of it. */
  back(shopper: Shopper): IntentResult | undefined {
    const chosen = shopper.chosen;
    const screen = shopper.step.screen;
    const request = shopper.request;
    if (screen === 'form' && request?.editing) {
      // Changing one answer from the review: back puts the reviewed answer back and returns there.
      request.cancelEdit();
      this.toReview(shopper, request);
    } else if (screen === 'beneficiary' && request?.reviewed && request.flow === 'form') {
      this.toReview(shopper, request);
    } else if (screen === 'form' && chosen?.fromVisa) {
      // The extension was opened from the visa's answer: back is that answer, and from it the way it was reached.
      const { inquiry, answer } = chosen.fromVisa;
      shopper.chosen = inquiry;
      this.steps.show(shopper, this.inquiries.visaAgain(inquiry.service, answer));
    } else if ((screen === 'fines' || screen === 'form' || screen === 'permit' || screen === 'visa') && chosen?.offered) {
      chosen.request = undefined;
      // Back on the list the shopper chooses afresh: the fee from "my requests" no longer leads.
      chosen.focus = undefined;
      this.showBeneficiaries(shopper, chosen.service, chosen.offered);
    } else if (screen === 'fines' || screen === 'form' || screen === 'permit' || screen === 'visa' || screen === 'residency' || screen === 'beneficiary') {
      shopper.chosen = undefined;
      this.hooks.toWelcome(shopper);
    } else if (screen === 'confirm' && request) {
      this.steps.show(shopper, request.flow === 'form' ? formStep(request, this.hooks.serviceView(request.service)) : finesStep(request));
    } else return undefined;
    return ACCEPTED;
  }

  /** For whom? The card holder, or people the ministry lists as sponsored by them. */
  private async offerBeneficiaries(shopper: Shopper, service: ServiceDefinition): Promise<IntentResult> {
    const identity = shopper.identity;
    if (!identity) return rejected('not-allowed-now', 'no card has been read');
    const selfAllowed = service.beneficiaries.includes('self');
    this.steps.update({ busy: true, notice: undefined });
    let options: BeneficiaryView[];
    try {
      const people = await this.deps.sponsors.sponsoredPeople(identity.idNumber);
      options = people.filter((p) => service.beneficiaries.includes(p.relation)).map(sponsoredView);
    } catch (err) {
      if (!this.steps.isCurrent(shopper)) return ACCEPTED;
      this.deps.log.warn('sponsors-inquiry-failed', { code: errorCode(err) ?? 'error' });
      // Without the list the shopper can still ask for themselves, where the service allows it.
      if (selfAllowed) return this.start(shopper, SELF);
      return this.giveUp(shopper, 'gateway-unavailable');
    }
    if (!this.steps.isCurrent(shopper)) return ACCEPTED;
    if (selfAllowed) options.unshift(SELF);
    if (options.length === 0) return this.giveUp(shopper, 'no-sponsored-people');
    if (options.length === 1) return this.start(shopper, options[0]!);
    const focus = shopper.chosen?.focus;
    shopper.chosen = { service, offered: options, ...(focus ? { focus } : {}) };
    // From "my requests" the person is known: straight to their list, the list of people one step back.
    const focused = focus && options.find((o) => o.id === focus.personId);
    if (focused) return this.start(shopper, focused);
    this.showBeneficiaries(shopper, service, options);
    return ACCEPTED;
  }

  private showBeneficiaries(shopper: Shopper, service: ServiceDefinition, offered: BeneficiaryView[]): void {
    this.steps.show(shopper, { screen: 'beneficiary', service: this.hooks.serviceView(service), beneficiaries: offered }, { busy: false });
  }

  private async start(shopper: Shopper, beneficiary: BeneficiaryView): Promise<IntentResult> {
    const chosen = shopper.chosen;
    if (!chosen) return rejected('not-allowed-now', 'no service chosen');
    if (this.inquiries.handles(chosen.service)) return this.inquiries.run(shopper, chosen.service, beneficiary);
    const previous = chosen.request;
    const request = new ServiceRequest(this.deps.ids.requestId(), chosen.service, beneficiary);
    chosen.request = request;
    if (request.flow === 'form') {
      // Chosen again from the review: the answers stay, and the review shows the new fees.
      if (previous?.reviewed) {
        request.takeValuesFrom(previous);
        if (request.validate()) {
          this.toReview(shopper, request);
          return ACCEPTED;
        }
      }
      this.steps.show(shopper, formStep(request, this.hooks.serviceView(request.service)), { busy: false });
      return ACCEPTED;
    }
    return this.runInquiry(shopper, request);
  }

  /**
   * The live inquiry that prices the request: the card holder's traffic fines, or the financial
   * claims of the person it is for. Everything payable here starts selected, as fines always
   * have: the shopper came to settle what is owed, unticking is one touch, and the review lists
   * each item and the total before the terminal is asked. A fee opened from "my requests" starts
   * with that fee alone selected: the shopper asked to pay that one.
   */
  private async runInquiry(shopper: Shopper, request: ServiceRequest): Promise<IntentResult> {
    const identity = shopper.identity;
    if (!identity) return rejected('not-allowed-now', 'no card has been read');
    const claims = request.flow === 'claims';
    const fromList = Boolean(shopper.chosen?.offered);
    this.steps.update({ busy: true, notice: undefined });
    let items: Fine[];
    let focusedId: string | undefined;
    try {
      if (claims) {
        const listed = await this.deps.claims.financialClaims(identity.idNumber, request.beneficiary.relation === 'self' ? undefined : request.beneficiary.id);
        items = listed.map(claimItem);
        const focus = shopper.chosen?.focus;
        focusedId = focus && focus.personId === request.beneficiary.id ? listed.find((c) => c.ministryRef === focus.ministryRef)?.id : undefined;
      } else items = await this.deps.fines.trafficFines(identity.idNumber);
    } catch (err) {
      if (!this.steps.isCurrent(shopper)) return ACCEPTED;
      this.deps.log.warn('inquiry-failed', { code: errorCode(err) ?? 'error' });
      return fromList ? this.noticeOnList('gateway-unavailable') : this.giveUp(shopper, 'gateway-unavailable');
    }
    if (!this.steps.isCurrent(shopper)) return ACCEPTED;
    if (items.length === 0) {
      const none = claims ? 'no-claims' : 'no-fines';
      return fromList && claims ? this.noticeOnList('no-claims') : this.giveUp(shopper, none);
    }
    request.fines = items;
    const payable = request.pricedByInquiry ? items.filter(payableHere).map((f) => f.id) : [];
    request.selected = new Set(focusedId && payable.includes(focusedId) ? [focusedId] : payable);
    this.steps.show(shopper, finesStep(request), { busy: false });
    return ACCEPTED;
  }

  /** Nothing to list for the person chosen from the list of people: that list stays up to choose another. */
  private noticeOnList(notice: ListNotice): IntentResult {
    this.steps.update({ busy: false, notice });
    return ACCEPTED;
  }

  /** The service cannot go on: the shopper stays on the list of services, told why. */
  private giveUp(shopper: Shopper, notice: 'gateway-unavailable' | 'no-fines' | 'no-claims' | 'no-sponsored-people'): IntentResult {
    // A free inquiry (nobody to ask the visa inquiry about, no violations) ended; a purchase did not begin.
    const inquiry = shopper.chosen?.service.fee.kind === 'none' && Boolean(shopper.chosen.service.inquiry);
    shopper.chosen = undefined;
    if (inquiry) this.steps.inquiryEnded(shopper, notice);
    else this.steps.update({ busy: false, notice });
    return ACCEPTED;
  }
}
