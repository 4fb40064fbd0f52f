import { afterEach, describe, expect, it } from 'vitest';
import { type E2eKiosk, hiddenByScroll, openService, startE2eKiosk, stepOf } from './harness';

/**
 * Catalog services through the real UI: a form typed on the on-screen keyboard, main's
 * validation, fees from the catalog, a free request and a paid one, and the read-only inquiry.
 */
let e: E2eKiosk | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const screen = (id: string) => `[data-testid="screen-${id}"]`;

async function typeDigits(e: E2eKiosk, fieldId: string, digits: string) {
  for (const d of digits) await e.page.getByTestId(`field-${fieldId}-kb-key-${d}`).click();
}

describe('catalog services in the browser', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`registers a national address (free), refusing a zone out of range (${lang})`, async () => {
      e = await startE2eKiosk(`address-${lang}`);
      const { page, kiosk } = e;
      await page.waitForSelector(screen('attract'));
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await kiosk.world!.lab.insertCard();
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      await e.shot('services');
      // The menu fits the portrait screen without scrolling (issue 15): the most used services
      // and every category, then each category's own services with the way back.
      expect(await hiddenByScroll(page, '[data-testid^="category-"], [data-testid^="service-"], [data-testid="my-requests"]')).toEqual([]);
      for (const category of new Set(stepOf(kiosk, 'welcome').services.map((s) => s.category))) {
        await page.getByTestId(`category-${category}`).click();
        await page.waitForSelector(`[data-testid="open-category-${category}"]`);
        // What is served elsewhere is named on the page too, in the shopper's language, and fits.
        expect(await hiddenByScroll(page, '[data-testid^="service-"], [data-testid^="elsewhere-"], [data-testid="back"]'), category).toEqual([]);
        const elsewhere = stepOf(kiosk, 'welcome').services.filter((s) => s.category === category && s.unavailableReason === 'elsewhere');
        for (const s of elsewhere) expect(await page.getByTestId(`elsewhere-${s.id}`).innerText()).toBe(lang === 'ar' ? s.titleAr : s.titleEn);
        if (category === 'traffic' || category === 'residency' || category === 'companies') await e.shot(`menu-${category}`);
        await page.getByTestId('back').click();
        await page.waitForSelector('[data-testid="featured"]');
      }
      await page.getByTestId('service-national-address').click();
      await page.waitForSelector(screen('form'));

      await typeDigits(e, 'zone', '0');
      await page.getByTestId('form-next').click();
      await page.waitForSelector('[data-testid="field-error"][data-code="out-of-range"]');
      // Marked as an error, not as a complete number, with the message right under the field.
      expect(await page.locator('.kb-field').getAttribute('data-state')).toBe('invalid');
      expect(await page.getByTestId('field-zone').getAttribute('aria-invalid')).toBe('true');
      await e.shot('form-error');
      await page.getByTestId('field-zone-kb-backspace').click();
      await typeDigits(e, 'zone', '51');
      await page.getByTestId('form-next').click();
      await page.waitForSelector('[data-testid="field-street"]');
      await typeDigits(e, 'street', '340');
      await page.getByTestId('form-next').click();
      await page.waitForSelector('[data-testid="field-building"]');
      await typeDigits(e, 'building', '12');
      await page.getByTestId('form-next').click();
      await page.waitForSelector('[data-testid="field-mobile"]');
      await typeDigits(e, 'mobile', '55123456');
      await e.shot('form-phone');
      await page.getByTestId('form-next').click();
      await page.waitForSelector('[data-testid="field-email"]');
      // "@" and "." are on the e-mail layout's first layer (issue 15): no shift is pressed.
      expect(await page.getByTestId('field-email-kb').getAttribute('data-layout')).toBe('email');
      for (const key of [...'ali', '@', ...'moi', '.', ...'qa']) await page.getByTestId(`field-email-kb-key-${key}`).click();
      expect(await page.getByTestId('field-email').inputValue()).toBe('ali@moi.qa');
      await e.shot('form-email');
      await page.getByTestId('form-next').click();

      await page.waitForSelector(screen('confirm'));
      // A free request has no payment step: one counter of four.
      expect(await page.getByTestId('steps').getAttribute('data-steps')).toBe('card details confirm receipt');
      await e.shot('review-free');
      await page.getByTestId('confirm-submit').click();
      await page.waitForSelector('[data-testid="payment-outcome"][data-outcome="submitted"]', { timeout: 15_000 });
      await page.waitForSelector('[data-testid="ministry-reference"]', { timeout: 15_000 });
      await e.shot('submitted');
      const record = kiosk.world!.gateway.submissions().find((r) => JSON.stringify(r).includes('national-address'));
      expect(JSON.stringify(record)).toContain('55123456');
      expect(JSON.stringify(record)).toContain('ali@moi.qa');
      expect(e.violations).toEqual([]);
    });

    it(`pays for a police clearance certificate, priced by the catalog (${lang})`, async () => {
      e = await startE2eKiosk(`certificate-${lang}`);
      const { page, kiosk } = e;
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await kiosk.world!.lab.insertCard();
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      await openService(e, 'police-clearance-certificate');
      await page.waitForSelector(screen('form'));
      await page.getByTestId('option-purpose-employment').click();
      await e.shot('form-select');
      await page.getByTestId('form-next').click();
      await page.getByTestId('option-language-ar').click();
      await page.getByTestId('form-next').click();
      await page.waitForSelector(screen('confirm'));
      expect(stepOf(kiosk, 'confirm').amountCents).toBe(1_000);
      expect(await page.getByTestId('steps').getAttribute('data-steps')).toBe('card details confirm pay receipt');
      await e.shot('review-paid');
      await page.getByTestId('confirm-pay').click();
      await page.waitForSelector('[data-testid="payment-outcome"][data-outcome="approved"]', { timeout: 20_000 });
      await page.waitForSelector('[data-testid="receipt-state"][data-state="printed"]', { timeout: 15_000 });
      await e.shot('paid');
      expect(kiosk.world!.printer.receipts).toHaveLength(1);
      expect(e.violations).toEqual([]);
    });
  }

  for (const lang of ['ar', 'en'] as const) {
    it(`renews the residence permit of an employee the ministry lists as sponsored (${lang})`, async () => {
      e = await startE2eKiosk(`sponsored-${lang}`);
      const { page, kiosk } = e;
      await page.waitForSelector(screen('attract'));
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await kiosk.world!.lab.insertCard();
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      await page.getByTestId('service-renew-residence-permit').click();
      await page.waitForSelector(screen('beneficiary'));
      await e.shot('for-whom');
      const employee = stepOf(kiosk, 'beneficiary').beneficiaries.find((b) => b.relation === 'employee')!;
      await page.getByTestId(`beneficiary-${employee.id}`).click();
      await page.waitForSelector(screen('form'));
      await page.getByTestId('option-years-y2').click();
      await page.getByTestId('form-next').click();
      await page.getByTestId('option-delivery-post').click();
      await page.getByTestId('form-next').click();
      await page.waitForSelector(screen('confirm'));
      // Employee rate for two years plus delivery, from the catalog.
      expect(stepOf(kiosk, 'confirm').amountCents).toBe(200_000 + 2_000);
      // Every answer and the beneficiary are on the review, each with a way to change it.
      const review = page.getByTestId('review');
      expect(await page.getByTestId('confirm-beneficiary').textContent()).toContain(lang === 'ar' ? employee.nameAr : employee.nameEn);
      expect(await review.textContent()).toContain(lang === 'ar' ? 'المستفيد' : 'Beneficiary');
      expect(await page.getByTestId('answer-years').textContent()).toContain(lang === 'ar' ? 'سنتان' : '2 years');
      expect(await page.getByTestId('answer-delivery').textContent()).toContain(lang === 'ar' ? 'التوصيل بالبريد' : 'Delivery by post');
      expect(await page.getByTestId('change-beneficiary').count()).toBe(1);
      await e.shot('review');

      // Change one answer: the form opens at it and comes back to the review, repriced.
      await page.getByTestId('edit-delivery').click();
      await page.waitForSelector(screen('form'));
      await e.shot('review-change-answer');
      await page.getByTestId('option-delivery-pickup').click();
      await page.getByTestId('form-next').click();
      await page.waitForSelector(screen('confirm'));
      await page.getByTestId('answer-delivery').filter({ hasText: lang === 'ar' ? 'مركز الخدمة' : 'service centre' }).waitFor();
      expect(stepOf(kiosk, 'confirm').amountCents).toBe(200_000);
      await e.shot('review-changed');

      await page.getByTestId('confirm-pay').click();
      await page.waitForSelector('[data-testid="ministry-reference"]', { timeout: 20_000 });
      const record = kiosk.world!.gateway.submissions().find((r) => JSON.stringify(r).includes('renew-residence-permit'));
      expect(JSON.stringify(record)).toContain(employee.id);
      expect(JSON.stringify(record)).toContain('pickup');
      await e.shot('paid');
      await e.keepReceipt('receipt');
      expect(e.violations).toEqual([]);
    });
  }

  for (const lang of ['ar', 'en'] as const) {
    it(`shows traffic violations read-only (${lang})`, async () => {
      e = await startE2eKiosk(`violations-${lang}`);
      const { page, kiosk } = e;
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await kiosk.world!.lab.insertCard();
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      await openService(e, 'traffic-violations-inquiry');
      await page.waitForSelector(screen('fines'));
      expect(await page.getByTestId('fines-continue').count()).toBe(0);
      // Reading violations pays nothing: no review, payment or receipt steps.
      expect(await page.getByTestId('steps').getAttribute('data-steps')).toBe('card fines');
      await e.shot('violations');
      await page.getByTestId('finish').click();
      await page.waitForSelector(screen('goodbye'));
      expect(e.violations).toEqual([]);
    });
  }
});
