import type { FineView } from '../../../main/contract';
import { useKiosk, useStep } from '../kiosk-context';
import { useClaimsText } from './claims-texts';
import { InquiryList } from './InquiryList';

/**
 * The financial claims (services.md #40) on the fines' screen: the same selection, total and
 * review, with each claim's kind and department, and where to pay one this kiosk does not take.
 * Its words load with it (claims-texts.ts), not with every shopper's start.
 */
export function Claims() {
  const { i18n } = useKiosk();
  const { beneficiary } = useStep('fines');
  const t = useClaimsText();
  const places = (where: NonNullable<FineView['claim']>['elsewhere']) =>
    new Intl.ListFormat(i18n.locale, { type: 'disjunction' }).format(where.map((w) => i18n.t(`requests.place.${w}`)));
  const detail = (fine: FineView) => {
    const claim = fine.claim;
    if (!claim) return null;
    return (
      <>
        <span className="fine__meta">
          <span data-testid="claim-kind">{t(`kind.${claim.kind}`)}</span>
          <span>
            <span className="muted">{t('department')}: </span>
            {i18n.pick(claim.departmentAr, claim.departmentEn)}
          </span>
        </span>
        {claim.payableHere ? null : (
          <span className="fine__elsewhere" data-testid="claim-elsewhere">
            {t('elsewhere', { where: places(claim.elsewhere) })}
          </span>
        )}
      </>
    );
  };
  const before = beneficiary ? (
    <p className="lead" data-testid="claims-for">
      <span className="muted">{i18n.t('confirm.for')}: </span>
      {i18n.pick(beneficiary.nameAr, beneficiary.nameEn)}
    </p>
  ) : null;
  return <InquiryList texts={{ title: t('title'), instruction: i18n.t('claims.instruction'), selected: (count) => t('selected', { count }) }} detail={detail} before={before} />;
}
