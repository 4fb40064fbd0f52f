import type { FieldDefinition } from './schema';

/** Why a value was refused, as a code the renderer translates next to the field. */
export type FieldError = 'required' | 'too-long' | 'not-a-number' | 'out-of-range' | 'invalid-qid' | 'invalid-phone' | 'invalid-email' | 'invalid-plate' | 'wrong-script' | 'unknown-option';

const ARABIC_OR_COMMON = /^[\u0600-\u06FF\u0750-\u077F\s0-9.,\-/()]*$/;
const LATIN_OR_COMMON = /^[A-Za-z\s0-9.,\-/()']*$/;

/**
 * Checks one value typed on the on-screen keyboard. Main runs this on every value it receives:
 * the renderer's own hints are a courtesy, not a gate.
 */
export function validateField(field: FieldDefinition, raw: string | undefined): FieldError | undefined {
  const value = (raw ?? '').trim();
  if (value === '') return field.required ? 'required' : undefined;
  switch (field.kind) {
    case 'text':
      if (value.length > field.maxLength) return 'too-long';
      if (field.script === 'arabic' && !ARABIC_OR_COMMON.test(value)) return 'wrong-script';
      if (field.script === 'latin' && !LATIN_OR_COMMON.test(value)) return 'wrong-script';
      return undefined;
    case 'number': {
      if (!/^\d{1,9}$/.test(value)) return 'not-a-number';
      const n = Number(value);
      return n < field.min || n > field.max ? 'out-of-range' : undefined;
    }
    case 'qid':
      return /^[23]\d{10}$/.test(value) ? undefined : 'invalid-qid';
    case 'phone':
      return /^[3-7]\d{7}$/.test(value) ? undefined : 'invalid-phone';
    case 'email':
      return value.length <= 120 && /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(value) ? undefined : 'invalid-email';
    case 'plate':
      return /^\d{1,6}$/.test(value) ? undefined : 'invalid-plate';
    case 'select':
      return field.options.some((o) => o.value === value) ? undefined : 'unknown-option';
  }
}

/** Every field's error for a whole form; empty when the form may be submitted. */
export function validateForm(fields: readonly FieldDefinition[], values: Readonly<Record<string, string>>): Record<string, FieldError> {
  const errors: Record<string, FieldError> = {};
  for (const field of fields) {
    const error = validateField(field, values[field.id]);
    if (error) errors[field.id] = error;
  }
  return errors;
}
