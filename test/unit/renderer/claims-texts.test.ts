import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../../renderer/src/i18n/format';
import { claimsAr, claimsEn } from '../../../renderer/src/screens/claims-texts';

/** The claims screen's own table (loaded with it) follows the rules of the main tables. */
describe('financial claims texts', () => {
  it('has the same keys in both languages, each formatting for every count', () => {
    expect(Object.keys(claimsEn).sort()).toEqual(Object.keys(claimsAr).sort());
    for (const [table, locale] of [[claimsAr, 'ar-QA-u-nu-latn'], [claimsEn, 'en-GB']] as const) {
      for (const [key, text] of Object.entries(table)) {
        for (const count of [0, 1, 2, 3, 11, 100]) expect(() => formatMessage(text, { count, where: 'x' }, locale), key).not.toThrow();
      }
    }
  });

  it('spells every Arabic plural form, digits as digits', () => {
    const selected = (count: number) => formatMessage(claimsAr.selected, { count }, 'ar-QA-u-nu-latn');
    expect([0, 1, 2, 3, 11, 100].map(selected)).toEqual(['لم تُحدَّد أي مطالبة', 'مطالبة واحدة محددة', 'مطالبتان محددتان', '3 مطالبات محددة', '11 مطالبة محددة', '100 مطالبة محددة']);
  });
});
