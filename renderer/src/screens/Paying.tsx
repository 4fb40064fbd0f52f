import type { MessageKey } from '../i18n';
import { ActionButton } from '../components/ActionButton';
import { Spinner } from '../components/CardIllustration';
import { Screen } from '../components/Screen';
import { useKiosk, useStep } from '../kiosk-context';

export function Paying() {
  const { state, i18n } = useKiosk();
  const { payment, amountCents } = useStep('paying');
  const promptKey: MessageKey = payment.prompt ? `prompt.${payment.prompt}` : 'paying.starting';
  return (
    <Screen
      id="paying"
      className="screen--centered"
      actions={
        <ActionButton intent={{ type: 'cancelPayment' }} testId="cancel-payment" variant="secondary" allowWhileBusy>
          {i18n.t('paying.cancel')}
        </ActionButton>
      }
    >
      <h1 className="title">{i18n.t('paying.title')}</h1>
      <div className="amount-box">
        <span className="amount-box__label">{i18n.t('paying.amount')}</span>
        <span className="amount-box__value">{i18n.money(amountCents, state.currency)}</span>
      </div>
      <div className={`terminal-prompt terminal-prompt--${payment.prompt ?? 'starting'}`}>
        <span className="terminal-icon" aria-hidden="true">
          <span className="terminal-icon__screen" />
          <span className="terminal-icon__keys" />
        </span>
        <p className="terminal-prompt__text" role="status" aria-live="assertive" data-testid="terminal-prompt" data-prompt={payment.prompt ?? ''}>
          {i18n.t(promptKey)}
        </p>
      </div>
      <Spinner />
      <p className="muted">{i18n.t('paying.keepId')}</p>
    </Screen>
  );
}
