import { useContext, useId, useMemo, useState } from 'react';
import type { Lang } from '../../../../main/contract';
import { createI18n, type I18n } from '../../i18n';
import { KioskContext } from '../../kiosk-context';
import { applyKey, fieldStatus, isNumericKind, rulesFor, sanitize, type FieldKind, type FieldStatus, type KeyAction } from './editing';
import { OnScreenKeyboard } from './OnScreenKeyboard';

export interface KeyboardFieldProps {
  /** Controlled: the screen owns the value (it may reset or prefill it). */
  value: string;
  onChange(value: string): void;
  label: string;
  kind?: FieldKind;
  /** The layout a text field opens with; defaults to the page's language. */
  lang?: Lang;
  maxLength?: number;
  /** A hint of the screen's own, shown when the value gives no better one. */
  hint?: string;
  /**
   * The screen already shows the label as its heading: keep it for screen readers only, so it
   * is not shown twice.
   */
  labelHidden?: boolean;
  /** Base for test ids: `<testId>` on the input, `<testId>-kb` on the keyboard. */
  testId?: string;
  /**
   * Main refused the value: the field is marked as an error and this message stands right under
   * it (above the keyboard), in place of the typing hint.
   */
  error?: string;
  /** Main's code for that error, on the message for tests and logs. */
  errorCode?: string;
  /** The field takes one script only (a passport number, an e-mail): no key switches to the other. */
  layoutLocked?: boolean;
  /** An e-mail address: the Latin layout with "@" and "." on its first layer. */
  email?: boolean;
}

function useI18n(): I18n {
  const kiosk = useContext(KioskContext);
  return useMemo(() => kiosk?.i18n ?? createI18n('ar'), [kiosk?.i18n]);
}

function hintText(status: FieldStatus, kind: FieldKind, full: boolean, i18n: I18n, hint?: string): string | undefined {
  if (status.state === 'invalid') return i18n.t(status.reason === 'qid-prefix' ? 'field.qid.prefix' : 'field.phone.prefix');
  if (status.state === 'incomplete') return i18n.t('field.missing', { n: status.missing });
  if (kind === 'text' && full) return i18n.t('field.full');
  if (status.state === 'valid' && (kind === 'qid' || kind === 'phone')) return i18n.t('field.complete');
  if (hint) return hint;
  if (kind === 'qid') return i18n.t('field.qid.hint');
  if (kind === 'phone') return i18n.t('field.phone.hint');
  if (kind === 'number') return i18n.t('field.digitsOnly');
  return undefined;
}

/**
 * A text field that only the on-screen keyboard types into. The input is read-only with
 * inputMode="none", so no operating-system keyboard ever opens over the kiosk, and it still
 * carries its label and value for screen readers. Numbers read left to right in both languages;
 * text follows the layout being typed.
 */
export function KeyboardField(props: KeyboardFieldProps) {
  const i18n = useI18n();
  const kind = props.kind ?? 'text';
  const rules = rulesFor(kind, props.maxLength);
  const [layout, setLayout] = useState<Lang>(props.lang ?? i18n.lang);
  const [shifted, setShifted] = useState(false);
  const id = useId();
  const numeric = isNumericKind(kind);
  // A value from outside (prefill) obeys the same rules as typing.
  const value = sanitize(props.value, rules);
  const status = fieldStatus(value, rules);
  const full = Array.from(value).length >= rules.maxLength;
  const error = props.error;
  const hint = error ?? hintText(status, kind, full, i18n, props.hint);
  const state = error ? 'invalid' : status.state;
  const testId = props.testId ?? 'field';

  const onKey = (action: KeyAction): void => {
    const next = applyKey(value, action, rules);
    if (next !== props.value) props.onChange(next);
    // Shift types one character, as on a phone; the alef forms are one tap away, then back.
    if (action.type === 'char' && shifted) setShifted(false);
  };

  const textDir = numeric ? 'ltr' : layout === 'ar' ? 'rtl' : 'ltr';
  return (
    <div className={`kb-field kb-field--${kind}`} data-state={state}>
      <label className={`kb-field__label${props.labelHidden ? ' kb-field__label--hidden' : ''}`} htmlFor={id}>
        {props.label}
      </label>
      <input
        id={id}
        className="kb-field__input"
        data-testid={testId}
        value={value}
        readOnly
        inputMode="none"
        autoComplete="off"
        spellCheck={false}
        dir={textDir}
        lang={numeric ? undefined : layout}
        aria-invalid={state === 'invalid' || undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint ? (
        <p
          id={`${id}-hint`}
          className={`kb-field__hint${error ? ' kb-field__hint--error' : ''}`}
          data-testid={error ? 'field-error' : `${testId}-hint`}
          data-code={error ? props.errorCode : undefined}
          role={error ? 'alert' : undefined}
          aria-live={error ? undefined : 'polite'}
        >
          {error ? <span aria-hidden="true">⚠ </span> : null}
          {hint}
        </p>
      ) : null}
      <OnScreenKeyboard
        layout={numeric ? 'numeric' : props.email && layout === 'en' ? 'email' : layout}
        shifted={shifted}
        i18n={i18n}
        testId={`${testId}-kb`}
        onKey={onKey}
        onShift={() => setShifted((s) => !s)}
        onSwitchLayout={
          props.layoutLocked
            ? undefined
            : () => {
                setLayout((l) => (l === 'ar' ? 'en' : 'ar'));
                setShifted(false);
              }
        }
      />
    </div>
  );
}
