import { ActionButton } from '../components/ActionButton';
import { Screen } from '../components/Screen';
import { useKiosk } from '../kiosk-context';

export function Confirm() {
  const { state, i18n } = useKiosk();
  const count = state.selectedFineIds?.length ?? state.fines?.length ?? 0;
  return (
    <Screen
      id="confirm"
      actions={
        <div className="button-row">
          <ActionButton intent={{ type: 'back' }} testId="back" variant="secondary">
            {i18n.t('back')}
          </ActionButton>
          <ActionButton intent={{ type: 'confirmPayment' }} testId="confirm-pay" disabled={state.amountCents === undefined}>
            {i18n.t('confirm.pay')}
          </ActionButton>
        </div>
      }
    >
      <h1 className="title">{i18n.t('confirm.title')}</h1>
      <dl className="facts">
        {state.service ? (
          <div>
            <dt>{i18n.t('confirm.service')}</dt>
            <dd>{i18n.pick(state.service.titleAr, state.service.titleEn)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{i18n.t('fines.title')}</dt>
          <dd>{i18n.t('confirm.count', { count })}</dd>
        </div>
      </dl>
      <div className="amount-box">
        <span className="amount-box__label">{i18n.t('confirm.total')}</span>
        <span className="amount-box__value" data-testid="total">
          {state.amountCents !== undefined ? i18n.money(state.amountCents, state.currency) : '—'}
        </span>
      </div>
      <p className="lead">{i18n.t('confirm.hint')}</p>
    </Screen>
  );
}
