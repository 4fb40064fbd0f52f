import { afterEach, describe, expect, it } from 'vitest';
import demoIdentity from '../../drivers/card/sim/demo-identity.json';
import { DEMO_NO_VISA_SPONSOR_QID, DEMO_QID, demoSponsoredPeople } from '../../gateway';
import { type E2eKiosk, hiddenByScroll, openService, startE2eKiosk, stepOf } from './harness';

/**
 * The visa inquiry through the real UI, the kiosk's gateway client and the gateway simulator:
 * the demo card holder's one sponsored visitor, her family visit visa with its number, type,
 * state and last day, the extension offered here, and the inquiry greyed out once the ministry
 * is unreachable; and a sponsor whose visitor has no visa on record, told so, in both languages.
 */
let e: E2eKiosk | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const screen = (id: string) => `[data-testid="screen-${id}"]`;

/** The simulator's Qatari sponsor of one visitor with no visa on record (gateway/demo-data.ts). */
const NO_VISA_SPONSOR = { idNumber: DEMO_NO_VISA_SPONSOR_QID, givenNames: 'Khalid', surname: 'Al-Mannai', givenNamesAr: 'خالد', surnameAr: 'المناعي' } as const;

describe('visa inquiry in the browser', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`shows the sponsored visitor's visa and offers its extension here (${lang})`, async () => {
      e = await startE2eKiosk(`visa-${lang}`);
      const { page, kiosk } = e;
      const world = kiosk.world!;
      await page.waitForSelector(screen('attract'));
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await world.lab.insertCard();
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      await openService(e, 'visa-inquiry');
      // The demo card sponsors one visitor: her visa is asked for at once, by the ministry's id for her.
      await page.waitForSelector(screen('visa'), { timeout: 10_000 });
      const visitor = demoSponsoredPeople(DEMO_QID).find((p) => p.relation === 'visitor')!;
      const { beneficiary, visa } = stepOf(kiosk, 'visa');
      expect(beneficiary).toMatchObject({ id: visitor.id, relation: 'visitor' });
      // The simulator's demo visitor: a family visit visa ending in 21 days, which this kiosk extends.
      expect(visa).toMatchObject({ type: 'family-visit', status: 'valid', validUntil: visitor.documentValidUntil, passportMasked: visitor.idNumberMasked, next: 'extend-here', daysLeft: 21 });
      expect(await page.getByTestId('visa-number').innerText()).toBe(visa.visaNumber);
      expect(await page.getByTestId('visa-type').innerText()).toBe(lang === 'ar' ? 'زيارة عائلية' : 'Family visit');
      expect(await page.getByTestId('visa-status').innerText()).toBe(lang === 'ar' ? 'سارية' : 'Valid');
      expect(await page.locator('h2.subtitle').innerText()).toContain(lang === 'ar' ? 'فاطمة أحمد' : 'Fatima Ahmed');
      expect(await page.getByTestId('visa-next').innerText()).toContain(lang === 'ar' ? 'يمكنك تمديد هذه التأشيرة الآن من هذا الجهاز' : 'You can extend this visa now, here at the kiosk');
      expect(await page.getByTestId('visa-elsewhere').innerText()).toContain(lang === 'ar' ? 'طباعة التأشيرة وتغيير نوعها' : 'Printing the visa or changing its type');
      // Digits stay Latin in the Arabic screen.
      expect(await page.getByTestId('visa-valid-until').innerText()).toMatch(/\d/);
      expect(await page.getByTestId('steps').getAttribute('data-steps')).toBe('card details answer');
      expect(await hiddenByScroll(page, '[data-testid="visa"], [data-testid="visa-next"], [data-testid="back"], [data-testid="extend-visa"], [data-testid="finish"]')).toEqual([]);
      await e.shot('visa');

      // The extension opens for the same visitor, without asking for whom again.
      await page.getByTestId('extend-visa').click();
      await page.waitForSelector(screen('form'));
      expect(stepOf(kiosk, 'form').service.id).toBe('extend-visit-visa');
      await e.shot('visa-extend');
      // An inquiry records nothing and charges nothing.
      expect(world.gateway.submissions()).toEqual([]);

      // Back from the extension's form is the visa's answer it was opened from, then the menu.
      await page.getByTestId('form-back').click();
      await page.waitForSelector(screen('visa'));
      expect(stepOf(kiosk, 'visa')).toMatchObject({ beneficiary: { id: visitor.id }, visa: { visaNumber: visa.visaNumber, next: 'extend-here' } });
      expect(await page.getByTestId('visa-number').innerText()).toBe(visa.visaNumber);
      expect(await page.getByTestId('extend-visa').isVisible()).toBe(true);
      await e.shot('visa-again');
      await page.getByTestId('back').click();
      await page.waitForSelector(screen('welcome'));

      // Without the ministry the inquiry cannot answer: the menu greys it out and says why.
      world.gateway.setDown(true);
      await page.waitForSelector('[data-testid="status-offline"]', { timeout: 10_000 });
      const tile = page.getByTestId('service-visa-inquiry');
      // Back from the answer returns to the category the inquiry was chosen in.
      if ((await tile.count()) === 0) await page.getByTestId('category-visas').click();
      await tile.waitFor();
      expect(await tile.isDisabled()).toBe(true);
      expect(stepOf(kiosk, 'welcome').services.find((s) => s.id === 'visa-inquiry')).toMatchObject({ available: false, unavailableReason: 'needs-network' });
      expect(await tile.innerText()).toContain(lang === 'ar' ? 'الاستعلام عن التأشيرة' : 'Visa inquiry');
      await e.shot('visa-offline');
      expect(e.violations).toEqual([]);
    });

    it(`tells a sponsor the ministry has no visa on record for their visitor (${lang})`, async () => {
      e = await startE2eKiosk(`visa-none-${lang}`);
      const { page, kiosk } = e;
      const world = kiosk.world!;
      await page.waitForSelector(screen('attract'));
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await world.lab.insertCard({ ...demoIdentity, ...NO_VISA_SPONSOR });
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      await openService(e, 'visa-inquiry');
      // One visitor, asked about at once; the simulator answers the documented 404 no-visa.
      await page.waitForSelector('[data-testid="notice"][data-code="no-visa"]', { timeout: 10_000 });
      expect(await page.getByTestId('notice').innerText()).toContain(lang === 'ar' ? 'لا توجد في سجلات الوزارة تأشيرة لهذا الزائر' : 'The ministry has no visa on record for this visitor');
      // Nothing to show but the notice: the shopper is back at the menu to choose again.
      expect(stepOf(kiosk, 'welcome').services.find((s) => s.id === 'visa-inquiry')).toMatchObject({ available: true });
      expect(kiosk.session.snapshot.notice).toBe('no-visa');
      // A free inquiry that has ended: no purchase's steps above the menu.
      expect(stepOf(kiosk, 'welcome').inquiryOutcome).toBe(true);
      expect(await page.getByTestId('steps').count()).toBe(0);
      await e.shot('no-visa');
      expect(world.gateway.submissions()).toEqual([]);
      expect(e.violations).toEqual([]);
    });
  }
});
