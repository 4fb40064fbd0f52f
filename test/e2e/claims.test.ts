import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_QID, demoClaims, demoSponsoredPeople } from '../../gateway';
import { type E2eKiosk, openService, startE2eKiosk, stepOf } from './harness';

/**
 * Paying financial claims (services.md #40) through every real layer: the claims inquiry to the
 * gateway simulator, the fines' screen with each claim's kind, department and (for one a kiosk
 * does not take) where to pay it, the shopper's selection, the amount main computed, the terminal,
 * the outbox, the gateway's own record and the receipt; then "my requests" paying the family
 * member's ID card fee, whose request goes on to review. In both languages, with screenshots.
 */
let e: E2eKiosk | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const screen = (id: string) => `[data-testid="screen-${id}"]`;

/** Ends the session as a shopper does and starts another on "my requests", in the same language. */
async function toRequests(e: E2eKiosk, lang: 'ar' | 'en'): Promise<void> {
  const { page, kiosk } = e;
  await page.getByTestId('finish').click();
  await page.waitForSelector(screen('goodbye'));
  await kiosk.world!.lab.removeCard();
  await page.waitForSelector(screen('attract'), { timeout: 10_000 });
  await kiosk.world!.lab.insertCard();
  await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
  if (kiosk.session.snapshot.lang !== lang) await page.getByTestId('lang-toggle').click();
  await page.waitForSelector(`html[lang="${lang}"]`);
  await page.getByTestId('my-requests').click();
  await page.waitForSelector(screen('requests'), { timeout: 10_000 });
}

async function pay(e: E2eKiosk): Promise<void> {
  await e.page.getByTestId('confirm-pay').click();
  await e.page.waitForSelector('[data-testid="payment-outcome"][data-outcome="approved"]', { timeout: 20_000 });
  await e.page.waitForSelector('[data-testid="receipt-state"][data-state="printed"]', { timeout: 15_000 });
  await e.page.waitForSelector('[data-testid="ministry-reference"]', { timeout: 15_000 });
}

