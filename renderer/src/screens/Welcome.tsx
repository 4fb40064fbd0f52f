import type { PersonView } from '../../../main/contract';
import { ActionButton } from '../components/ActionButton';
import { Screen } from '../components/Screen';
import type { I18n } from '../i18n';
import { useKiosk } from '../kiosk-context';

function join(...parts: (string | undefined)[]): string | undefined {
  const text = parts.filter(Boolean).join(' ').trim();
  return text || undefined;
}

/** The name in the script of the chosen language when the card has it, else the other one. */
export function displayName(person: PersonView | undefined, i18n: I18n): string | undefined {
  if (!person) return undefined;
  const arabic = join(person.givenNamesAr, person.surnameAr);
  const latin = join(person.givenNames, person.surname);
  return i18n.lang === 'ar' ? (arabic ?? latin) : (latin ?? arabic);
}

export function Welcome() {
  const { state, i18n } = useKiosk();
  const person = state.person;
  const name = displayName(person, i18n);
  return (
    <Screen id="welcome">
      <h1 className="title" data-testid="greeting">
        {name ? i18n.t('welcome.greeting', { name }) : i18n.t('welcome.greetingNoName')}
      </h1>
      {person ? (
        <p className="id-line">
          <span className="muted">{i18n.t('welcome.idNumber')}</span>{' '}
          <bdi dir="ltr" className="mono" data-testid="id-masked">
            {person.idNumberMasked}
          </bdi>
        </p>
      ) : null}
      {person?.expired ? <p className="warning">{i18n.t('welcome.expired')}</p> : null}
      <h2 className="subtitle">{i18n.t('welcome.choose')}</h2>
      {state.services.length === 0 ? (
        <p className="lead">{i18n.t('welcome.noServices')}</p>
      ) : (
        <ul className="services">
          {state.services.map((service) => (
            <li key={service.id}>
              <ActionButton
                intent={{ type: 'chooseService', serviceId: service.id }}
                testId={`service-${service.id}`}
                className="service-tile"
              >
                <span className="service-tile__icon" aria-hidden="true">
                  <span />
                </span>
                <span>{i18n.pick(service.titleAr, service.titleEn)}</span>
              </ActionButton>
            </li>
          ))}
        </ul>
      )}
    </Screen>
  );
}
