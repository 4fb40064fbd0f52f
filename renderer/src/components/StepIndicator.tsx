import type { ScreenId } from '../../../main/contract';
import type { MessageKey } from '../i18n';
import { useKiosk } from '../kiosk-context';

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

export function StepIndicator() {
  const { state, i18n } = useKiosk();
  // A payment that did not go through stays on the payment step: there is no receipt to take.
  const paidOrFree = state.payment?.phase === 'approved' || (!state.payment && Boolean(state.submission));
  const current = state.screen === 'result' && !paidOrFree ? 3 : STEP_OF[state.screen];
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
            <span className="step__label">{i18n.t(key === 'step.fines' && !state.fines ? 'step.details' : key)}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
