import type { ResidencyView } from '../../../main/contract';
import { BackAndDone } from '../components/BackAndDone';
import { Screen } from '../components/Screen';
import { useKiosk, useStep } from '../kiosk-context';
import { useInquiryText } from './inquiries/texts';

/** The permanent-residency eligibility inquiry's answer: can the card holder apply, why not yet, from when, and what to do (main decided). */
export function Residency() {
  const { i18n } = useKiosk();
  const t = useInquiryText();
  const { eligibility } = useStep('residency');
  const from = eligibility.eligibleFrom ? i18n.date(eligibility.eligibleFrom) : undefined;
  const next: Record<ResidencyView['next'], string> = {
    'apply-online': t('residency.next.apply-online'),
    'renew-permit-here': t('residency.next.renew-permit-here'),
    'renew-permit-elsewhere': t('residency.next.renew-permit-elsewhere'),
    wait: t('residency.next.wait', { date: from ?? '' }),
  };
  return (
    <Screen
      id="residency"
      actions={
        <BackAndDone />
      }
    >
      <h1 className="title">{i18n.t('residency.title')}</h1>
      <h2 className="subtitle">{t('residency.forSelf')}</h2>
      <dl className="facts" data-testid="residency">
        <div>
          <dt>{t('residency.statusLabel')}</dt>
          <dd data-testid="residency-status" data-status={eligibility.status}>
            <strong>{t(`residency.status.${eligibility.status}`)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t('residency.yearsLabel')}</dt>
          <dd data-testid="residency-years">{t('residency.years', { n: eligibility.residenceYears })}</dd>
        </div>
        <div>
          <dt>{t('residency.requiredLabel')}</dt>
          <dd data-testid="residency-required">{t('residency.years', { n: eligibility.requiredYears })}</dd>
        </div>
        {from ? (
          <div>
            <dt>{t('residency.eligibleFrom')}</dt>
            <dd data-testid="residency-eligible-from">{from}</dd>
          </div>
        ) : null}
      </dl>
      {eligibility.reasons.length > 0 ? (
        <section aria-labelledby="residency-reasons">
          <h3 className="subtitle" id="residency-reasons">
            {t('residency.reasonsTitle')}
          </h3>
          <ul data-testid="residency-reasons">
            {eligibility.reasons.map((reason) => (
              <li key={reason} data-reason={reason}>
                {t(`residency.reason.${reason}`)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="lead" data-testid="residency-next" data-next={eligibility.next}>
        {next[eligibility.next]}
      </p>
      <p className="muted" data-testid="residency-elsewhere">
        {t('residency.elsewhere')}
      </p>
    </Screen>
  );
}
