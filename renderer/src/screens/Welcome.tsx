import type { PersonView, ServiceView } from '../../../main/contract';
import { ActionButton } from '../components/ActionButton';
import { Screen } from '../components/Screen';
import type { I18n } from '../i18n';
import { useKiosk, useStep } from '../kiosk-context';

const CATEGORIES: ServiceView['category'][] = ['traffic', 'residency', 'visas', 'licences', 'certificates', 'general'];

function join(...parts: (string | undefined)[]): string | undefined {
  const text = parts.filter(Boolean).join(' ').trim();
  return text || undefined;
}

/** The name in the script of the chosen language when the card has it, else the other one. */
function displayName(person: PersonView, i18n: I18n): string | undefined {
  const arabic = join(person.givenNamesAr, person.surnameAr);
  const latin = join(person.givenNames, person.surname);
  return i18n.lang === 'ar' ? (arabic ?? latin) : (latin ?? arabic);
}

export function Welcome() {
  const { i18n } = useKiosk();
  const step = useStep('welcome');
  const { person } = step;
  // An unverified card sees only what it may still use: the panel above says what it may not.
  const services = person.verified ? step.services : step.services.filter((s) => s.available);
  const name = displayName(person, i18n);
  return (
    <Screen id="welcome">
      <h1 className="title" data-testid="greeting">
        {name ? i18n.t('welcome.greeting', { name }) : i18n.t('welcome.greetingNoName')}
      </h1>
      {person.verified ? (
        <p className="id-line">
          <span className="muted">{i18n.t('welcome.idNumber')}</span>{' '}
          <bdi dir="ltr" className="mono" data-testid="id-masked">
            {person.idNumberMasked}
          </bdi>
        </p>
      ) : (
        <section className="warning unverified" role="status" data-testid="unverified-card" aria-labelledby="unverified-title">
          <h2 className="subtitle" id="unverified-title">
            {i18n.t('unverified.title')}
          </h2>
          <p>{i18n.t('unverified.cannot')}</p>
          <p>{i18n.t(services.length > 0 ? 'unverified.can' : 'unverified.nothing')}</p>
          <p>{i18n.t('unverified.where')}</p>
        </section>
      )}
      {person.expired ? (
        <p className="warning" role="status" data-testid="expired-warning">
          {i18n.t('notice.card-expired')}
        </p>
      ) : null}
      {person.verified ? (
        <ActionButton intent={{ type: 'showRequests' }} testId="my-requests" variant="secondary" className="my-requests">
          {i18n.t('requests.open')}
        </ActionButton>
      ) : null}
      {person.verified || services.length > 0 ? <h2 className="subtitle">{i18n.t('welcome.choose')}</h2> : null}
      {services.length === 0 && !person.verified ? null : services.length === 0 ? (
        <p className="lead">{i18n.t('welcome.noServices')}</p>
      ) : (
        CATEGORIES.filter((c) => services.some((s) => s.category === c)).map((category) => (
          <section key={category} className="service-group" aria-labelledby={`cat-${category}`}>
            <h3 className="service-group__title" id={`cat-${category}`}>
              {i18n.t(`category.${category}`)}
            </h3>
            <ul className="services">
              {services
                .filter((s) => s.category === category)
                .map((service) => (
                  <li key={service.id}>
                    <ActionButton
                      intent={{ type: 'chooseService', serviceId: service.id }}
                      testId={`service-${service.id}`}
                      className="service-tile"
                      disabled={!service.available}
                    >
                      <span className="service-tile__text">
                        <span>{i18n.pick(service.titleAr, service.titleEn)}</span>
                        {service.available ? null : (
                          <span className="service-tile__why">
                            {i18n.t(
                              service.unavailableReason === 'needs-network'
                                ? 'service.needsNetwork'
                                : service.unavailableReason === 'card-expired'
                                  ? 'service.cardExpired'
                                  : service.unavailableReason === 'card-unverified'
                                    ? 'service.cardUnverified'
                                    : 'service.notForYou',
                            )}
                          </span>
                        )}
                      </span>
                    </ActionButton>
                  </li>
                ))}
            </ul>
          </section>
        ))
      )}
    </Screen>
  );
}
