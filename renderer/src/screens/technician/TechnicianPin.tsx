import { KIOSK_TIME_ZONE } from '../../../../shared/civil-date';
import { ActionButton } from '../../components/ActionButton';
import { PinPad, usePinEntry } from '../../components/PinPad';
import { Screen } from '../../components/Screen';
import { useKiosk, useStep } from '../../kiosk-context';
import { useTechText } from './texts';

/**
 * The technician's PIN. Main checks it, counts wrong ones and locks the door; this screen only
 * shows what main says (tries left, locked until when) and sends the digits once.
 */
export function TechnicianPin() {
  const { state, i18n, send } = useKiosk();
  const tt = useTechText();
  const step = useStep('technicianPin');
  const entry = usePinEntry([step.wrong, step.triesLeft, step.lockedUntil], 12);
  const closed = step.lockedUntil !== undefined || step.notConfigured;
  const submit = (): void => {
    if (!entry.complete || state.busy || closed) return;
    void send({ type: 'submitPin', pin: entry.take() });
  };
  const until = step.lockedUntil !== undefined ? new Intl.DateTimeFormat(i18n.locale, { timeStyle: 'short', timeZone: KIOSK_TIME_ZONE }).format(step.lockedUntil) : undefined;

  return (
    <Screen
      id="technicianPin"
      actions={
        <div className="button-row">
          <ActionButton intent={{ type: 'exitDiagnostics' }} testId="tech-exit" variant="secondary" allowWhileBusy>
            {tt('exit')}
          </ActionButton>
          {closed ? null : (
            <button type="button" className="btn btn--primary" data-testid="pin-submit" disabled={!entry.complete || state.busy} onClick={submit}>
              {i18n.t('pin.ok')}
            </button>
          )}
        </div>
      }
    >
      <h1 className="title">{i18n.t('tech.pin.title')}</h1>
      {until ? (
        <p className="lead notice-text" role="alert" data-testid="tech-locked">
          {tt('pin.locked', { time: until })}
        </p>
      ) : step.notConfigured ? (
        <p className="lead notice-text" role="alert" data-testid="tech-not-configured">
          {tt('pin.notConfigured')}
        </p>
      ) : (
        <>
          <p className="lead">{tt('pin.hint')}</p>
          {step.wrong ? (
            <p className="lead notice-text" role="alert" data-testid="pin-wrong">
              {tt('pin.wrong', { n: step.triesLeft })}
            </p>
          ) : null}
          <PinPad entry={entry} disabled={state.busy} />
        </>
      )}
    </Screen>
  );
}
