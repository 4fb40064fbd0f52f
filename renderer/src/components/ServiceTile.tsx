import type { ServiceView } from '../../../main/contract';
import type { I18n, MessageKey } from '../i18n';
import { ActionButton } from './ActionButton';
import { CategoryIcon } from './CategoryIcon';

/** Why a greyed-out tile cannot be chosen, in the shopper's words. */
function whyKey(service: ServiceView): MessageKey {
  switch (service.unavailableReason) {
    case 'needs-network':
      return 'service.needsNetwork';
    case 'card-expired':
      return 'service.cardExpired';
    case 'card-unverified':
      return 'service.cardUnverified';
    default:
      return 'service.notForYou';
  }
}

/** What it costs, before any answer: a fee (from the least), free, or what the inquiry finds. */
function feeText(service: ServiceView, i18n: I18n): string {
  switch (service.pricing) {
    case 'fee': {
      const amount = i18n.money(service.feeFromCents ?? 0, 'QAR');
      return service.feeVaries ? i18n.t('fee.from', { amount }) : amount;
    }
    case 'by-inquiry':
      return i18n.t('fee.byInquiry');
    case 'read-only':
      return i18n.t('fee.readOnly');
    case 'free':
      return i18n.t('fee.free');
    case 'unknown':
      return '';
  }
}

/** One service of the menu: its name, its fee, and when it cannot be chosen, why. */
export function ServiceTile({ service, i18n, withIcon = false }: { service: ServiceView; i18n: I18n; withIcon?: boolean }) {
  return (
    <ActionButton
      intent={{ type: 'chooseService', serviceId: service.id }}
      testId={`service-${service.id}`}
      className="service-tile"
      disabled={!service.available}
    >
      {withIcon ? <CategoryIcon category={service.category} className="service-tile__icon-svg" /> : null}
      <span className="service-tile__text">
        <span className="service-tile__title">{i18n.pick(service.titleAr, service.titleEn)}</span>
        {service.available ? (
          <span className="service-tile__fee" data-testid={`fee-${service.id}`}>
            {feeText(service, i18n)}
          </span>
        ) : (
          <span className="service-tile__why">{i18n.t(whyKey(service))}</span>
        )}
      </span>
    </ActionButton>
  );
}
