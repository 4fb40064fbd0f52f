import { useEffect, useState } from 'react';
import type { FieldErrorCode, FormFieldView } from '../../../main/contract';
import { KeyboardField, type FieldKind } from '../components/keyboard';
import { Screen } from '../components/Screen';
import type { I18n } from '../i18n';
import { useKiosk, useStep } from '../kiosk-context';

/** How each catalog field kind is typed on the on-screen keyboard. */
const KEYBOARD_KIND: Record<Exclude<FormFieldView['kind'], 'select'>, FieldKind> = {
  text: 'text',
  email: 'text',
  number: 'number',
  plate: 'number',
  qid: 'qid',
  phone: 'phone',
};

function errorText(i18n: I18n, error: FieldErrorCode | undefined, field: FormFieldView): string | undefined {
  if (!error) return undefined;
  // The shopper is told which script the field takes, not only that theirs was wrong.
  if (error === 'wrong-script') return i18n.t(field.script === 'arabic' ? 'fieldError.wrong-script.arabic' : 'fieldError.wrong-script.latin');
  return i18n.t(`fieldError.${error}`, { min: field.min ?? 0, max: field.max ?? 0 });
}

function SelectField({ field, value, invalid, onPick }: { field: FormFieldView; value: string; invalid: boolean; onPick: (v: string) => void }) {
  const { i18n } = useKiosk();
  return (
    <div className={`choices${invalid ? ' choices--invalid' : ''}`} role="radiogroup" aria-invalid={invalid || undefined} aria-label={i18n.pick(field.labelAr, field.labelEn)}>
      {(field.options ?? []).map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={value === o.value}
          className={`choice${value === o.value ? ' choice--selected' : ''}`}
          data-testid={`option-${field.id}-${o.value}`}
          onClick={() => onPick(o.value)}
        >
          {i18n.pick(o.labelAr, o.labelEn)}
        </button>
      ))}
    </div>
  );
}

/**
 * The service's form, one field per step so each screen asks one thing. Values are typed on
 * the on-screen keyboard; main checks each one and the shopper moves on once main accepts it.
 */
export function Form() {
  const { state, i18n, send } = useKiosk();
  const { form, service } = useStep('form');
  const fields = form.fields;
  // Changing one answer from the review opens the form at that answer.
  const editing = form.editing;
  const [index, setIndex] = useState(() => Math.max(0, fields.findIndex((f) => f.id === editing)));
  const field = fields[Math.min(index, fields.length - 1)];
  const [draft, setDraft] = useState('');
  const [sending, setSending] = useState(false);

  // Each step starts from what main already holds for that field (when coming back to it).
  const fieldId = field?.id;
  const held = fieldId ? form.values[fieldId] : undefined;
  useEffect(() => setDraft(held ?? ''), [fieldId]); // held changes as the shopper types; only a new step resets

  if (!field) return <Screen id="form">{null}</Screen>;
  // Main's verdict stands for the value it judged; typing something else clears the mark.
  const error = form.errors[field.id];
  const errorShown = error && (form.values[field.id] ?? '') === draft.trim() ? errorText(i18n, error, field) : undefined;
  const last = index >= fields.length - 1;

  const next = async (value = draft): Promise<void> => {
    setSending(true);
    try {
      const result = await send({ type: 'setField', fieldId: field.id, value });
      if (!result.ok) return;
      if (last || editing) await send({ type: 'submitForm' });
      else setIndex((i) => i + 1);
    } finally {
      setSending(false);
    }
  };
  const back = (): void => {
    if (index === 0 || editing) void send({ type: 'back' });
    else setIndex((i) => i - 1);
  };
  // Main's verdict arrives in state; a field it refused keeps the shopper on this step.
  const blocked = sending || state.busy || (field.required && draft.trim() === '');

  return (
    <Screen
      id="form"
      actions={
        <div className="button-row">
          <button type="button" className="btn btn--secondary" data-testid="form-back" onClick={back}>
            {i18n.t(editing ? 'form.backToReview' : 'back')}
          </button>
          <button type="button" className="btn btn--primary" data-testid="form-next" disabled={blocked || Boolean(errorShown)} onClick={() => void next()}>
            {editing ? i18n.t('form.saveAnswer') : last ? i18n.t('form.review') : i18n.t('form.next')}
          </button>
        </div>
      }
    >
      <h1 className="title">{i18n.pick(service.titleAr, service.titleEn)}</h1>
      <p className="muted" data-testid="form-step">
        {i18n.t(editing ? 'form.changing' : 'form.instruction')}
      </p>
      <h2 className="subtitle" data-testid="field-label">
        {i18n.pick(field.labelAr, field.labelEn)}
        {field.required ? null : <span className="muted"> ({i18n.t('form.optional')})</span>}
      </h2>
      {field.kind === 'select' ? (
        <>
          {errorShown ? <FieldError text={errorShown} code={error} /> : null}
          <SelectField field={field} value={draft} invalid={Boolean(errorShown)} onPick={(v) => setDraft(v)} />
        </>
      ) : (
        <KeyboardField
          key={field.id}
          value={draft}
          onChange={setDraft}
          label={i18n.pick(field.labelAr, field.labelEn)}
          labelHidden
          kind={KEYBOARD_KIND[field.kind]}
          lang={latinOnly(field) ? 'en' : field.script === 'arabic' ? 'ar' : undefined}
          layoutLocked={latinOnly(field) || field.script === 'arabic'}
          email={field.kind === 'email'}
          maxLength={field.maxLength}
          testId={`field-${field.id}`}
          error={errorShown}
          errorCode={error}
        />
      )}
    </Screen>
  );
}

/** A passport number or an e-mail address is typed in Latin letters only. */
const latinOnly = (field: FormFieldView): boolean => field.script === 'latin' || field.kind === 'email';

function FieldError({ text, code }: { text: string; code: FieldErrorCode | undefined }) {
  return (
    <p className="field-error" role="alert" data-testid="field-error" data-code={code}>
      <span aria-hidden="true">⚠ </span>
      {text}
    </p>
  );
}
