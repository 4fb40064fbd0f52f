/**
 * What a key press does to a field's value, and what the value means for its kind. Pure, so the
 * rules are tested without a DOM and the same rules can guard a value that arrives another way.
 */

export type FieldKind = 'text' | 'number' | 'qid' | 'phone';

export type KeyAction = { type: 'char'; text: string } | { type: 'backspace' } | { type: 'clear' } | { type: 'space' };

export interface FieldRules {
  kind: FieldKind;
  /** In characters (code points) the shopper sees. */
  maxLength: number;
}

/** Qatar ID numbers: 11 digits, the first 2 (citizens) or 3 (residents). */
const QID_PATTERN = /^[23]\d{10}$/;
/** Qatar numbers are 8 digits: mobiles start with 3, 5, 6 or 7; landlines with 4. */
const PHONE_PATTERN = /^[3-7]\d{7}$/;

const DEFAULT_MAX_LENGTH: Readonly<Record<FieldKind, number>> = { text: 60, number: 12, qid: 11, phone: 8 };

export function rulesFor(kind: FieldKind, maxLength?: number): FieldRules {
  // A numeric kind with a fixed length cannot be made longer by a caller's maxLength.
  const fixed = kind === 'qid' || kind === 'phone';
  return { kind, maxLength: fixed ? DEFAULT_MAX_LENGTH[kind] : (maxLength ?? DEFAULT_MAX_LENGTH[kind]) };
}

export const isNumericKind = (kind: FieldKind): boolean => kind !== 'text';

/** Arabic-Indic and Persian digits a pasted value might carry become ASCII digits. */
function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10));
}

/** Letters of any script, combining marks, digits, spaces and the punctuation names and addresses use. */
const TEXT_CHAR = /^[\p{L}\p{M}\p{Nd}\p{Zs}\-_'‘’.,،؛؟?!:/()#&@"*%$^~[\]{}<>÷×ـ]$/u;

function accepts(kind: FieldKind, ch: string): boolean {
  if (isNumericKind(kind)) return /^\d$/.test(ch);
  return TEXT_CHAR.test(ch);
}

const length = (value: string): number => Array.from(value).length;

/** Characters the kind does not accept are dropped; the result is cut at maxLength. */
export function sanitize(value: string, rules: FieldRules): string {
  const raw = isNumericKind(rules.kind) ? asciiDigits(value) : value;
  return Array.from(raw)
    .filter((ch) => accepts(rules.kind, ch))
    .slice(0, rules.maxLength)
    .join('');
}

export function applyKey(value: string, action: KeyAction, rules: FieldRules): string {
  switch (action.type) {
    case 'backspace':
      // One code point, as a PC's backspace does: after the lam-alef key, the alef goes first.
      return Array.from(value).slice(0, -1).join('');
    case 'clear':
      return '';
    case 'space': {
      // Numbers have no spaces; text gets no leading or doubled space (invisible on screen).
      if (isNumericKind(rules.kind) || value === '' || value.endsWith(' ')) return value;
      return length(value) < rules.maxLength ? `${value} ` : value;
    }
    case 'char': {
      const typed = Array.from(isNumericKind(rules.kind) ? asciiDigits(action.text) : action.text);
      // A two-letter key (lam-alef) goes in whole or not at all.
      if (!typed.every((ch) => accepts(rules.kind, ch))) return value;
      if (length(value) + typed.length > rules.maxLength) return value;
      return value + typed.join('');
    }
  }
}

export type FieldStatus =
  | { state: 'empty' }
  | { state: 'incomplete'; missing: number }
  | { state: 'invalid'; reason: 'qid-prefix' | 'phone-prefix' }
  | { state: 'valid' };

/** What the value means for the shopper: drives the hint under the field and whether a form may continue. */
export function fieldStatus(value: string, rules: FieldRules): FieldStatus {
  const trimmed = value.trim();
  if (trimmed === '') return { state: 'empty' };
  if (rules.kind === 'qid') {
    if (!/^[23]/.test(trimmed)) return { state: 'invalid', reason: 'qid-prefix' };
    return QID_PATTERN.test(trimmed) ? { state: 'valid' } : { state: 'incomplete', missing: 11 - length(trimmed) };
  }
  if (rules.kind === 'phone') {
    if (!/^[3-7]/.test(trimmed)) return { state: 'invalid', reason: 'phone-prefix' };
    return PHONE_PATTERN.test(trimmed) ? { state: 'valid' } : { state: 'incomplete', missing: 8 - length(trimmed) };
  }
  return { state: 'valid' };
}

export function isFieldValid(value: string, kind: FieldKind, options: { required?: boolean; maxLength?: number } = {}): boolean {
  const status = fieldStatus(value, rulesFor(kind, options.maxLength));
  return status.state === 'valid' || (status.state === 'empty' && options.required === false);
}
