import type { PermitView } from '../../../main/contract';
import { BackAndDone } from '../components/BackAndDone';
import { Screen } from '../components/Screen';
import type { I18n } from '../i18n';
import { useKiosk, useStep } from '../kiosk-context';
import { type InquiryKey, useInquiryText } from './inquiries/texts';

type Text = ReturnType<typeof useInquiryText>;

const STATUS: Record<PermitView['status'], InquiryKey> = {
  valid: 'permit.status.valid',
  expired: 'permit.status.expired',
  cancelled: 'permit.status.cancelled',
};

/** What to do next, in the shopper's words, with the date that matters for it. */
function nextText(permit: PermitView, i18n: I18n, t: Text): string {
  switch (permit.next) {
    case 'nothing-yet':
      return t('permit.next.nothing-yet', { date: i18n.date(permit.renewFrom ?? permit.validUntil) });
    case 'renew-now':
      return t('permit.next.renew-now');
    case 'renew-in-grace':
      return t('permit.next.renew-in-grace', { date: i18n.date(permit.graceUntil ?? permit.validUntil) });
    case 'renew-late':
      return t('permit.next.renew-late', { date: i18n.date(permit.graceUntil ?? permit.validUntil) });
    case 'service-centre':
      return t('permit.next.service-centre');
  }
}

/** The residence-permit inquiry's answer: whose permit, valid or not, until when, and what to do now. */
export function Permit() {
  const { i18n } = useKiosk();
  const t = useInquiryText();
  const { beneficiary, permit } = useStep('permit');
  const whose = beneficiary.relation === 'self' ? t('permit.forSelf') : t('permit.forPerson', { name: i18n.pick(beneficiary.nameAr, beneficiary.nameEn) });
  return (
    <Screen
      id="permit"
      actions={
        <BackAndDone />
      }
    >
      <h1 className="title">{i18n.t('permit.title')}</h1>
      <h2 className="subtitle">{whose}</h2>
      <dl className="facts" data-testid="permit">
        <div>
          <dt>{t('permit.idNumber')}</dt>
          <dd>
            <bdi dir="ltr">{permit.idNumberMasked}</bdi>
          </dd>
        </div>
        <div>
          <dt>{t('permit.statusLabel')}</dt>
          <dd data-testid="permit-status" data-status={permit.status}>
            <strong>{t(STATUS[permit.status])}</strong>
          </dd>
        </div>
        <div>
          <dt>{t('permit.validUntil')}</dt>
          <dd data-testid="permit-valid-until">{i18n.date(permit.validUntil)}</dd>
        </div>
      </dl>
      <p className="lead" data-testid="permit-next" data-next={permit.next}>
        {nextText(permit, i18n, t)}
      </p>
    </Screen>
  );
}
