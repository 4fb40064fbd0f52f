import { ACCEPTED, type BeneficiaryView, type IntentResult, type KioskState, type ScreenId, type ServiceView, rejected } from '../contract';
import type { CardIdentity, FinesPort, Logger, SponsorsPort } from './ports';
import { ServiceRequest } from './request';
import type { ServiceDefinition } from './services/schema';
import { fieldView, fineView, sponsoredView } from './session-views';

/** What the service flow needs from the session that owns the state. */
export interface FlowHooks {
  state(): KioskState;
  update(patch: Partial<KioskState>): void;
  go(screen: ScreenId, patch?: Partial<KioskState>): void;
  generation(): number;
  identity(): CardIdentity | undefined;
  serviceView(service: ServiceDefinition): ServiceView;
}

export interface FlowDeps {
  fines: FinesPort;
  sponsors: SponsorsPort;
  log: Logger;
}

const SELF: BeneficiaryView = { id: 'self', relation: 'self' };

/**
 * From "choose a service" to "review": for whom, the live inquiry or the form, and the fees.
 * Methods return undefined when the intent does not fit the request in progress (the session
 * turns that into not-allowed-now); screens are checked by the session before calling.
 */
export class ServiceFlow {
  request: ServiceRequest | undefined;

  constructor(
    private readonly deps: FlowDeps,
    private readonly catalog: readonly ServiceDefinition[],
    private readonly hooks: FlowHooks,
  ) {}

  reset(): void {
    this.request = undefined;
  }

  async choose(serviceId: string): Promise<IntentResult> {
    const service = this.catalog.find((s) => s.id === serviceId);
    if (!service) return rejected('invalid-intent', 'unknown service');
    const view = this.hooks.serviceView(service);
    if (!view.available) return rejected('not-allowed-now', `service unavailable: ${view.unavailableReason}`);
    if (service.beneficiaries.every((b) => b === 'self')) return this.start(service, view, SELF);
    return this.offerBeneficiaries(service, view);
  }

  async chooseBeneficiary(beneficiaryId: string): Promise<IntentResult | undefined> {
    const state = this.hooks.state();
    const service = this.catalog.find((s) => s.id === state.service?.id);
    if (!service || !state.service) return undefined;
    const option = state.beneficiaries?.find((b) => b.id === beneficiaryId);
    if (!option) return rejected('invalid-intent', 'unknown beneficiary');
    return this.start(service, state.service, option);
  }

  setField(fieldId: string, value: string): IntentResult | undefined {
    const request = this.request;
    const form = this.hooks.state().form;
    if (!request || !form) return undefined;
    if (!request.hasField(fieldId)) return rejected('invalid-intent', 'unknown field');
    request.setField(fieldId, value);
    this.hooks.update({ form: { ...form, values: { ...request.values }, errors: request.errors } });
    const error = request.errors[fieldId];
    return error ? rejected('invalid-value', `field ${fieldId}: ${error}`) : ACCEPTED;
  }

  submitForm(): IntentResult | undefined {
    const request = this.request;
    const form = this.hooks.state().form;
    if (!request || !form) return undefined;
    if (!request.validate()) {
      this.hooks.update({ form: { ...form, errors: request.errors }, notice: 'form-invalid' });
      return ACCEPTED;
    }
    this.hooks.go('confirm', { fees: request.fees(), amountCents: request.total() });
    return ACCEPTED;
  }

  selectFines(fineIds: readonly string[]): IntentResult | undefined {
    const request = this.request;
    if (!request || this.hooks.state().finesReadOnly) return undefined;
    const known = new Set(request.fines.map((f) => f.id));
    if (fineIds.some((id) => !known.has(id))) return rejected('invalid-intent', 'unknown fine id');
    request.selected = new Set(fineIds);
    this.hooks.update({ selectedFineIds: [...request.selected], amountCents: request.total() });
    return ACCEPTED;
  }

  review(): IntentResult | undefined {
    const request = this.request;
    if (!request || this.hooks.state().finesReadOnly) return undefined;
    if (request.selected.size === 0) return rejected('not-allowed-now', 'select at least one fine');
    this.hooks.go('confirm', { fees: request.fees(), amountCents: request.total() });
    return ACCEPTED;
  }

