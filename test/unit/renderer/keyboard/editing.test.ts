import { describe, expect, it } from 'vitest';
import { applyKey, fieldStatus, isFieldValid, rulesFor, sanitize, type KeyAction } from '../../../../renderer/src/components/keyboard/editing';
import { keyRows, layoutCharacters } from '../../../../renderer/src/components/keyboard/layouts';

const type = (kind: Parameters<typeof rulesFor>[0], actions: (string | KeyAction)[], maxLength?: number): string =>
  actions.reduce<string>(
    (value, a) => applyKey(value, typeof a === 'string' ? { type: 'char', text: a } : a, rulesFor(kind, maxLength)),
    '',
  );

describe('applyKey', () => {
  it('types Arabic letters, the lam-alef key as two letters, and spaces between words', () => {
    expect(type('text', ['م', 'ح', 'م', 'د', { type: 'space' }, 'ع', 'ل', 'ي'])).toBe('محمد علي');
    expect(type('text', ['ب', 'لا', 'د'])).toBe('بلاد');
    expect(type('text', ['أ', 'ح', 'م', 'د', { type: 'space' }, 'إ', 'آ', 'ة', 'ى', 'ء', 'ئ', 'ؤ'])).toBe('أحمد إآةىءئؤ');
  });

  it('types English with capitals and punctuation names use', () => {
    expect(type('text', ['A', 'h', 'm', 'e', 'd', { type: 'space' }, 'A', 'l', '-', 'K', "'"])).toBe("Ahmed Al-K'");
    expect(type('text', Array.from('ali_99@moi.gov.qa'))).toBe('ali_99@moi.gov.qa');
  });

  it('never starts with a space or doubles one', () => {
    expect(type('text', [{ type: 'space' }, 'a', { type: 'space' }, { type: 'space' }, 'b'])).toBe('a b');
  });

  it('numeric kinds reject letters, spaces and punctuation, and accept Arabic-Indic digits as ASCII', () => {
    for (const kind of ['number', 'qid', 'phone'] as const) {
      expect(type(kind, ['2', 'a', 'ب', '-', { type: 'space' }, '٣', '۴'])).toBe('234');
    }
  });

  it('stops at max length, and a two-letter key goes in whole or not at all', () => {
    expect(type('text', ['a', 'b', 'c', 'd'], 3)).toBe('abc');
    expect(type('text', ['a', 'b', 'لا'], 3)).toBe('ab');
    expect(type('text', ['a', 'b', { type: 'space' }], 2)).toBe('ab');
    expect(type('qid', Array.from('2845123456789'))).toBe('28451234567');
    expect(type('phone', Array.from('5512345678'))).toBe('55123456');
  });

  it('a caller cannot lengthen a fixed-length kind', () => {
    expect(rulesFor('qid', 30).maxLength).toBe(11);
    expect(rulesFor('phone', 30).maxLength).toBe(8);
    expect(rulesFor('number', 6).maxLength).toBe(6);
  });

  it('backspace removes one code point (the alef of a lam-alef first), clear empties', () => {
    expect(type('text', ['ب', 'لا', { type: 'backspace' }])).toBe('بل');
    expect(type('text', [{ type: 'backspace' }])).toBe('');
    expect(type('qid', ['2', '8', { type: 'clear' }, '3'])).toBe('3');
  });
});

describe('sanitize', () => {
  it('drops what the kind cannot hold and cuts at max length', () => {
    expect(sanitize('28 45-12a', rulesFor('qid'))).toBe('284512');
    expect(sanitize('abcdef', rulesFor('text', 4))).toBe('abcd');
    expect(sanitize('<script>', rulesFor('text'))).toBe('<script>');
    expect(sanitize('a\u0000b\nc', rulesFor('text'))).toBe('abc');
  });
});

describe('fieldStatus', () => {
  it('a QID is 11 digits starting with 2 or 3', () => {
    expect(fieldStatus('', rulesFor('qid'))).toEqual({ state: 'empty' });
    expect(fieldStatus('2845', rulesFor('qid'))).toEqual({ state: 'incomplete', missing: 7 });
    expect(fieldStatus('1845', rulesFor('qid'))).toEqual({ state: 'invalid', reason: 'qid-prefix' });
    expect(fieldStatus('28451234567', rulesFor('qid'))).toEqual({ state: 'valid' });
    expect(fieldStatus('38451234567', rulesFor('qid'))).toEqual({ state: 'valid' });
  });

  it('a phone number is 8 digits starting with 3 to 7', () => {
    expect(fieldStatus('5512', rulesFor('phone'))).toEqual({ state: 'incomplete', missing: 4 });
    expect(fieldStatus('9', rulesFor('phone'))).toEqual({ state: 'invalid', reason: 'phone-prefix' });
    expect(fieldStatus('44123456', rulesFor('phone'))).toEqual({ state: 'valid' });
  });

  it('isFieldValid: required by default, optional when the form says so', () => {
    expect(isFieldValid('', 'text')).toBe(false);
    expect(isFieldValid('', 'text', { required: false })).toBe(true);
    expect(isFieldValid('   ', 'text')).toBe(false);
    expect(isFieldValid('28451234567', 'qid')).toBe(true);
    expect(isFieldValid('2845', 'qid', { required: false })).toBe(false);
  });
});

describe('layouts', () => {
  it('the Arabic layout types every letter of the alphabet and the hamza and ta marbuta forms', () => {
    const ar = layoutCharacters('ar');
    for (const ch of Array.from('ابتثجحخدذرزسشصضطظعغفقكلمنهوي')) expect(ar.has(ch), ch).toBe(true);
    for (const ch of ['ة', 'ى', 'ء', 'ئ', 'ؤ', 'أ', 'إ', 'آ', 'لا', 'لأ', 'لإ', 'لآ', '،', '؟']) expect(ar.has(ch), ch).toBe(true);
  });

  it('the Arabic base layer sits on the PC keys: ض on Q, ش on A, ئ on Z, ذ left of 1', () => {
    const rows = keyRows('ar', false);
    const first = (r: number, i = 0) => {
      const key = rows[r]![i]!;
      return key.kind === 'char' ? key.text : key.kind;
    };
    expect([first(0), first(1), first(2), first(3, 1)]).toEqual(['ذ', 'ض', 'ش', 'ئ']);
    // Shift puts إ on Y, أ on H, آ on N, as the PC does.
    const shifted = keyRows('ar', true);
    const at = (r: number, i: number) => {
      const key = shifted[r]![i]!;
      return key.kind === 'char' ? key.text : key.kind;
    };
    expect([at(1, 5), at(2, 5), at(3, 6)]).toEqual(['إ', 'أ', 'آ']);
  });

  it('English types a to z in both cases; the numeric pad only digits', () => {
    const en = layoutCharacters('en');
    for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@_.-') expect(en.has(ch), ch).toBe(true);
    expect([...layoutCharacters('numeric')].sort()).toEqual(Array.from('0123456789'));
  });

  it('every key a text layout can type is accepted by a text field', () => {
    for (const layout of ['ar', 'en'] as const) {
      for (const ch of layoutCharacters(layout)) expect(type('text', [ch]), `${layout}:${ch}`).toBe(ch);
    }
  });
});
