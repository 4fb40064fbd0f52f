import { afterEach, describe, expect, it } from 'vitest';
import { type E2eKiosk, hiddenByScroll, openService, startE2eKiosk, stepOf } from './harness';

/**
 * The residence-permit validity inquiry through the real UI, the kiosk's gateway client and the
 * gateway simulator: for whom, "no permit" for the Qatari card holder, the sponsored employee's
 * permit with its expiry and what to do next, in both languages.
 */
let e: E2eKiosk | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const screen = (id: string) => `[data-testid="screen-${id}"]`;

describe('residence-permit validity inquiry in the browser', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`shows a sponsored employee's permit, its expiry and what to do next (${lang})`, async () => {
      e = await startE2eKiosk(`permit-${lang}`);
      const { page, kiosk } = e;
      await page.waitForSelector(screen('attract'));
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await kiosk.world!.lab.insertCard();
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      await openService(e, 'residence-permit-inquiry');
      await page.waitForSelector(screen('beneficiary'));
      // Visitors hold visas, not permits: the card holder, the employee and the family resident.
      const offered = stepOf(kiosk, 'beneficiary').beneficiaries;
      expect(offered.map((b) => b.relation)).toEqual(['self', 'employee', 'family']);
      expect(await page.getByTestId('steps').getAttribute('data-steps')).toBe('card details answer');
      await e.shot('for-whom');

      // The demo card holder is Qatari: the ministry has no permit for them, and says so.
      await page.getByTestId('beneficiary-self').click();
      await page.waitForSelector('[data-testid="notice"][data-code="no-residence-permit"]');
      expect(await page.getByTestId('notice').innerText()).toContain(lang === 'ar' ? 'لا توجد في سجلات الوزارة إقامة لهذا الشخص' : 'The ministry has no residence permit on record for this person');
      await e.shot('no-permit');

      const employee = offered.find((b) => b.relation === 'employee')!;
      await page.getByTestId(`beneficiary-${employee.id}`).click();
      await page.waitForSelector(screen('permit'));
      const { permit } = stepOf(kiosk, 'permit');
      // The simulator's employee permit ends 240 days from today: nothing to do before renewal opens.
      // Both count from the day in Doha, so it is 240 at any hour (239 from 21:00 UTC when one used UTC's).
      expect(permit).toMatchObject({ status: 'valid', next: 'nothing-yet', idNumberMasked: employee.idNumberMasked, daysLeft: 240 });
      expect(await page.getByTestId('permit-status').innerText()).toBe(lang === 'ar' ? 'سارية' : 'Valid');
      const next = await page.getByTestId('permit-next').innerText();
      expect(next).toContain(lang === 'ar' ? 'يبدأ التجديد في' : 'Renewal opens on');
      expect(await page.locator('h2.subtitle').innerText()).toContain(lang === 'ar' ? employee.nameAr! : employee.nameEn!);
      // Digits stay Latin in the Arabic screen, as every other date and number of the kiosk.
      expect(await page.getByTestId('permit-valid-until').innerText()).toMatch(/\d/);
      expect(await page.getByTestId('steps').getAttribute('data-steps')).toBe('card details answer');
      expect(await hiddenByScroll(page, '[data-testid="permit"], [data-testid="permit-next"], [data-testid="back"], [data-testid="finish"]')).toEqual([]);
      await e.shot('permit');

      await page.getByTestId('back').click();
      await page.waitForSelector(screen('beneficiary'));
      await page.getByTestId(`beneficiary-${employee.id}`).click();
      await page.waitForSelector(screen('permit'));
      await page.getByTestId('finish').click();
      await page.waitForSelector(screen('goodbye'));
      // An inquiry records nothing and charges nothing.
      expect(kiosk.world!.gateway.submissions()).toEqual([]);
      expect(e.violations).toEqual([]);
    });
  }
});
