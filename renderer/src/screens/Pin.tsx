import { useEffect, useState } from 'react';
import { ActionButton } from '../components/ActionButton';
import { Screen } from '../components/Screen';
import { useKiosk, useStep } from '../kiosk-context';

const MIN = 4;
const MAX = 8;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * The card's PIN, typed on an on-screen pad. Digits live only in this component until "OK";
 * main passes them to the card once. The pad keeps phone order (1 at top-left) in both
 * languages: shoppers know it by position, not by reading direction.
 */
export function Pin() {
  const { state, i18n, send } = useKiosk();
  const [digits, setDigits] = useState('');
  const pin = useStep('pin');

  // A wrong PIN clears the field so the next try starts empty.
  useEffect(() => setDigits(''), [pin.wrong, pin.triesLeft]);

  const press = (d: string) => setDigits((v) => (v.length < MAX ? v + d : v));
  const submit = (): void => {
    if (digits.length < MIN || state.busy) return;
    const entered = digits;
    setDigits('');
    void send({ type: 'submitPin', pin: entered });
  };

  return (
    <Screen
      id="pin"
      actions={
        <div className="button-row">
          <ActionButton intent={{ type: 'finish' }} testId="pin-cancel" variant="secondary">
            {i18n.t('pin.cancel')}
          </ActionButton>
          <button type="button" className="btn btn--primary" data-testid="pin-submit" disabled={digits.length < MIN || state.busy} onClick={submit}>
            {i18n.t('pin.ok')}
          </button>
        </div>
      }
    >
      <h1 className="title">{i18n.t('pin.title')}</h1>
      <p className="lead">{i18n.t('pin.hint')}</p>
      {pin.wrong ? (
        <p className="lead notice-text" role="alert" data-testid="pin-wrong">
          {pin.triesLeft !== undefined ? i18n.t('pin.wrong', { n: pin.triesLeft }) : i18n.t('pin.wrongNoCount')}
        </p>
      ) : null}
      <div className="pin-dots" dir="ltr" role="status" aria-label={i18n.t('pin.entered', { n: digits.length })} data-testid="pin-dots">
        {Array.from({ length: Math.max(MIN, digits.length) }, (_, i) => (
          <span key={i} className={`pin-dot${i < digits.length ? ' pin-dot--filled' : ''}`} />
        ))}
      </div>
      <div className="pin-pad" dir="ltr">
        {KEYS.map((d) => (
          <button key={d} type="button" className="pin-key" data-testid={`pin-key-${d}`} onClick={() => press(d)}>
            {d}
          </button>
        ))}
        <button type="button" className="pin-key pin-key--action" data-testid="pin-delete" onClick={() => setDigits((v) => v.slice(0, -1))} aria-label={i18n.t('pin.delete')}>
          ⌫
        </button>
        <button type="button" className="pin-key" data-testid="pin-key-0" onClick={() => press('0')}>
          0
        </button>
        <button type="button" className="pin-key pin-key--action" data-testid="pin-clear" onClick={() => setDigits('')} aria-label={i18n.t('kb.clear')}>
          {i18n.t('pin.clear')}
        </button>
      </div>
    </Screen>
  );
}
