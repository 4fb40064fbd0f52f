import type { ServiceView, Step } from '../../../main/contract';
import type { MessageKey } from '../i18n';
import { useCurrentStep, useKiosk } from '../kiosk-context';

type StepName = 'card' | 'details' | 'fines' | 'claims' | 'answer' | 'confirm' | 'pay' | 'receipt';
type Pricing = ServiceView['pricing'];

/** The steps a service really has: a free request has no payment, a read-only inquiry no review. */
function stepsOf(pricing: Pricing): readonly StepName[] {
  switch (pricing) {
    // Unknown is never started here (served elsewhere); the paid flow is the safe guess.
    case 'unknown':
    case 'fee':
      return ['card', 'details', 'confirm', 'pay', 'receipt'];
    case 'by-inquiry':
      return ['card', 'fines', 'confirm', 'pay', 'receipt'];
    case 'free':
      return ['card', 'details', 'confirm', 'receipt'];
    case 'read-only':
      return ['card', 'fines'];
  }
}

/** How the request on screen is paid, as far as this screen tells (before a service: the paid flow). */
function pricingOf(step: Step): Pricing {
  switch (step.screen) {
    case 'beneficiary':
    case 'form':
    case 'confirm':
      return step.service.pricing;
    case 'fines':
      return step.readOnly ? 'read-only' : 'by-inquiry';
    case 'paying':
      return step.flow === 'form' ? 'fee' : 'by-inquiry';
    case 'result':
      if (!step.payment) return 'free';
      return step.flow === 'form' ? 'fee' : 'by-inquiry';
    default:
      return 'fee';
  }
}

/** The residence-permit and visa inquiries: the card, for whom, the answer (nothing to review or pay). */
const ANSWER_STEPS: readonly StepName[] = ['card', 'details', 'answer'];
/** Financial claims: the card, for whom, the claims listed, then as fines. */
const CLAIMS_STEPS: readonly StepName[] = ['card', 'details', 'claims', 'confirm', 'pay', 'receipt'];

/** A priced inquiry that asks for whom is the claims' (traffic fines are the card holder's own). */
function claimsFlow(step: Step): boolean {
  switch (step.screen) {
    case 'beneficiary':
      return step.service.pricing === 'by-inquiry';
    case 'fines':
    case 'confirm':
    case 'paying':
    case 'result':
      return step.flow === 'claims';
    default:
      return false;
  }
}
/** Permanent-residency eligibility is the card holder's own: nobody to choose, so the card, then the answer. */
const OWN_ANSWER_STEPS: readonly StepName[] = ['card', 'answer'];

/** Read-only inquiries that ask for whom (the violations inquiry is for oneself) and their answers. */
function answerInquiry(step: Step): boolean {
  return step.screen === 'permit' || step.screen === 'visa' || (step.screen === 'beneficiary' && step.service.pricing === 'read-only');
}

function stepNameOf(step: Step): StepName | undefined {
  switch (step.screen) {
    case 'reading':
    case 'pin':
    case 'welcome':
      return 'card';
    case 'beneficiary':
    case 'form':
      return 'details';
    case 'fines':
      return step.flow === 'claims' ? 'claims' : 'fines';
    case 'permit':
    case 'visa':
    case 'residency':
      return 'answer';
    case 'confirm':
      return 'confirm';
    case 'paying':
      return 'pay';
    case 'result': {
      // A payment that did not go through stays on the payment step: there is no receipt to take.
      const paidOrFree = step.payment?.phase === 'approved' || (!step.payment && Boolean(step.submission));
      return paidOrFree ? 'receipt' : 'pay';
    }
    default:
      return undefined;
  }
}

const LABEL: Record<StepName, MessageKey> = {
  card: 'step.card',
  details: 'step.details',
  fines: 'step.fines',
  claims: 'step.claims',
  answer: 'step.answer',
  confirm: 'step.confirm',
  pay: 'step.pay',
  receipt: 'step.receipt',
};

/** The one step counter of the flow: the form itself shows no second one. */
export function StepIndicator() {
  const { i18n } = useKiosk();
  const step = useCurrentStep();
  const name = stepNameOf(step);
  // Main says when the menu shows how a free inquiry ended: no purchase is under way to count.
  if (name === undefined || (step.screen === 'welcome' && step.inquiryOutcome)) return null;
  const steps = step.screen === 'residency' ? OWN_ANSWER_STEPS : answerInquiry(step) ? ANSWER_STEPS : claimsFlow(step) ? CLAIMS_STEPS : stepsOf(pricingOf(step));
  const current = steps.indexOf(name);
  if (current < 0) return null;
  return (
    <nav className="steps" aria-label={i18n.t('step.progress', { current: current + 1, total: steps.length })} data-testid="steps" data-steps={steps.join(' ')}>
      <ol>
        {steps.map((key, index) => (
          <li
            key={key}
            className={index < current ? 'step step--done' : index === current ? 'step step--current' : 'step'}
            aria-current={index === current ? 'step' : undefined}
          >
            <span className="step__dot" aria-hidden="true">
              {index < current ? '✓' : i18n.number(index + 1)}
            </span>
            <span className="step__label">{i18n.t(LABEL[key])}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
