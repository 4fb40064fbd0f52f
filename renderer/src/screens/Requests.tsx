import type { PersonRequestsView } from '../../../main/contract';
import { RequestCard } from '../components/RequestCard';
import { BackAndDone } from '../components/BackAndDone';
import { Screen } from '../components/Screen';
import { useKiosk, useStep } from '../kiosk-context';

function PersonRequests({ person }: { person: PersonRequestsView }) {
  const { i18n } = useKiosk();
  const name = person.nameAr || person.nameEn ? i18n.pick(person.nameAr, person.nameEn) : undefined;
  return (
    <section className="person-requests" data-testid={`requests-of-${person.id}`} aria-labelledby={`requests-head-${person.id}`}>
      <h2 className="person-requests__head" id={`requests-head-${person.id}`}>
        {name ?? i18n.t(`requests.for.${person.relation}`)}
        {name ? <span className="person-requests__relation muted"> · {i18n.t(`requests.for.${person.relation}`)}</span> : null}
        {person.idNumberMasked ? (
          <span className="person-requests__id muted">
            {' · '}
            <bdi dir="ltr" className="mono">
              {person.idNumberMasked}
            </bdi>
          </span>
        ) : null}
      </h2>
      {person.requests.length === 0 ? (
        <p className="muted" data-testid="requests-none">
          {i18n.t('requests.none')}
        </p>
      ) : (
        <ul className="requests">
          {person.requests.map((r) => (
            <RequestCard key={r.reference} request={r} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** "My requests": every channel's, the card holder's first, then each sponsored person's; offline, this kiosk's only, and it says so. */
export function Requests() {
  const { i18n } = useKiosk();
  const { ministry, people } = useStep('requests');
  return (
    <Screen
      id="requests"
      focusableBody
      actions={
        <BackAndDone done={i18n.t('finish')} />
      }
    >
      <h1 className="title">{i18n.t('requests.title')}</h1>
      {ministry === 'unavailable' ? (
        <p className="notice requests-offline" role="status" data-testid="requests-offline">
          {i18n.t('requests.offline')}
        </p>
      ) : null}
      {people.map((p) => (
        <PersonRequests key={p.id} person={p} />
      ))}
    </Screen>
  );
}
