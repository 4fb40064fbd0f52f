import type { ScreenId, Step } from '../../../main/contract';
import type { MessageKey } from '../i18n';
import { useCurrentStep, useKiosk } from '../kiosk-context';

const STEPS: readonly MessageKey[] = ['step.card', 'step.fines', 'step.confirm', 'step.pay', 'step.receipt'];

const STEP_OF: Partial<Record<ScreenId, number>> = {
  reading: 0,
  pin: 0,
  welcome: 0,
  fines: 1,
  form: 1,
  beneficiary: 1,
  confirm: 2,
  paying: 3,
  result: 4,
};

/** Paying traffic fines calls its second step "fines"; every other service, "details". */
function forFines(step: Step): boolean {
  switch (step.screen) {
    case 'fines':
      return true;
    case 'confirm':
    case 'paying':
    case 'result':
      return step.flow === 'fines';
    default:
      return false;
  }
}

export function StepIndicator() {
  const { i18n } = useKiosk();
  const step = useCurrentStep();
  // A payment that did not go through stays on the payment step: there is no receipt to take.
  const paidOrFree = step.screen === 'result' && (step.payment?.phase === 'approved' || (!step.payment && Boolean(step.submission)));
  const current = step.screen === 'result' && !paidOrFree ? 3 : STEP_OF[step.screen];
  if (current === undefined) return null;
  return (
    <nav className="steps" aria-label={i18n.t('step.progress', { current: current + 1, total: STEPS.length })}>
      <ol>
        {STEPS.map((key, index) => (
          <li
            key={key}
            className={index < current ? 'step step--done' : index === current ? 'step step--current' : 'step'}
            aria-current={index === current ? 'step' : undefined}
          >
            <span className="step__dot" aria-hidden="true">
              {index < current ? '✓' : i18n.number(index + 1)}
            </span>
            <span className="step__label">{i18n.t(key === 'step.fines' && !forFines(step) ? 'step.details' : key)}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