describe('financial claims in the browser', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`lists the claims, pays the ones chosen, says where to pay the one a kiosk does not take, and pays a family member's fee from my requests (${lang})`, async () => {
      e = await startE2eKiosk(`claims-${lang}`);
      const { page, kiosk } = e;
      const world = kiosk.world!;
      const [employee, family] = demoSponsoredPeople(DEMO_QID);
      const [ticket, licence, registration] = demoClaims(DEMO_QID, undefined)!;
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await world.lab.insertCard();
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      await openService(e, 'pay-financial-claims');
      await page.waitForSelector(screen('beneficiary'));
      await e.shot('for-whom');

      // The employee owes nothing: a clear answer, and the list stays to choose someone else.
      await page.getByTestId(`beneficiary-${employee!.id}`).click();
      await page.waitForSelector('[data-testid="notice"][data-code="no-claims"]');
      expect(await page.getByTestId('notice').innerText()).toContain(lang === 'ar' ? 'لا توجد في سجلات الوزارة مطالبات مالية مستحقة السداد على هذا الشخص' : 'The ministry lists no financial claims to pay for this person');
      await e.shot('no-claims');

      await page.getByTestId('beneficiary-self').click();
      await page.waitForSelector(screen('fines'));
      await page.getByTestId(`fine-${ticket!.id}`).waitFor();
      const listed = stepOf(kiosk, 'fines');
      // Every claim a kiosk takes is selected; the ticket is listed with where to pay it.
      expect(listed).toMatchObject({ flow: 'claims', selectedFineIds: [licence!.id, registration!.id], amountCents: licence!.amountCents + registration!.amountCents });
      expect(await page.locator('h1').innerText()).toBe(lang === 'ar' ? 'المطالبات المالية' : 'Financial claims');
      const ticketItem = page.getByTestId(`fine-${ticket!.id}`);
      expect(await ticketItem.isDisabled()).toBe(true);
      expect(await ticketItem.getByTestId('claim-elsewhere').innerText()).toBe(
        lang === 'ar' ? 'لا يمكن سدادها من هذا الجهاز، ويمكن سدادها في أحد مراكز الخدمة' : 'It cannot be paid at this kiosk; pay it at a service centre',
      );
      expect(await ticketItem.innerText()).toContain(lang === 'ar' ? 'الإدارة العامة لأمن السواحل والحدود' : 'General Directorate of Coasts and Borders Security');
      expect(await page.getByTestId(`fine-${licence!.id}`).getByTestId('claim-kind').innerText()).toBe(lang === 'ar' ? 'غرامة' : 'Fine');
      expect(await page.getByTestId('steps').getAttribute('data-steps')).toBe('card details claims confirm pay receipt');
      await e.shot('claims');

      // The shopper unticks one; main reprices.
      await page.getByTestId(`fine-${licence!.id}`).click();
      await page.getByTestId('fines-total').filter({ hasText: '100.00' }).waitFor();
      expect(stepOf(kiosk, 'fines').selectedFineIds).toEqual([registration!.id]);
      await page.getByTestId('fines-continue').click();
      await page.waitForSelector(screen('confirm'));
      expect(stepOf(kiosk, 'confirm')).toMatchObject({ flow: 'claims', amountCents: registration!.amountCents, fineCount: 1 });
      expect(await page.getByTestId('fee-lines').innerText()).toContain(lang === 'ar' ? 'غرامة التأخر في تجديد استمارة المركبة' : 'Late renewal of the vehicle registration');
      await e.shot('review');
      await pay(e);
      await e.shot('paid');
      await e.keepReceipt('receipt');
      const own = world.gateway.submissions().find((r) => r.serviceId === 'pay-financial-claims')!;
      expect(own.request).toMatchObject({ payload: { claimIds: [registration!.id] }, payment: { amountCents: registration!.amountCents } });
      expect(world.gateway.claimsPaid(DEMO_QID)).toEqual([registration!.id]);

      // From "my requests": the family member's ID card fee, paid here; the request goes on to review.
      await toRequests(e, lang);
      const [fee] = demoClaims(DEMO_QID, family!.id)!;
      const maryam = page.getByTestId(`requests-of-${family!.id}`);
      await maryam.getByTestId(`pay-${fee!.ministryRef}`).scrollIntoViewIfNeeded();
      expect(await maryam.getByTestId(`pay-${fee!.ministryRef}`).innerText()).toContain('100.00');
      await e.shot('requests-fee');
      await maryam.getByTestId(`pay-${fee!.ministryRef}`).click();
      await page.waitForSelector(screen('fines'));
      await page.getByTestId(`fine-${fee!.id}`).waitFor();
      expect(stepOf(kiosk, 'fines')).toMatchObject({ flow: 'claims', beneficiary: { id: family!.id }, selectedFineIds: [fee!.id], amountCents: 100_00 });
      expect(await page.getByTestId('claims-for').innerText()).toContain(lang === 'ar' ? 'مريم الكواري' : 'Maryam Al-Kuwari');
      await e.shot('family-fee');
      await page.getByTestId('fines-continue').click();
      await page.waitForSelector(screen('confirm'));
      await pay(e);
      const paid = world.gateway.submissions().filter((r) => r.serviceId === 'pay-financial-claims');
      expect(paid).toHaveLength(2);
      expect(paid[1]!.request.payload).toEqual({ claimIds: [fee!.id], beneficiaryId: family!.id });
      await toRequests(e, lang);
      const card = stepOf(kiosk, 'requests').people.find((p) => p.id === family!.id)!.requests.find((r) => r.reference === fee!.ministryRef)!;
      expect(card.history.at(-1)!.status).toBe('in-review');
      expect(card.action).toBeUndefined();
      await page.getByTestId(`request-${fee!.ministryRef}`).scrollIntoViewIfNeeded();
      await e.shot('requests-fee-paid');
      expect(e.violations).toEqual([]);
    });
  }

  it('needs the ministry live: with the gateway down the service is greyed out, as fines are', async () => {
    e = await startE2eKiosk('claims-offline');
    const { page, kiosk } = e;
    kiosk.world!.gateway.setDown(true);
    await page.waitForSelector('[data-testid="status-offline"]', { timeout: 10_000 });
    await kiosk.world!.lab.insertCard();
    await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
    const services = stepOf(kiosk, 'welcome').services;
    for (const id of ['pay-financial-claims', 'pay-traffic-fines']) expect(services.find((s) => s.id === id), id).toMatchObject({ available: false, unavailableReason: 'needs-network' });
  });
});
