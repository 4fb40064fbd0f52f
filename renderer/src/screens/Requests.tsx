import type { RequestView } from '../../../main/contract';
import { ActionButton } from '../components/ActionButton';
import { Screen } from '../components/Screen';
import type { MessageKey } from '../i18n';
import { useKiosk, useStep } from '../kiosk-context';

/** The ministry's word wins when it has one; otherwise where the kiosk's copy stands. */
function statusKey(r: RequestView): MessageKey {
  if (r.ministryStatus) return `requests.ministry.${r.ministryStatus}`;
  return `requests.delivery.${r.delivery}`;
}

export function Requests() {
  const { i18n } = useKiosk();
  const { requests } = useStep('requests');
  return (
    <Screen
      id="requests"
      actions={
        <div className="button-row">
          <ActionButton intent={{ type: 'back' }} testId="back" variant="secondary">
            {i18n.t('back')}
          </ActionButton>
          <ActionButton intent={{ type: 'finish' }} testId="finish">
            {i18n.t('finish')}
          </ActionButton>
        </div>
      }
    >
      <h1 className="title">{i18n.t('requests.title')}</h1>
      {requests.length === 0 ? (
        <p className="lead" data-testid="requests-empty">
          {i18n.t('requests.empty')}
        </p>
      ) : (
        <ul className="requests">
          {requests.map((r) => (
            <li key={r.localRef} className="request" data-testid={`request-${r.localRef}`}>
              <span className="request__title">{i18n.pick(r.titleAr, r.titleEn)}</span>
              <span className={`request__status request__status--${r.ministryStatus ?? r.delivery}`} data-testid="request-status">
                {i18n.t(statusKey(r))}
              </span>
              <span className="request__meta">
                <span className="muted">{i18n.t('result.reference')}: </span>
                <bdi dir="ltr" className="mono">
                  {r.ministryRef ?? r.localRef}
                </bdi>
                {r.ministryRef ? (
                  <span className="muted">
                    {' '}
                    (<bdi dir="ltr">{r.localRef}</bdi>)
                  </span>
                ) : null}
              </span>
              <span className="request__meta muted">{i18n.date(new Date(r.createdAt).toISOString().slice(0, 10))}</span>
            </li>
          ))}
        </ul>
      )}
    </Screen>
  );
}
