import { type ReactNode, useEffect, useState } from 'react';
import { useCurrentStep, useKiosk } from '../kiosk-context';
import type { I18n } from '../i18n';

function useNow(active: boolean, intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}

/** A panel over the whole screen that must be answered (or waited out) before anything else. */
function AlertDialog({ id, testId, title, children }: { id: string; testId: string; title: string; children: ReactNode }) {
  return (
    <div className="overlay" data-testid={testId} role="alertdialog" aria-modal="true" aria-labelledby={id}>
      <div className="overlay__panel">
        <h2 id={id} className="overlay__title">
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}

/** Main runs the clock and ends the session; this only shows the countdown and offers to continue. */
export function TimeoutWarning() {
  const { state, i18n, send } = useKiosk();
  const deadline = state.timeoutAt;
  const now = useNow(deadline !== undefined);
  if (deadline === undefined) return null;
  const seconds = Math.max(0, Math.ceil((deadline - now) / 1000));
  return (
    <AlertDialog id="timeout-title" testId="timeout-warning" title={i18n.t('timeout.title')}>
      <p className="countdown" aria-live="polite" data-seconds={seconds}>
        {i18n.t('timeout.seconds', { seconds })}
      </p>
      <p>{i18n.t('timeout.body')}</p>
      <button type="button" className="btn btn--primary btn--wide" data-testid="timeout-continue" autoFocus onClick={() => void send({ type: 'activity' })}>
        {i18n.t('timeout.continue')}
      </button>
    </AlertDialog>
  );
}

export function ConnectingOverlay({ i18n }: { i18n: I18n }) {
  return (
    <div className="overlay overlay--connecting" data-testid="connecting" role="status" aria-live="polite">
      <div className="overlay__panel">
        <span className="spinner" aria-hidden="true" />
        <p className="overlay__title">{i18n.t('connecting')}</p>
      </div>
    </div>
  );
}

/**
 * Main sent something the renderer refused (the bridge has logged what): the screen behind may
 * be out of date, so it is covered rather than left to take taps main would refuse.
 */
export function FaultOverlay({ i18n }: { i18n: I18n }) {
  return (
    <AlertDialog id="fault-title" testId="contract-fault" title={i18n.t('fault.title')}>
      <p>{i18n.t('fault.body')}</p>
    </AlertDialog>
  );
}

export function BusyBar() {
  const { state, i18n } = useKiosk();
  if (!state.busy) return null;
  return <div className="busy-bar" role="progressbar" aria-label={i18n.t('busy')} data-testid="busy" />;
}

export function NoticeBanner() {
  const { state, i18n } = useKiosk();
  const step = useCurrentStep();
  // The error screen shows its notice as the main message instead.
  if (!state.notice || step.screen === 'error') return null;
  return (
    <div className="notice" role="alert" data-testid="notice" data-code={state.notice}>
      <span className="notice__icon" aria-hidden="true">
        !
      </span>
      <span>{i18n.t(`notice.${state.notice}`)}</span>
    </div>
  );
}
