import { describe, expect, it } from 'vitest';
import { formatMessage } from '../../../renderer/src/i18n/format';
import { techAr, techEn } from '../../../renderer/src/screens/technician/texts';
import { queueAr, queueEn, rejectKey } from '../../../renderer/src/screens/technician/queue-texts';
import { workOrderAr, workOrderEn } from '../../../renderer/src/screens/technician/work-order-texts';

/** The technician's own table (loaded with their screens) follows the rules of the main tables. */
describe('technician texts', () => {
  it('has the same keys in both languages, each formatting for every count', () => {
    expect(Object.keys(techEn).sort()).toEqual(Object.keys(techAr).sort());
    for (const [table, locale] of [[techAr, 'ar-QA-u-nu-latn'], [techEn, 'en-GB']] as const) {
      for (const [key, text] of Object.entries(table)) {
        for (const n of [0, 1, 2, 3, 11, 100]) expect(() => formatMessage(text, { n, time: '10:00', id: '290••••••77' }, locale), key).not.toThrow();
      }
    }
  });

  it('spells every Arabic plural form and says the count in words where Arabic does', () => {
    const faults = (n: number) => formatMessage(techAr.faults, { n }, 'ar-QA-u-nu-latn');
    expect([0, 1, 2, 3, 11, 100].map(faults)).toEqual(['لا أعطال منذ التشغيل', 'عطل واحد منذ التشغيل', 'عطلان منذ التشغيل', '3 أعطال منذ التشغيل', '11 عطلًا منذ التشغيل', '100 عطل منذ التشغيل']);
  });

  it('the work-order screen’s table too, its tries counted in every Arabic form', () => {
    expect(Object.keys(workOrderEn).sort()).toEqual(Object.keys(workOrderAr).sort());
    for (const [table, locale] of [[workOrderAr, 'ar-QA-u-nu-latn'], [workOrderEn, 'en-GB']] as const) {
      for (const [key, text] of Object.entries(table)) {
        for (const n of [0, 1, 2, 3, 11, 100]) expect(() => formatMessage(text, { n, block: 7, time: '10:00' }, locale), key).not.toThrow();
      }
    }
    const tries = (n: number) => formatMessage(workOrderAr.tries, { n }, 'ar-QA-u-nu-latn');
    expect([0, 1, 2, 3, 11].map(tries)).toEqual(['لم تتبقَّ أي محاولة', 'تبقَّت محاولة واحدة', 'تبقَّت محاولتان', 'تبقَّت 3 محاولات', 'تبقَّت 11 محاولة']);
  });

  it('the queue page’s table too: a sentence for every code the kiosk stores, the rest shown as they came', () => {
    expect(Object.keys(queueEn).sort()).toEqual(Object.keys(queueAr).sort());
    // gateway/schemas.ts RejectionCode, the outbox's expiry, the gateway client's own codes.
    for (const code of ['unknown-fine', 'fine-already-paid', 'amount-mismatch', 'payment-required', 'invalid-payload', 'expired', 'invalid-input', 'idempotency-conflict', 'audit-seq-conflict', 'http-503']) {
      const known = rejectKey(code);
      expect(known, code).toBeDefined();
      for (const [table, locale] of [[queueAr, 'ar-QA-u-nu-latn'], [queueEn, 'en-GB']] as const) expect(formatMessage(table[known!.key], known!.params ?? {}, locale)).not.toMatch(/[{}]/);
    }
    expect(formatMessage(queueAr['reject.http'], rejectKey('http-503')!.params!, 'ar-QA-u-nu-latn')).toBe('رفضت بوابة الوزارة الطلب (رمز HTTP 503)');
    expect(rejectKey('invalid-sponsor')).toBeUndefined();
  });
});
