import type { BeneficiaryView } from '../../../main/contract';
import { ActionButton } from '../components/ActionButton';
import { Screen } from '../components/Screen';
import type { MessageKey } from '../i18n';
import { useKiosk, useStep } from '../kiosk-context';

const RELATION: Record<BeneficiaryView['relation'], MessageKey> = {
  self: 'beneficiary.self',
  employee: 'beneficiary.employee',
  family: 'beneficiary.family',
  visitor: 'beneficiary.visitor',
};

/** For whom: the card holder or someone they sponsor, as listed by the ministry. One choice. */
export function Beneficiary() {
  const { i18n } = useKiosk();
  const step = useStep('beneficiary');
  return (
    <Screen
      id="beneficiary"
      actions={
        <div className="button-row">
          <ActionButton intent={{ type: 'back' }} testId="back" variant="secondary">
            {i18n.t('back')}
          </ActionButton>
        </div>
      }
    >
      <h1 className="title">{i18n.pick(step.service.titleAr, step.service.titleEn)}</h1>
      <h2 className="subtitle">{i18n.t('beneficiary.title')}</h2>
      <ul className="choices">
        {step.beneficiaries.map((b) => (
          <li key={b.id}>
            <ActionButton intent={{ type: 'chooseBeneficiary', beneficiaryId: b.id }} testId={`beneficiary-${b.id}`} variant="secondary" className="beneficiary">
              <span className="beneficiary__text">
                <span className="beneficiary__name">{b.relation === 'self' ? i18n.t('beneficiary.self') : i18n.pick(b.nameAr, b.nameEn)}</span>
                {b.relation === 'self' ? null : (
                  <span className="beneficiary__meta">
                    {i18n.t(RELATION[b.relation])}
                    {b.idNumberMasked ? (
                      <>
                        {' · '}
                        <bdi dir="ltr">{b.idNumberMasked}</bdi>
                      </>
                    ) : null}
                  </span>
                )}
              </span>
            </ActionButton>
          </li>
        ))}
      </ul>
    </Screen>
  );
}