  /** One step back inside the flow; undefined when the screen is not part of it. */
  back(): IntentResult | undefined {
    const state = this.hooks.state();
    const screen = state.screen;
    const leaveService = {
      service: undefined,
      beneficiaries: undefined,
      beneficiary: undefined,
      form: undefined,
      fines: undefined,
      finesReadOnly: undefined,
      selectedFineIds: undefined,
      fees: undefined,
      amountCents: undefined,
    };
    if ((screen === 'fines' || screen === 'form') && (state.beneficiaries?.length ?? 0) > 1) {
      this.request = undefined;
      this.hooks.go('beneficiary', { ...leaveService, service: state.service, beneficiaries: state.beneficiaries });
    } else if (screen === 'fines' || screen === 'form' || screen === 'beneficiary') {
      this.request = undefined;
      this.hooks.go('welcome', leaveService);
    } else if (screen === 'confirm') {
      this.hooks.go(this.request?.service.inquiry ? 'fines' : 'form', { fees: undefined });
    } else return undefined;
    return ACCEPTED;
  }

  /** For whom? The card holder, or people the ministry lists as sponsored by them. */
  private async offerBeneficiaries(service: ServiceDefinition, view: NonNullable<KioskState['service']>): Promise<IntentResult> {
    const identity = this.hooks.identity();
    if (!identity) return rejected('not-allowed-now', 'no card has been read');
    const generation = this.hooks.generation();
    const selfAllowed = service.beneficiaries.includes('self');
    this.hooks.update({ service: view, busy: true, notice: undefined });
    let options: BeneficiaryView[];
    try {
      const people = await this.deps.sponsors.sponsoredPeople(identity.idNumber);
      options = people.filter((p) => service.beneficiaries.includes(p.relation)).map(sponsoredView);
    } catch (err) {
      if (generation !== this.hooks.generation()) return ACCEPTED;
      this.deps.log.warn('sponsors-inquiry-failed', { code: (err as { code?: string }).code ?? 'error' });
      // Without the list the shopper can still ask for themselves, where the service allows it.
      if (selfAllowed) return this.start(service, view, SELF);
      this.hooks.update({ busy: false, service: undefined, notice: 'gateway-unavailable' });
      return ACCEPTED;
    }
    if (generation !== this.hooks.generation()) return ACCEPTED;
    if (selfAllowed) options.unshift(SELF);
    if (options.length === 0) {
      this.hooks.update({ busy: false, service: undefined, notice: 'no-sponsored-people' });
      return ACCEPTED;
    }
    if (options.length === 1) return this.start(service, view, options[0]!);
    this.hooks.go('beneficiary', { busy: false, service: view, beneficiaries: options });
    return ACCEPTED;
  }

  private async start(service: ServiceDefinition, view: NonNullable<KioskState['service']>, beneficiary: BeneficiaryView): Promise<IntentResult> {
    const request = new ServiceRequest(service, beneficiary.relation, beneficiary.id === 'self' ? undefined : beneficiary.id);
    this.request = request;
    if (!service.inquiry) {
      this.hooks.go('form', { busy: false, service: view, beneficiary, form: { fields: service.fields.map(fieldView), values: {}, errors: {} } });
      return ACCEPTED;
    }
    this.hooks.update({ beneficiary });
    return this.runInquiry(request, view);
  }

  private async runInquiry(request: ServiceRequest, view: KioskState['service'] & object): Promise<IntentResult> {
    const identity = this.hooks.identity();
    if (!identity) return rejected('not-allowed-now', 'no card has been read');
    const generation = this.hooks.generation();
    this.hooks.update({ service: view, busy: true, notice: undefined });
    try {
      request.fines = await this.deps.fines.trafficFines(identity.idNumber);
    } catch (err) {
      if (generation !== this.hooks.generation()) return ACCEPTED;
      this.deps.log.warn('inquiry-failed', { code: (err as { code?: string }).code ?? 'error' });
      this.request = undefined;
      this.hooks.update({ busy: false, service: undefined, notice: 'gateway-unavailable' });
      return ACCEPTED;
    }
    if (generation !== this.hooks.generation()) return ACCEPTED;
    if (request.fines.length === 0) {
      this.request = undefined;
      this.hooks.update({ busy: false, service: undefined, notice: 'no-fines' });
      return ACCEPTED;
    }
    const readOnly = !request.pricedByInquiry;
    request.selected = new Set(readOnly ? [] : request.fines.map((f) => f.id));
    this.hooks.go('fines', {
      busy: false,
      fines: request.fines.map(fineView),
      finesReadOnly: readOnly,
      selectedFineIds: [...request.selected],
      amountCents: request.total(),
    });
    return ACCEPTED;
  }
}
