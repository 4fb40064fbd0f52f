import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { arabicWords, checkArabic, checkArabicTexts } from '../../../scripts/check-arabic.mjs';

type Check = (texts: Map<string, string>, allowed: Set<string>) => string[];
const check = checkArabicTexts as Check;

describe('the Arabic second reader (npm run lint:arabic)', () => {
  it('finds no misspelt word and no glossary term in any shipped Arabic text', () => {
    expect((checkArabic as () => string[])()).toEqual([]);
  });

  it('catches a misspelt word with its file and line, and lets an allowed one through', () => {
    const texts = new Map([['x.ts', "'a': 'مرحبًا',\n'b': 'الخدمت الذاتية لوسيل'"]]);
    expect(check(texts, new Set(['لوسيل']))).toEqual([expect.stringMatching(/^x\.ts:2: «الخدمت»/)]);
  });

  it('reads words without their vowel marks, as the dictionary holds them', () => {
    expect((arabicWords as (t: string) => Array<{ word: string }>)('جدِّد إقامتَك').map((w) => w.word)).toEqual(['جدد', 'إقامتك']);
  });

  it('refuses the terms the kiosk does not use, with prefixes, and not inside other words', () => {
    const texts = new Map([
      ['a.json', 'رسوم سمة الزيارة\nالسمات\nرقم هاتفك\nرقم البطاقة الشخصية\n12.50 ر.ق.'],
      ['b.json', 'قسمة الرسوم\nنسمة\n12.50 ر.ق'],
    ]);
    const problems = check(texts, new Set(['نسمة', 'قسمة']));
    expect(problems.map((p) => p.split(':').slice(0, 2).join(':'))).toEqual(['a.json:1', 'a.json:2', 'a.json:3', 'a.json:4', 'a.json:5']);
  });
});
