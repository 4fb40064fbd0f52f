import '../../styles-technician.css';
import { useState } from 'react';
import type { PaymentLink, QueueActionView, RefundHow } from '../../../../main/contract';
import { ActionButton } from '../../components/ActionButton';
import type { I18n } from '../../i18n';
import { useKiosk, useStep } from '../../kiosk-context';
import { TechPage } from './TechPage';
import { rejectKey, useQueueText } from './queue-texts';
import { useTechText } from './texts';

const COUNTS = ['queued', 'sending', 'delivered', 'rejected', 'expired', 'setAside', 'paidDead'] as const;
const HOW: readonly RefundHow[] = ['cash', 'transfer', 'card'];

function age(i18n: I18n, ms: number): string {
  const [value, unit] = ms >= 3_600_000 ? [ms / 3_600_000, 'hour'] : [Math.max(1, ms / 60_000), 'minute'];
  return new Intl.NumberFormat(i18n.locale, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 0 }).format(value);
}

/**
 * The queue and money page of a visit: what waits for the ministry, what it refused (with the
 * payment each one took), and the money not settled. The renderer only picks; main retries,
 * drains and writes the refund, and audits each.
 */
export function TechQueue() {
  const { i18n } = useKiosk();
  const tt = useTechText();
  const qt = useQueueText();
  const step = useStep('techQueue');
  const q = step.queue;
  // Which refund owed the technician is recording: a screen-local choice until one intent goes.
  const [refunding, setRefunding] = useState<string | undefined>(undefined);
  return (
    <TechPage
      id="techQueue"
      current="queue"
      actions={
        <>
          <ActionButton intent={{ type: 'retryOutbox' }} testId="queue-retry-all" variant="secondary">
            {tt('retry.all')}
          </ActionButton>
          <ActionButton intent={{ type: 'drainOutbox' }} testId="queue-drain">
            {tt('drain')}
          </ActionButton>
        </>
      }
    >
      {step.last ? <LastAction last={step.last} /> : null}
      <h2 className="subtitle">{tt('queue.outbox')}</h2>
      <ul className="diag-counts">
        {COUNTS.map((c) => (
          <li key={c} className={`diag-count${q.counts[c] > 0 && (c === 'rejected' || c === 'expired' || c === 'paidDead') ? ' diag-count--alert' : ''}`} data-testid={`count-${c}`} data-count={q.counts[c]}>
            <span className="diag-count__n">{i18n.number(q.counts[c])}</span>
            <span className="diag-count__label">{tt(`count.${c}`)}</span>
          </li>
        ))}
      </ul>
      {q.oldestWaitingAgeMs > 0 ? <p className="lead">{tt('queue.oldest', { age: age(i18n, q.oldestWaitingAgeMs) })}</p> : null}

      <h2 className="subtitle">{tt('dead.title')}</h2>
      {q.deadLetters.length === 0 ? <p className="lead">{tt('dead.none')}</p> : null}
      <ul className="diag-rows">
        {q.deadLetters.map((d) => (
          <li key={d.id} className="diag-row" data-testid={`dead-${d.localRef}`}>
            <span className="diag-row__main">
              <bdi dir="ltr">{d.localRef}</bdi> · {tt(`dead.${d.state}`)}
            </span>
            {d.rejectCode ? <RejectLine code={d.rejectCode} /> : null}
            <span className="diag-row__line" data-testid={`dead-${d.localRef}-service`}>
              {d.title ? i18n.pick(d.title.ar, d.title.en) : d.serviceId === 'audit-entry' || d.serviceId === 'config-report' ? qt(`kind.${d.serviceId}`) : <bdi dir="ltr">{d.serviceId}</bdi>} ·{' '}
              {tt('label.attempts')}: {i18n.number(d.attempts)}
            </span>
            <span className="diag-row__line" data-testid={`dead-${d.localRef}-payment`}>
              {d.payment ? <PaymentLine payment={d.payment} /> : tt('dead.unpaid')}
            </span>
            {/* Main refuses it too: money that went back buys no request. */}
            {d.payment?.state === 'refunded' || d.payment?.state === 'reversed' ? null : (
              <ActionButton intent={{ type: 'retryOutbox', entryId: d.id }} testId={`retry-${d.localRef}`} variant="secondary" className="diag-row__action">
                {tt('retry.one')}
              </ActionButton>
            )}
          </li>
        ))}
      </ul>
      {q.deadLettersMore > 0 ? <p className="lead">{tt('dead.more', { n: q.deadLettersMore })}</p> : null}

      <h2 className="subtitle">{tt('payments.title')}</h2>
      {q.payments.length === 0 ? <p className="lead">{tt('payments.none')}</p> : null}
      <ul className="diag-rows">
        {q.payments.map((p) => (
          <li key={p.id} className={`diag-row diag-row--${p.state}`} data-testid={`payment-${p.id}`} data-state={p.state}>
            <span className="diag-row__main">
              <PaymentLine payment={p} />
            </span>
            {p.localRef ? (
              <span className="diag-row__line">
                {tt('label.for')}: <bdi dir="ltr">{p.localRef}</bdi>
              </span>
            ) : null}
            {p.state === 'refund-owed' && refunding !== p.id ? (
              <button type="button" className="btn btn--secondary diag-row__action" data-testid={`refund-${p.id}`} onClick={() => setRefunding(p.id)}>
                {tt('refund.mark')}
              </button>
            ) : null}
            {refunding === p.id ? (
              <div className="diag-confirm" role="group" aria-labelledby={`refund-how-${p.id}`} data-testid={`refund-how-${p.id}`}>
                <p id={`refund-how-${p.id}`} className="lead">
                  {tt('refund.how')}
                </p>
                <div className="button-row">
                  {HOW.map((how) => (
                    <ActionButton key={how} intent={{ type: 'markRefunded', paymentId: p.id, how }} testId={`refund-${how}`}>
                      {tt(`refund.${how}`)}
                    </ActionButton>
                  ))}
                  <button type="button" className="btn btn--secondary" data-testid="refund-cancel" onClick={() => setRefunding(undefined)}>
                    {tt('cancel')}
                  </button>
                </div>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      {q.paymentsMore > 0 ? <p className="lead">{tt('payments.more', { n: q.paymentsMore })}</p> : null}
    </TechPage>
  );
}

/** Why it was refused in words; the code beside them, as ops and the gateway's logs name it. */
function RejectLine({ code }: { code: string }) {
  const qt = useQueueText();
  const known = rejectKey(code);
  return (
    <span className="diag-row__line" data-testid="reject-reason" data-code={code}>
      {known ? qt(known.key, known.params) : qt('reject.other')}
      {' · '}
      <bdi dir="ltr" className="diag-code">
        {code}
      </bdi>
    </span>
  );
}

function PaymentLine({ payment }: { payment: PaymentLink }) {
  const { i18n } = useKiosk();
  const tt = useTechText();
  return (
    <>
      {tt('dead.payment')}: <bdi>{i18n.money(payment.amountCents, payment.currency)}</bdi> · <span data-testid="payment-state">{tt(`pay.${payment.state}`)}</span>
      {payment.trace !== undefined ? (
        <>
          {' · '}
          {tt('label.trace')}: <bdi dir="ltr">{payment.trace}</bdi>
        </>
      ) : null}
      {payment.receiptNo !== undefined ? (
        <>
          {' · '}
          {tt('label.receipt')}: <bdi dir="ltr">{payment.receiptNo}</bdi>
        </>
      ) : null}
    </>
  );
}

function LastAction({ last }: { last: QueueActionView }) {
  const { i18n } = useKiosk();
  const tt = useTechText();
  const text = last.result === 'refused' ? tt('last.refused') : tt(`last.${last.action}`, { n: i18n.number(last.count ?? 0) });
  return (
    <p className={`lead diag-last diag-last--${last.result}`} role="status" data-testid="queue-last" data-result={last.result} data-action={last.action}>
      {text}
      {last.code ? (
        <>
          {' · '}
          <bdi dir="ltr">{last.code}</bdi>
        </>
      ) : null}
    </p>
  );
}
