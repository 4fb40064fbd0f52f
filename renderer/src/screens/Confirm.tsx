import { ActionButton } from '../components/ActionButton';
import { Screen } from '../components/Screen';
import { useKiosk, useStep } from '../kiosk-context';

export function Confirm() {
  const { state, i18n } = useKiosk();
  const step = useStep('confirm');
  const fees = step.fees;
  const free = step.amountCents === 0;
  const byInquiry = step.flow === 'fines';
  const count = step.fineCount;
  return (
    <Screen
      id="confirm"
      actions={
        <div className="button-row">
          <ActionButton intent={{ type: 'back' }} testId="back" variant="secondary">
            {i18n.t('back')}
          </ActionButton>
          {free ? (
            <ActionButton intent={{ type: 'submitRequest' }} testId="confirm-submit">
              {i18n.t('confirm.submit')}
            </ActionButton>
          ) : (
            <ActionButton intent={{ type: 'confirmPayment' }} testId="confirm-pay">
              {i18n.t('confirm.pay')}
            </ActionButton>
          )}
        </div>
      }
    >
      <h1 className="title">{i18n.t(free || !byInquiry ? 'confirm.titleRequest' : 'confirm.title')}</h1>
      <dl className="facts">
        <div>
          <dt>{i18n.t('confirm.service')}</dt>
          <dd>{i18n.pick(step.service.titleAr, step.service.titleEn)}</dd>
        </div>
        {step.beneficiary.relation !== 'self' ? (
          <div>
            <dt>{i18n.t('confirm.for')}</dt>
            <dd data-testid="confirm-beneficiary">{i18n.pick(step.beneficiary.nameAr, step.beneficiary.nameEn)}</dd>
          </div>
        ) : null}
        {byInquiry ? (
          <div>
            <dt>{i18n.t('fines.title')}</dt>
            <dd>{i18n.t('confirm.count', { count })}</dd>
          </div>
        ) : null}
      </dl>
      {!byInquiry && fees.length > 0 ? (
        <div className="fee-lines" data-testid="fee-lines">
          {fees.map((fee, i) => (
            <div key={i}>
              <span>{i18n.pick(fee.labelAr, fee.labelEn)}</span>
              <strong>{i18n.money(fee.amountCents, state.currency)}</strong>
            </div>
          ))}
        </div>
      ) : null}
      {free ? null : (
      <div className="amount-box">
        <span className="amount-box__label">{i18n.t('confirm.total')}</span>
        <span className="amount-box__value" data-testid="total">
          {i18n.money(step.amountCents, state.currency)}
        </span>
      </div>
      )}
      {free ? <p className="lead">{i18n.t('confirm.free')}</p> : null}
      <p className="lead">{i18n.t(free ? 'confirm.hintFree' : 'confirm.hint')}</p>
    </Screen>
  );
}
