import { errorCode } from '../../shared/coded-error';
import { ACCEPTED, type BeneficiaryView, type IntentResult, type NoticeCode, type ServiceView, type ShopperStep, rejected } from '../contract';
import { permitStep, residencyStep, visaStep } from './inquiry-views';
import type { Clock, Logger, PermitsPort, ResidencyPort, VisasPort } from './ports';
import type { ServiceDefinition } from './services/schema';
import type { Shopper, ShopperStepOf, StepHooks } from './shopper';

export interface InquiryDeps {
  permits: PermitsPort;
  visas: VisasPort;
  residency: ResidencyPort;
  log: Logger;
  clock: Clock;
}

/** The catalog's visit-visa extension: the visa inquiry's answer offers it for the visa asked about. */
export const VISA_EXTENSION_SERVICE = 'extend-visit-visa';
/** The catalog's permit renewal: a permanent-residency answer that needs a valid permit points to it. */
const PERMIT_RENEWAL_SERVICE = 'renew-residence-permit';

type Answer = { kind: 'shown'; step: ShopperStep } | { kind: 'none'; notice: NoticeCode };

/**
 * The read-only inquiries: the ministry's answer about one person, shown with what to do next.
 * Nothing is requested or paid. Each needs the ministry live; a failed or empty answer from the
 * list of people leaves that list up (to ask about someone else), otherwise the list of services.
 */
export class InquiryFlow {
  constructor(
    private readonly deps: InquiryDeps,
    private readonly catalog: () => readonly ServiceDefinition[],
    private readonly steps: StepHooks,
    private readonly serviceView: (service: ServiceDefinition) => ServiceView,
  ) {}

  handles(service: ServiceDefinition): boolean {
    return service.inquiry === 'residence-permit' || service.inquiry === 'visa' || service.inquiry === 'permanent-residency';
  }

  async run(shopper: Shopper, service: ServiceDefinition, beneficiary: BeneficiaryView): Promise<IntentResult> {
    const identity = shopper.identity;
    if (!identity) return rejected('not-allowed-now', 'no card has been read');
    const fromList = Boolean(shopper.chosen?.offered);
    this.steps.update({ busy: true, notice: undefined });
    let answer: Answer;
    try {
      answer = await this.ask(identity.idNumber, service, beneficiary);
    } catch (err) {
      if (!this.steps.isCurrent(shopper)) return ACCEPTED;
      this.deps.log.warn('inquiry-failed', { code: errorCode(err) ?? 'error' });
      return this.none(shopper, fromList, 'gateway-unavailable');
    }
    if (!this.steps.isCurrent(shopper)) return ACCEPTED;
    if (answer.kind === 'none') return this.none(shopper, fromList, answer.notice);
    this.steps.show(shopper, answer.step, { busy: false });
    return ACCEPTED;
  }

  /**
   * The extension service, straight from the visa's answer for the same visitor, where main
   * offered it (extend-here). Undefined when the screen is not such an answer.
   */
  extensionOf(shopper: Shopper): { service: ServiceDefinition; beneficiary: BeneficiaryView; answer: ShopperStepOf<'visa'> } | IntentResult | undefined {
    const step = shopper.step;
    if (step.screen !== 'visa') return undefined;
    const service = this.catalog().find((s) => s.id === VISA_EXTENSION_SERVICE);
    if (step.visa.next !== 'extend-here' || !service || !this.extendable(service)) return rejected('not-allowed-now', 'this visa cannot be extended here now');
    return { service, beneficiary: step.beneficiary, answer: step };
  }

  /**
   * A visa's answer shown again, back from its extension's form: the ministry's answer of this
   * session, not asked again, with what can be done decided now (the kiosk may have gone offline,
   * or a device the extension needs failed, since).
   */
  visaAgain(inquiry: ServiceDefinition, answer: ShopperStepOf<'visa'>): ShopperStepOf<'visa'> {
    const { visaNumber, type, status, validUntil, passportMasked } = answer.visa;
    const extension = this.catalog().find((s) => s.id === VISA_EXTENSION_SERVICE);
    return visaStep(this.serviceView(inquiry), answer.beneficiary, { visaNumber, type, status, validUntil, passportMasked }, this.deps.clock.now(), Boolean(extension && this.extendable(extension)));
  }

  private async ask(idNumber: string, service: ServiceDefinition, beneficiary: BeneficiaryView): Promise<Answer> {
    const view = this.serviceView(service);
    const now = this.deps.clock.now();
    if (service.inquiry === 'permanent-residency') {
      // Always the card holder's own: nobody asks it for someone they sponsor.
      const eligibility = await this.deps.residency.permanentResidency(idNumber);
      if (!eligibility) return { kind: 'none', notice: 'residency-not-applicable' };
      const renewal = this.catalog().find((s) => s.id === PERMIT_RENEWAL_SERVICE);
      const renewableHere = Boolean(renewal && renewal.offered === 'kiosk' && renewal.beneficiaries.includes('self') && this.serviceView(renewal).available);
      return { kind: 'shown', step: residencyStep(view, eligibility, renewableHere) };
    }
    if (service.inquiry === 'visa') {
      // A visa is asked for by its sponsor, of a visitor the ministry listed for them.
      if (beneficiary.relation !== 'visitor') return { kind: 'none', notice: 'no-visa' };
      const visa = await this.deps.visas.visa(idNumber, beneficiary.id);
      if (!visa) return { kind: 'none', notice: 'no-visa' };
      const extension = this.catalog().find((s) => s.id === VISA_EXTENSION_SERVICE);
      return { kind: 'shown', step: visaStep(view, beneficiary, visa, now, Boolean(extension && this.extendable(extension))) };
    }
    const permit = await this.deps.permits.residencePermit(idNumber, beneficiary.relation === 'self' ? undefined : beneficiary.id);
    if (!permit) return { kind: 'none', notice: 'no-residence-permit' };
    return { kind: 'shown', step: permitStep(view, beneficiary, permit, now) };
  }

  /** Open at this kiosk and to this card holder now (network, card, devices), and for visitors. */
  private extendable(service: ServiceDefinition): boolean {
    return service.offered === 'kiosk' && service.beneficiaries.includes('visitor') && this.serviceView(service).available;
  }

  private none(shopper: Shopper, fromList: boolean, notice: NoticeCode): IntentResult {
    if (!fromList) shopper.chosen = undefined;
    this.steps.inquiryEnded(shopper, notice);
    return ACCEPTED;
  }
}
