import { ActionButton } from '../components/ActionButton';
import { Screen } from '../components/Screen';
import { useKiosk, useStep } from '../kiosk-context';

export function Confirm() {
  const { state, i18n } = useKiosk();
  const step = useStep('confirm');
  const fees = step.fees;
  const free = step.amountCents === 0;
  const byInquiry = step.flow !== 'form';
  // Claims differ in kind and department: the review names each one paid, not only how many.
  const lines = step.flow === 'claims' || (!byInquiry && fees.length > 0);
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
      {step.answers.length > 0 || step.beneficiaryChangeable ? <p className="muted">{i18n.t('confirm.checkHint')}</p> : null}
      <dl className="facts facts--review" data-testid="review">
        <div>
          <dt>{i18n.t('confirm.service')}</dt>
          <dd>{i18n.pick(step.service.titleAr, step.service.titleEn)}</dd>
        </div>
        <div>
          <dt>{i18n.t('confirm.for')}</dt>
          <dd>
            <span className="facts__value" data-testid="confirm-beneficiary">
              {step.beneficiary.relation === 'self' ? i18n.t('confirm.forSelf') : i18n.pick(step.beneficiary.nameAr, step.beneficiary.nameEn)}
              {step.beneficiary.idNumberMasked ? (
                <span className="facts__sub" dir="ltr">
                  {step.beneficiary.idNumberMasked}
                </span>
              ) : null}
            </span>
            {step.beneficiaryChangeable ? (
              <ActionButton intent={{ type: 'changeBeneficiary' }} testId="change-beneficiary" variant="secondary" className="btn--change">
                <span aria-hidden="true">{i18n.t('confirm.change')}</span>
                <span className="visually-hidden">{i18n.t('confirm.changeNamed', { label: i18n.t('confirm.for') })}</span>
              </ActionButton>
            ) : null}
          </dd>
        </div>
        {step.answers.map((answer) => {
          const label = i18n.pick(answer.labelAr, answer.labelEn);
          return (
            <div key={answer.fieldId} data-testid={`answer-${answer.fieldId}`}>
              <dt>{label}</dt>
              <dd>
                <span className="facts__value">{i18n.pick(answer.valueAr, answer.valueEn)}</span>
                <ActionButton intent={{ type: 'editAnswer', fieldId: answer.fieldId }} testId={`edit-${answer.fieldId}`} variant="secondary" className="btn--change">
                  <span aria-hidden="true">{i18n.t('confirm.change')}</span>
                  <span className="visually-hidden">{i18n.t('confirm.changeNamed', { label })}</span>
                </ActionButton>
              </dd>
            </div>
          );
        })}
        {step.flow === 'fines' ? (
          <div>
            <dt>{i18n.t('fines.title')}</dt>
            <dd>{i18n.t('confirm.count', { count })}</dd>
          </div>
        ) : null}
      </dl>
      {lines ? (
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
