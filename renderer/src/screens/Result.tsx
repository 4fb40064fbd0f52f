import type { PaymentView } from '../../../main/contract';
import type { MessageKey } from '../i18n';
import { ActionButton } from '../components/ActionButton';
import { ReferenceQr } from '../components/ReferenceQr';
import { Screen } from '../components/Screen';
import { useKiosk, useStep } from '../kiosk-context';

const OUTCOME: Record<PaymentView['phase'], { title: MessageKey; next?: MessageKey; icon: 'ok' | 'error' | 'wait' | 'info' }> = {
  approved: { title: 'result.approved', icon: 'ok' },
  declined: { title: 'result.declined', next: 'result.declinedNext', icon: 'error' },
  // The shopper's own cancel is not a failure: no red cross.
  aborted: { title: 'result.aborted', next: 'result.abortedNext', icon: 'info' },
  failed: { title: 'result.failed', next: 'result.failedNext', icon: 'error' },
  starting: { title: 'result.pending', icon: 'wait' },
  'in-progress': { title: 'result.pending', icon: 'wait' },
};

const REASONS = {
  reversed: 'result.reason.reversed',
  'refund-owed': 'result.reason.refund-owed',
  'previous-payment-unresolved': 'result.reason.previous-payment-unresolved',
  'terminal-unavailable': 'result.reason.terminal-unavailable',
} as const satisfies Record<string, MessageKey>;

/** Main accepts payAgain for these only: nothing was taken, so another card may be tried. */
function retryable(payment: PaymentView | undefined): boolean {
  if (payment?.phase === 'declined' || payment?.phase === 'aborted') return true;
  return payment?.phase === 'failed' && (payment.reason === 'terminal-unavailable' || payment.reason === 'previous-payment-unresolved');
}

function References() {
  const { state, i18n } = useKiosk();
  const { submission, receipt } = useStep('result');
  if (!submission) return null;
  // Without a paper receipt the number on screen is the shopper's only proof: make it unmissable.
  const prominent = receipt?.state === 'failed';
  return (
    <div className={`reference${prominent ? ' reference--prominent' : ''}`}>
      <span className="reference__label">{i18n.t('result.reference')}</span>
      <bdi dir="ltr" className="reference__value mono" data-testid="reference">
        {submission.localRef}
      </bdi>
      {submission.ministryRef ? (
        <span className="reference__ministry">
          <span className="muted">{i18n.t('result.ministryReference')}: </span>
          <bdi dir="ltr" className="mono" data-testid="ministry-reference">
            {submission.ministryRef}
          </bdi>
        </span>
      ) : null}
      {prominent ? <ReferenceQr value={submission.ministryRef ?? submission.localRef} label={i18n.t('result.qrLabel')} /> : null}
      <span className="reference__delivery" data-testid="delivery" data-state={submission.delivery}>
        {submission.delivery === 'queued' && state.gateway === 'offline'
          ? i18n.t('delivery.queuedOffline')
          : i18n.t(`delivery.${submission.delivery}`)}
      </span>
    </div>
  );
}

function ReceiptStatus() {
  const { i18n } = useKiosk();
  const { receipt } = useStep('result');
  if (!receipt) return null;
  return (
    <p className={`receipt receipt--${receipt.state}`} data-testid="receipt-state" data-state={receipt.state} role="status">
      {receipt.state === 'printing' ? <span className="spinner spinner--small" aria-hidden="true" /> : null}
      {i18n.t(`receipt.${receipt.state}`)}
    </p>
  );
}

export function Result() {
  const { state, i18n } = useKiosk();
  const { payment, submission, receipt, amountCents } = useStep('result');
  // A request that costs nothing has no payment: its outcome is the recorded submission.
  const submittedFree = !payment && Boolean(submission);
  const phase = payment?.phase ?? (submittedFree ? 'approved' : 'failed');
  const outcome = submittedFree ? { title: 'result.submitted' as const, icon: 'ok' as const, next: undefined } : OUTCOME[phase];
  const approved = phase === 'approved';
  // Some failures have a better "what now" than the generic one: money returned, owed, or a busy terminal.
  const reason = payment?.reason;
  const reasonKey = phase === 'failed' && reason && reason in REASONS ? REASONS[reason as keyof typeof REASONS] : undefined;
  const retry = !submission && retryable(payment);
  return (
    <Screen
      id="result"
      className={approved ? undefined : 'screen--centered'}
      actions={
        <div className="button-row">
          {receipt?.state === 'failed' ? (
            <ActionButton intent={{ type: 'reprintReceipt' }} testId="reprint" variant="secondary" disabled={!receipt.reprintAvailable}>
              {i18n.t('receipt.reprint')}
            </ActionButton>
          ) : null}
          {retry ? (
            <ActionButton intent={{ type: 'payAgain' }} testId="pay-again">
              {i18n.t(phase === 'declined' ? 'result.payAnotherCard' : 'result.backToPayment')}
            </ActionButton>
          ) : null}
          <ActionButton intent={{ type: 'finish' }} testId="finish" variant={retry ? 'secondary' : 'primary'}>
            {i18n.t('finish')}
          </ActionButton>
        </div>
      }
    >
      <div className="outcome" data-testid="payment-outcome" data-outcome={submittedFree ? 'submitted' : phase}>
        <span className={`status-icon status-icon--${outcome.icon}`} aria-hidden="true">
          {outcome.icon === 'ok' ? '✓' : outcome.icon === 'error' ? '✕' : outcome.icon === 'info' ? '↩' : '…'}
        </span>
        <h1 className="title">{i18n.t(outcome.title)}</h1>
        {reasonKey ? (
          <p className="lead" data-testid="payment-reason" data-reason={payment?.reason}>
            {i18n.t(reasonKey)}
          </p>
        ) : outcome.next ? (
          <p className="lead">{i18n.t(outcome.next)}</p>
        ) : null}
      </div>
      {approved && !submittedFree ? (
        <dl className="facts">
          <div>
            <dt>{i18n.t('result.amountPaid')}</dt>
            <dd>{i18n.money(amountCents, state.currency)}</dd>
          </div>
          {payment?.panMasked ? (
            <div>
              <dt>{i18n.t('result.card')}</dt>
              <dd>
                <bdi dir="ltr" className="mono">
                  {[payment.cardType, payment.panMasked].filter(Boolean).join(' ')}
                </bdi>
              </dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <References />
      <ReceiptStatus />
    </Screen>
  );
}
