import type { VisaView } from '../../../main/contract';
import { ActionButton } from '../components/ActionButton';
import { BackAndDone } from '../components/BackAndDone';
import { Screen } from '../components/Screen';
import { useKiosk, useStep } from '../kiosk-context';
import { useInquiryText } from './inquiries/texts';

/** The visa inquiry's answer: whose visa, its number, type, state and last day, and what can be done now (main decided). */
export function Visa() {
  const { i18n } = useKiosk();
  const t = useInquiryText();
  const { beneficiary, visa } = useStep('visa');
  const date = i18n.date(visa.validUntil);
  const next: Record<VisaView['next'], string> = {
    'extend-here': t('visa.next.extend-here', { date }),
    'extend-elsewhere': t('visa.next.extend-elsewhere', { date }),
    'leave-by': t('visa.next.leave-by', { date }),
    ended: t('visa.next.ended', { date }),
    cancelled: t('visa.next.cancelled'),
  };
  return (
    <Screen
      id="visa"
      actions={
        <BackAndDone
          between={
            visa.next === 'extend-here' ? (
              <ActionButton intent={{ type: 'extendVisa' }} testId="extend-visa" variant="secondary">
                {t('visa.extend')}
              </ActionButton>
            ) : null
          }
        />
      }
    >
      <h1 className="title">{i18n.t('visa.title')}</h1>
      <h2 className="subtitle">{t('visa.forPerson', { name: i18n.pick(beneficiary.nameAr, beneficiary.nameEn) })}</h2>
      <dl className="facts" data-testid="visa">
        <div>
          <dt>{t('visa.number')}</dt>
          <dd data-testid="visa-number">
            <bdi dir="ltr">{visa.visaNumber}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t('visa.typeLabel')}</dt>
          <dd data-testid="visa-type">{t(`visa.type.${visa.type}`)}</dd>
        </div>
        <div>
          <dt>{t('visa.statusLabel')}</dt>
          <dd data-testid="visa-status" data-status={visa.status}>
            <strong>{t(`visa.status.${visa.status}`)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t('visa.validUntil')}</dt>
          <dd data-testid="visa-valid-until">{date}</dd>
        </div>
        <div>
          <dt>{t('visa.passport')}</dt>
          <dd>
            <bdi dir="ltr">{visa.passportMasked}</bdi>
          </dd>
        </div>
      </dl>
      <p className="lead" data-testid="visa-next" data-next={visa.next}>
        {next[visa.next]}
      </p>
      <p className="muted" data-testid="visa-elsewhere">
        {t('visa.elsewhere')}
      </p>
    </Screen>
  );
}
