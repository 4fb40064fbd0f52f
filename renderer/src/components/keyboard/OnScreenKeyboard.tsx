import '../../styles-keyboard.css';
import type { I18n } from '../../i18n';
import { keyRows, type KeyboardLayoutId, type KeySpec } from './layouts';
import type { KeyAction } from './editing';

export interface OnScreenKeyboardProps {
  layout: KeyboardLayoutId;
  shifted: boolean;
  /** Labels (space, clear, …) are in the page's language, whatever layout is shown. */
  i18n: I18n;
  onKey(action: KeyAction): void;
  onShift(): void;
  /** Absent when the field takes one script only: the switch key is then left out. */
  onSwitchLayout?(): void;
  /** Which layout the switch key leads to, named in its own script. */
  otherLayout?: 'ar' | 'en';
  testId?: string;
}

const LAYOUT_NAMES = { ar: 'عربي', en: 'English' } as const;

function keyTestId(prefix: string, key: KeySpec): string {
  return key.kind === 'char' ? `${prefix}-key-${key.text}` : `${prefix}-${key.kind}`;
}

/**
 * Keys are buttons: they take a tap, a screen reader's activation or a technician's physical
 * Enter alike. `onPointerDown` with preventDefault keeps focus where it was, so the field stays
 * announced as the one being typed into. Rows are always laid out left to right (see layouts.ts).
 */
export function OnScreenKeyboard(props: OnScreenKeyboardProps) {
  const { i18n, layout, shifted } = props;
  const prefix = props.testId ?? 'kb';
  const switchable = props.onSwitchLayout !== undefined;
  const rows = keyRows(layout, shifted).map((row) => (switchable ? row : row.filter((key) => key.kind !== 'switch-layout')));

  const press = (key: KeySpec): void => {
    switch (key.kind) {
      case 'char':
        return props.onKey({ type: 'char', text: key.text });
      case 'backspace':
      case 'clear':
      case 'space':
        return props.onKey({ type: key.kind });
      case 'shift':
        return props.onShift();
      case 'switch-layout':
        return props.onSwitchLayout?.();
    }
  };

  const render = (key: KeySpec, index: number) => {
    let label: React.ReactNode;
    let name: string | undefined;
    let className = `kb-key kb-key--${key.kind}`;
    let lang: string | undefined;
    switch (key.kind) {
      case 'char':
        label = key.label ?? key.text;
        if (key.text.length > 1) className += ' kb-key--pair';
        break;
      case 'backspace':
        label = '⌫';
        name = i18n.t('kb.backspace');
        break;
      case 'clear':
        label = i18n.t('kb.clearShort');
        name = i18n.t('kb.clear');
        break;
      case 'space':
        label = i18n.t('kb.space');
        break;
      case 'shift': {
        // On the Arabic layout shift is where أ إ آ live: say so on the key itself.
        const letters = shifted ? (layout === 'ar' ? 'ا ب ت' : 'abc') : layout === 'ar' ? 'أ إ آ' : '';
        label = shifted ? letters : `⇧ ${letters}`.trim();
        // The letters shown are part of the spoken name too (WCAG 2.5.3, label in name).
        name = `${i18n.t(shifted ? 'kb.unshift' : 'kb.shift')}${letters ? ` ${letters}` : ''}`;
        if (shifted) className += ' kb-key--on';
        break;
      }
      case 'switch-layout': {
        const other = props.otherLayout ?? (layout === 'ar' ? 'en' : 'ar');
        label = LAYOUT_NAMES[other];
        lang = other;
        name = `${i18n.t('kb.switchLayout')}: ${LAYOUT_NAMES[other]}`;
        break;
      }
    }
    return (
      <button
        key={`${key.kind}-${index}`}
        type="button"
        className={className}
        data-testid={keyTestId(prefix, key)}
        aria-label={name}
        aria-pressed={key.kind === 'shift' ? shifted : undefined}
        lang={lang}
        onPointerDown={(event) => event.preventDefault()}
        onClick={() => press(key)}
      >
        {label}
      </button>
    );
  };

  return (
    <div
      className={layout === 'email' ? 'kb kb--en kb--email' : `kb kb--${layout}`}
      role="group"
      aria-label={i18n.t('kb.keyboard')}
      data-testid={prefix}
      data-layout={layout}
      data-shifted={shifted || undefined}
      dir="ltr"
    >
      {rows.map((row, r) => (
        <div key={r} className="kb-row">
          {row.map(render)}
        </div>
      ))}
    </div>
  );
}
