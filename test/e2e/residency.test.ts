import { afterEach, describe, expect, it } from 'vitest';
import demoIdentity from '../../drivers/card/sim/demo-identity.json';
import { demoPermanentResidency } from '../../gateway';
import { type E2eKiosk, hiddenByScroll, openService, startE2eKiosk, stepOf } from './harness';

/**
 * The permanent-residency eligibility inquiry through the real UI, the kiosk's gateway client
 * and the gateway simulator, on a resident's card (the demo card holder is Qatari, to whom it
 * does not apply): a resident not yet eligible is told why and from when, an eligible one that
 * they may apply; both are told the application is made on the ministry's website, not here.
 */
let e: E2eKiosk | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const screen = (id: string) => `[data-testid="screen-${id}"]`;

/** Demo residents of the simulator (gateway/demo-residency.ts): Indian nationals (356). */
const RESIDENTS = {
  'not-yet': { idNumber: '29035600123', givenNames: 'Anil', surname: 'Meenakshi', givenNamesAr: 'أنيل', surnameAr: 'ميناكشي' },
  eligible: { idNumber: '28235600456', givenNames: 'Priya', surname: 'Nair', givenNamesAr: 'بريا', surnameAr: 'ناير' },
} as const;

describe('permanent-residency eligibility in the browser', () => {
  for (const lang of ['ar', 'en'] as const) {
    for (const which of ['not-yet', 'eligible'] as const) {
      it(`answers a resident ${which === 'eligible' ? 'who may apply' : 'not yet eligible, why and from when'} (${lang})`, async () => {
        e = await startE2eKiosk(`residency-${which}-${lang}`);
        const { page, kiosk } = e;
        const world = kiosk.world!;
        await page.waitForSelector(screen('attract'));
        if (lang === 'en') await page.getByTestId('lang-toggle').click();
        const person = RESIDENTS[which];
        await world.lab.insertCard({ ...demoIdentity, ...person, nationality: 'IND', documentNumber: 'P4821356' });
        await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
        await openService(e, 'permanent-residency');
        // The card holder's own: no for-whom step, the ministry is asked at once.
        await page.waitForSelector(screen('residency'), { timeout: 10_000 });
        const expected = demoPermanentResidency(person.idNumber)!;
        const { eligibility } = stepOf(kiosk, 'residency');
        expect(eligibility).toMatchObject({ ...expected, next: which === 'eligible' ? 'apply-online' : 'wait' });
        expect(await page.getByTestId('steps').getAttribute('data-steps')).toBe('card answer');
        const status = await page.getByTestId('residency-status').innerText();
        const next = await page.getByTestId('residency-next').innerText();
        if (which === 'eligible') {
          expect(status).toBe(lang === 'ar' ? 'يمكنك التقدم بالطلب' : 'You can apply');
          expect(next).toContain(lang === 'ar' ? 'يمكنك الآن التقدم بطلب الإقامة الدائمة' : 'can apply for permanent residency now');
          expect(await page.getByTestId('residency-reasons').count()).toBe(0);
        } else {
          expect(status).toBe(lang === 'ar' ? 'لا يمكنك التقدم بالطلب بعد' : 'You cannot apply yet');
          expect(await page.getByTestId('residency-reasons').innerText()).toContain(lang === 'ar' ? 'لم تكتمل بعد مدة الإقامة المطلوبة' : 'You have not yet lived in Qatar for the years required');
          // The day, with Latin digits in Arabic too.
          expect(await page.getByTestId('residency-eligible-from').innerText()).toMatch(/\d{4}/);
          expect(next).toContain(lang === 'ar' ? 'يمكنك التقدم بالطلب اعتبارًا من' : 'You can apply from');
        }
        expect(await page.getByTestId('residency-required').innerText()).toBe(lang === 'ar' ? '20 سنة' : '20 years');
        // The application is not made here: the screen says where.
        expect(await page.getByTestId('residency-elsewhere').innerText()).toContain(lang === 'ar' ? 'عبر موقع وزارة الداخلية' : 'on the Ministry of Interior website');
        expect(await hiddenByScroll(page, '[data-testid="residency"], [data-testid="residency-next"], [data-testid="residency-elsewhere"], [data-testid="back"], [data-testid="finish"]')).toEqual([]);
        await e.shot('residency');
        await page.getByTestId('finish').click();
        await page.waitForSelector(screen('goodbye'));
        // An inquiry records nothing and charges nothing.
        expect(world.gateway.submissions()).toEqual([]);
        expect(e.violations).toEqual([]);
      });
    }
  }
});
