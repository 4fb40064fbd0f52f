import { describe, expect, it } from 'vitest';
import { NoticeCode, TerminalPrompt } from '../../../main/contract';
import { createI18n, messages } from '../../../renderer/src/i18n';
import { ar } from '../../../renderer/src/i18n/ar';
import { en } from '../../../renderer/src/i18n/en';
import { MessageFormatError, formatMessage } from '../../../renderer/src/i18n/format';

describe('message tables', () => {
  it('Arabic and English have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ar).sort());
  });

  it('no message is empty and every template parses in its language', () => {
    for (const lang of ['ar', 'en'] as const) {
      const i18n = createI18n(lang);
      for (const [key, text] of Object.entries(messages[lang])) {
        expect(text.trim(), `${lang}:${key}`).not.toBe('');
        expect(() => i18n.t(key as keyof typeof ar, { count: 2, seconds: 2, name: 'x', current: 1, total: 5 })).not.toThrow();
      }
    }
  });

  it('has a message for every notice code and terminal prompt main can send', () => {
    for (const code of NoticeCode.options) expect(ar).toHaveProperty(`notice.${code}`);
    for (const prompt of TerminalPrompt.options) expect(ar).toHaveProperty(`prompt.${prompt}`);
  });

  it('uses the Arabic wording the ministry expects', () => {
    const all = Object.values(ar).join('\n');
    for (const phrase of [
      'أدخل بطاقتك الشخصية',
      'جارٍ قراءة البطاقة',
      'سداد المخالفات المرورية',
      'المبلغ الإجمالي',
      'ادفع',
      'رجوع',
      'إلغاء',
      'الرقم المرجعي',
      'تم الدفع بنجاح',
      'الرقم الشخصي',
      'المستفيد',
      'يرجى سحب بطاقتك',
    ]) {
      expect(all).toContain(phrase);
    }
  });
});

describe('formatMessage', () => {
  it('fills named placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('Welcome, {name}', { name: 'Ahmed' }, 'en')).toBe('Welcome, Ahmed');
    expect(formatMessage('Welcome, {name}', {}, 'en')).toBe('Welcome, {name}');
  });

  it('picks all six Arabic plural forms', () => {
    const t = (count: number) => createI18n('ar').t('confirm.count', { count });
    expect(t(0)).toBe('لا توجد مخالفات');
    expect(t(1)).toBe('مخالفة واحدة');
    expect(t(2)).toBe('مخالفتان');
    expect(t(3)).toBe('3 مخالفات');
    expect(t(11)).toBe('11 مخالفة');
    expect(t(100)).toBe('100 مخالفة');
  });

  it('prefers an exact =N option over the plural category', () => {
    const t = (count: number) => createI18n('en').t('fines.selected', { count });
    expect(t(0)).toBe('No fines selected');
    expect(t(1)).toBe('1 fine selected');
    expect(t(1200)).toBe('1,200 fines selected');
  });

  it('rejects malformed templates with a typed error', () => {
    expect(() => formatMessage('{n, plural, one {x}', { n: 1 }, 'en')).toThrow(MessageFormatError);
    expect(() => formatMessage('{n, plural, one {x}}', { n: 1 }, 'en')).toThrow(/other/);
    expect(() => formatMessage('{n, select, a {x} other {y}}', { n: 1 }, 'en')).toThrow(/Unsupported/);
  });
});

/** Intl separates currency codes with a no-break space; compare the visible text. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

describe('numbers, money and dates', () => {
  it('formats QAR from dirhams with Latin digits in both languages', () => {
    expect(plain(createI18n('en').money(125_050, 'QAR'))).toBe('QAR 1,250.50');
    const arabic = createI18n('ar').money(125_050, 'QAR');
    expect(arabic).toContain('1,250.50');
    expect(arabic).toContain('ر.ق');
  });

  it('respects currencies with other minor units', () => {
    expect(plain(createI18n('en').money(1500, 'KWD'))).toBe('KWD 1.500');
    expect(plain(createI18n('en').money(1500, 'JPY'))).toContain('1,500');
    expect(plain(createI18n('en').money(1500, 'JPY'))).not.toContain('15.00');
  });

  it('formats a calendar day without shifting it by timezone', () => {
    expect(createI18n('en').date('2025-03-01')).toBe('1 March 2025');
    expect(createI18n('ar').date('2025-03-01')).toBe('1 مارس 2025');
    expect(createI18n('en').date('not a date')).toBe('not a date');
  });

  it('picks the text of the current language, falling back to the other', () => {
    expect(createI18n('ar').pick('عربي', 'English')).toBe('عربي');
    expect(createI18n('en').pick('عربي', 'English')).toBe('English');
    expect(createI18n('en').pick('عربي', undefined)).toBe('عربي');
    expect(createI18n('ar').pick(undefined, undefined)).toBe('');
  });
});
