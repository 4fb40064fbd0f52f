import { ActionButton } from '../components/ActionButton';
import { PinPad, usePinEntry } from '../components/PinPad';
import { Screen } from '../components/Screen';
import { useKiosk, useStep } from '../kiosk-context';

/** The card's PIN, typed on an on-screen pad; main passes it to the card once. */
export function Pin() {
  const { state, i18n, send } = useKiosk();
  const pin = useStep('pin');
  const entry = usePinEntry([pin.wrong, pin.triesLeft], 8);

  const submit = (): void => {
    if (!entry.complete || state.busy) return;
    void send({ type: 'submitPin', pin: entry.take() });
  };

  return (
    <Screen
      id="pin"
      actions={
        <div className="button-row">
          <ActionButton intent={{ type: 'finish' }} testId="pin-cancel" variant="secondary">
            {i18n.t('pin.cancel')}
          </ActionButton>
          <button type="button" className="btn btn--primary" data-testid="pin-submit" disabled={!entry.complete || state.busy} onClick={submit}>
            {i18n.t('pin.ok')}
          </button>
        </div>
      }
    >
      <h1 className="title">{i18n.t('pin.title')}</h1>
      <p className="lead">{i18n.t('pin.hint')}</p>
      {pin.wrong ? (
        <p className="field-error" role="alert" data-testid="pin-wrong">
          <span aria-hidden="true">⚠ </span>
          {pin.triesLeft !== undefined ? i18n.t('pin.wrong', { n: pin.triesLeft }) : i18n.t('pin.wrongNoCount')}
        </p>
      ) : null}
      <PinPad entry={entry} />
    </Screen>
  );
}
