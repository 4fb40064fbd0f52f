import { useEffect, useState } from 'react';
import { useKiosk } from '../kiosk-context';

const MIN = 4;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * Digits typed on the on-screen pad, kept only in the component until they are sent. A change
 * of `resetOn` (a wrong PIN, fewer tries left) clears them so the next try starts empty.
 */
export function usePinEntry(resetOn: readonly unknown[], max: number) {
  const [digits, setDigits] = useState('');
  useEffect(() => setDigits(''), resetOn);
  return {
    digits,
    complete: digits.length >= MIN,
    press: (d: string) => setDigits((v) => (v.length < max ? v + d : v)),
    remove: () => setDigits((v) => v.slice(0, -1)),
    clear: () => setDigits(''),
    /** The digits, once: the field is empty again afterwards. */
    take: () => {
      const entered = digits;
      setDigits('');
      return entered;
    },
  };
}

/**
 * The dots and the pad. The pad keeps phone order (1 at top-left) in both languages: people
 * know it by position, not by reading direction.
 */
export function PinPad({ entry, disabled }: { entry: ReturnType<typeof usePinEntry>; disabled?: boolean }) {
  const { i18n } = useKiosk();
  const { digits } = entry;
  return (
    <>
      <div className="pin-dots" dir="ltr" role="status" aria-label={i18n.t('pin.entered', { n: digits.length })} data-testid="pin-dots">
        {Array.from({ length: Math.max(MIN, digits.length) }, (_, i) => (
          <span key={i} className={`pin-dot${i < digits.length ? ' pin-dot--filled' : ''}`} />
        ))}
      </div>
      <div className="pin-pad" dir="ltr">
        {KEYS.map((d) => (
          <button key={d} type="button" className="pin-key" data-testid={`pin-key-${d}`} disabled={disabled} onClick={() => entry.press(d)}>
            {d}
          </button>
        ))}
        {/* Clear, 0, delete: the same places as on the form's number pad (layouts.ts). */}
        <button type="button" className="pin-key pin-key--action" data-testid="pin-clear" disabled={disabled} onClick={entry.clear} aria-label={i18n.t('kb.clear')}>
          {i18n.t('pin.clear')}
        </button>
        <button type="button" className="pin-key" data-testid="pin-key-0" disabled={disabled} onClick={() => entry.press('0')}>
          0
        </button>
        <button type="button" className="pin-key pin-key--action" data-testid="pin-delete" disabled={disabled} onClick={entry.remove} aria-label={i18n.t('pin.delete')}>
          ⌫
        </button>
      </div>
    </>
  );
}
