import '../styles-a11y.css';
import { type ReactNode, useMemo } from 'react';
import { createI18n, type MessageKey } from '../i18n';
import { useKiosk } from '../kiosk-context';
import type { A11yPref } from './preferences';
import { useA11y } from './A11yProvider';

function TextSizeIcon() {
  return (
    <svg viewBox="0 0 48 48" className="a11y-toggle__icon" aria-hidden="true" focusable="false">
      <path d="M4 38 12 16h3l8 22h-4l-2-6H9l-2 6Zm6-9h6l-3-9Z" />
      <path d="M24 38 34 8h4l10 30h-5l-2.6-8H31.6L29 38Zm9-12h8L37 13Z" />
    </svg>
  );
}

function ContrastIcon() {
  return (
    <svg viewBox="0 0 48 48" className="a11y-toggle__icon" aria-hidden="true" focusable="false">
      <circle cx="24" cy="24" r="19" fill="none" strokeWidth="4" className="a11y-toggle__stroke" />
      <path d="M24 5a19 19 0 0 1 0 38Z" />
    </svg>
  );
}

function SpeakerIcon({ on }: { on: boolean }) {
  return (
    <svg viewBox="0 0 48 48" className="a11y-toggle__icon" aria-hidden="true" focusable="false">
      <path d="M6 18h8l11-9v30l-11-9H6Z" />
      {on ? (
        <path d="M31 17a9 9 0 0 1 0 14M35 11a17 17 0 0 1 0 26" fill="none" strokeWidth="4" strokeLinecap="round" className="a11y-toggle__stroke" />
      ) : (
        <path d="M31 18l12 12M43 18 31 30" fill="none" strokeWidth="4" strokeLinecap="round" className="a11y-toggle__stroke" />
      )}
    </svg>
  );
}

const TOGGLES: readonly { pref: A11yPref; label: MessageKey; icon: (on: boolean) => ReactNode }[] = [
  { pref: 'largeText', label: 'a11y.largeText', icon: () => <TextSizeIcon /> },
  { pref: 'highContrast', label: 'a11y.contrast', icon: () => <ContrastIcon /> },
  { pref: 'audio', label: 'a11y.audio', icon: (on) => <SpeakerIcon on={on} /> },
];

/**
 * Three switches in the top bar. Each is labelled in the page's language and, smaller, in the
 * other one: a shopper who reads only English finds "Larger text" on the Arabic attract screen
 * before knowing where the language button is.
 */
export function A11yToolbar() {
  const { i18n, state } = useKiosk();
  const { prefs, toggle } = useA11y();
  const otherLang = i18n.lang === 'ar' ? 'en' : 'ar';
  const overrides = state.texts?.[otherLang];
  const other = useMemo(() => createI18n(otherLang, overrides), [otherLang, overrides]);
  return (
    <div className="a11y-bar" role="group" aria-label={i18n.t('a11y.toolbar')}>
      {TOGGLES.map(({ pref, label, icon }) => (
        <button
          key={pref}
          type="button"
          className={`a11y-toggle${prefs[pref] ? ' a11y-toggle--on' : ''}`}
          aria-pressed={prefs[pref]}
          data-testid={`a11y-${pref}`}
          onClick={() => toggle(pref)}
        >
          {icon(prefs[pref])}
          <span className="a11y-toggle__labels">
            <span className="a11y-toggle__label">{i18n.t(label)}</span>
            <span className="a11y-toggle__label a11y-toggle__label--other" lang={other.lang} dir={other.dir}>
              {other.t(label)}
            </span>
          </span>
        </button>
      ))}
    </div>
  );
}
