import '../styles-menu.css';
import type { PersonView, ServiceCategory, ServiceView } from '../../../main/contract';
import { ServiceCategory as CATEGORIES } from '../../../main/contract';
import { ActionButton } from '../components/ActionButton';
import { CategoryIcon, Chevron } from '../components/CategoryIcon';
import { Screen } from '../components/Screen';
import { ServiceTile } from '../components/ServiceTile';
import type { I18n } from '../i18n';
import { useKiosk, useStep } from '../kiosk-context';

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

/** The menu's first level: the most used services, then one tile per category that has any. */
function CategoryMenu({ services, featured, i18n }: { services: ServiceView[]; featured: string[]; i18n: I18n }) {
  const top = featured.map((id) => services.find((s) => s.id === id)).filter((s): s is ServiceView => s !== undefined);
  const categories = CATEGORIES.options.filter((c) => services.some((s) => s.category === c));
  return (
    <>
      <h2 className="subtitle">{i18n.t('welcome.choose')}</h2>
      {top.length ? (
        <section className="menu-section" aria-labelledby="menu-featured">
          <h3 className="menu-section__title" id="menu-featured">
            {i18n.t('welcome.featured')}
          </h3>
          <ul className="services" data-testid="featured">
            {top.map((service) => (
              <li key={service.id}>
                <ServiceTile service={service} i18n={i18n} withIcon />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="menu-section" aria-labelledby="menu-categories">
        <h3 className="menu-section__title" id="menu-categories">
          {i18n.t('welcome.categories')}
        </h3>
        <ul className="categories">
          {categories.map((category) => (
            <li key={category}>
              <ActionButton intent={{ type: 'openCategory', category }} testId={`category-${category}`} variant="secondary" className="category-tile">
                <CategoryIcon category={category} />
                <span className="category-tile__name">{i18n.t(`category.${category}`)}</span>
                <Chevron />
              </ActionButton>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** One category opened: its services, the most used first, and the way back to the categories. */
function CategoryServices({ category, services, i18n }: { category: ServiceCategory; services: ServiceView[]; i18n: I18n }) {
  const inCategory = services.filter((s) => s.category === category);
  // What the kiosk does not serve is named, not offered as a tile: the shopper learns where to go.
  const here = inCategory.filter((s) => s.unavailableReason !== 'elsewhere');
  const elsewhere = inCategory.filter((s) => s.unavailableReason === 'elsewhere');
  return (
    <section className="menu-section" aria-labelledby={`cat-${category}`} data-testid={`open-category-${category}`}>
      <div className="category-head">
        <CategoryIcon category={category} />
        <h2 className="title category-head__title" id={`cat-${category}`}>
          {i18n.t(`category.${category}`)}
        </h2>
      </div>
      {here.length ? (
        <ul className="services services--category">
          {here.map((service) => (
            <li key={service.id}>
              <ServiceTile service={service} i18n={i18n} />
            </li>
          ))}
        </ul>
      ) : null}
      {elsewhere.length ? (
        <section className="elsewhere" aria-labelledby="elsewhere-title" data-testid="elsewhere">
          <h3 className="menu-section__title" id="elsewhere-title">
            {i18n.t('welcome.elsewhere')}
          </h3>
          <ul className="elsewhere__list">
            {elsewhere.map((service) => (
              <li key={service.id} data-testid={`elsewhere-${service.id}`}>
                {i18n.pick(service.titleAr, service.titleEn)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

export function Welcome() {
  const { i18n } = useKiosk();
  const step = useStep('welcome');
  const { person, category } = step;
  // An unverified card sees only what it may still use: the panel above says what it may not.
  const services = person.verified ? step.services : step.services.filter((s) => s.available);
  const name = displayName(person, i18n);
  const actions = category ? (
    <ActionButton intent={{ type: 'back' }} testId="back" variant="secondary">
      {i18n.t('welcome.allCategories')}
    </ActionButton>
  ) : undefined;
  return (
    <Screen id="welcome" actions={actions}>
      <div className="welcome-head">
        <div className="welcome-head__who">
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
          ) : null}
        </div>
        {person.verified ? (
          <ActionButton intent={{ type: 'showRequests' }} testId="my-requests" variant="secondary" className="my-requests">
            {i18n.t('requests.open')}
          </ActionButton>
        ) : null}
      </div>
      {person.verified ? null : (
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
      {services.length === 0 ? (
        person.verified ? (
          <p className="lead">{i18n.t('welcome.noServices')}</p>
        ) : null
      ) : category ? (
        <CategoryServices category={category} services={services} i18n={i18n} />
      ) : (
        <CategoryMenu services={services} featured={step.featured} i18n={i18n} />
      )}
    </Screen>
  );
}
