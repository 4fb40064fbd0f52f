import type { RequestActionView, TrackedRequestView } from '../../../main/contract';
import { KIOSK_TIME_ZONE } from '../../../shared/civil-date';
import type { I18n } from '../i18n';
import { useKiosk } from '../kiosk-context';
import { ActionButton } from './ActionButton';

/** A moment of the timeline in Doha's time, as the other dates of the kiosk and 24-hour, with Latin digits (the locale says so). */
function when(i18n: I18n, ms: number): string {
  const date = new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'long', timeZone: KIOSK_TIME_ZONE }).format(ms);
  const time = new Intl.DateTimeFormat(i18n.locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: KIOSK_TIME_ZONE }).format(ms);
  return i18n.t('requests.at', { date, time });
}

/** "A, B or C" in the shopper's language. */
function places(i18n: I18n, where: readonly ('website' | 'app' | 'service-centre')[]): string {
  return new Intl.ListFormat(i18n.locale, { type: 'disjunction' }).format(where.map((w) => i18n.t(`requests.place.${w}`)));
}

function Action({ action, reference }: { action: RequestActionView; reference: string }) {
  const { state, i18n } = useKiosk();
  switch (action.kind) {
    case 'pay-here':
      return (
        <ActionButton intent={{ type: 'payRequestFee', reference }} testId={`pay-${reference}`} className="request__pay">
          {i18n.t('requests.payHere', { amount: i18n.money(action.amountCents, state.currency) })}
        </ActionButton>
      );
    case 'pay-elsewhere':
      return <p data-testid="request-pay-elsewhere">{i18n.t('requests.payElsewhere', { amount: i18n.money(action.amountCents, state.currency), where: places(i18n, action.where) })}</p>;
    case 'visit':
      return (
        <p data-testid="request-visit">
          <strong>{i18n.t(`requests.visit.${action.where}`)}</strong>
          <br />
          {i18n.pick(action.reasonAr, action.reasonEn)}
        </p>
      );
  }
}

/** One request: what, where it was made, its references, the stages it went through, what comes next and what can be done now. */
export function RequestCard({ request: r }: { request: TrackedRequestView }) {
  const { i18n } = useKiosk();
  const current = r.history.at(-1)!.status;
  return (
    <li className="request" data-testid={`request-${r.reference}`}>
      <span className="request__title">{i18n.pick(r.titleAr, r.titleEn)}</span>
      <span className={`request__status request__status--${current}`} data-testid="request-status">
        {i18n.t(`requests.status.${current}`)}
      </span>
      <span className="request__meta">
        <span data-testid="request-channel">{i18n.t(`requests.via.${r.channel}`)}</span>
        {' · '}
        <span className="muted">{i18n.t('result.reference')} </span>
        <bdi dir="ltr" className="mono nowrap">
          {r.reference}
        </bdi>
        {r.localRef ? (
          <span className="muted">
            {' · '}
            {i18n.t('requests.kioskRef')}{' '}
            <bdi dir="ltr" className="nowrap">
              {r.localRef}
            </bdi>
          </span>
        ) : null}
      </span>
      <div className="request__history">
        <span className="request__label">{i18n.t('requests.history')}</span>
        <ol className="timeline" data-testid="request-history">
          {r.history.map((h, i) => (
            <li key={i} className={`timeline__step timeline__step--${h.status}`}>
              <span className="timeline__status">{i18n.t(h.status === 'queued' && i < r.history.length - 1 ? 'requests.stage.queued' : `requests.status.${h.status}`)}</span>
              <time className="timeline__time muted" dateTime={new Date(h.at).toISOString()}>
                {when(i18n, h.at)}
              </time>
              {h.noteAr || h.noteEn ? <span className="timeline__note">{i18n.pick(h.noteAr, h.noteEn)}</span> : null}
            </li>
          ))}
        </ol>
      </div>
      {r.nextAr || r.nextEn ? (
        <p className="request__next" data-testid="request-next">
          <span className="request__label">{i18n.t('requests.next')}</span>
          {i18n.pick(r.nextAr, r.nextEn)}
        </p>
      ) : null}
      {r.action ? (
        <div className="request__now" data-testid="request-now">
          <span className="request__label">{i18n.t('requests.now')}</span>
          <Action action={r.action} reference={r.reference} />
        </div>
      ) : null}
    </li>
  );
}
