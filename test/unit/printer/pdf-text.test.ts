import { describe, expect, it } from 'vitest';
import { hasArabicText, visualRuns, wrapWords } from '../../../drivers/printer/pdf-text';

const texts = (s: string) => visualRuns(s).map((r) => r.text);

describe('bidi runs for the PDF copy', () => {
  it('a Latin line is one left-to-right run', () => {
    expect(visualRuns('Payment receipt 800.00 QAR')).toEqual([{ text: 'Payment receipt 800.00 QAR', level: 0, arabic: false }]);
  });

  it('an Arabic line with digits: the number run sits left of the words that precede it logically', () => {
    // "الإجمالي: 800.00 ر.ق" reads right to left: label, then amount, then currency to its left.
    // Runs keep their logical text; the shaper lays each RTL run out right to left.
    expect(texts('الإجمالي: 800.00 ر.ق')).toEqual([' ر.ق', '800.00', 'الإجمالي: ']);
  });

  it('mixed Arabic and Latin name: runs in visual order, brackets mirrored in the RTL run', () => {
    const runs = visualRuns('الاسم: Ahmed Ali (رقم 12345)');
    // Checked by eye against Skia's rendering of the same line (direction rtl): identical order.
    expect(runs.map((r) => r.text)).toEqual(['(', '12345', ' )رقم ', 'Ahmed Ali', 'الاسم: ']);
    expect(runs.map((r) => r.level % 2)).toEqual([1, 0, 1, 0, 1]);
    expect(runs.map((r) => r.arabic)).toEqual([false, false, true, false, true]);
  });

  it('detects Arabic', () => {
    expect(hasArabicText('QID 284')).toBe(false);
    expect(hasArabicText('رقم')).toBe(true);
  });

  it('wraps words greedily by measured width', () => {
    expect(wrapWords('aa bb cc dd', 5, (s) => s.length)).toEqual(['aa bb', 'cc dd']);
    expect(wrapWords('', 5, (s) => s.length)).toEqual(['']);
    expect(wrapWords('toolongword x', 5, (s) => s.length)).toEqual(['toolongword', 'x']);
  });
});
