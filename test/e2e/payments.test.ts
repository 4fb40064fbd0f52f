import { afterEach, describe, expect, it } from 'vitest';
import { type E2eKiosk, startE2eKiosk } from './harness';

/**
 * Payment outcomes through the real UI, a ZVT terminal simulator on a pty and the payment
 * journal: a decline and a shopper who cancels. (Lost answers take the protocol's 180 s T4 to
 * notice; their recovery is proven in test/integration/payment, below the UI.)
 */
let e: E2eKiosk | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const screen = (id: string) => `[data-testid="screen-${id}"]`;

async function toConfirm(e: E2eKiosk, lang: 'ar' | 'en') {
  const { page, kiosk } = e;
  await page.waitForSelector(screen('attract'));
  if (lang === 'en') await page.getByTestId('lang-toggle').click();
  await kiosk.world!.lab.insertCard();
  await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
  await page.getByTestId('service-pay-traffic-fines').click();
  await page.waitForSelector(screen('fines'));
  await page.getByTestId('fines-continue').click();
  await page.waitForSelector(screen('confirm'));
}

describe('payment outcomes in the browser', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`shows a declined card, nothing recorded, then pays with another card without starting over (${lang})`, async () => {
      e = await startE2eKiosk(`declined-${lang}`);
      await toConfirm(e, lang);
      e.kiosk.world!.lab.setTerminalScenario('decline');
      await e.page.getByTestId('confirm-pay').click();
      await e.page.waitForSelector('[data-testid="payment-outcome"][data-outcome="declined"]', { timeout: 20_000 });
      await e.shot('declined');
      expect(e.kiosk.world!.gateway.submissions()).toHaveLength(0);

      // Another card: straight back to the review of the same fines, no card, PIN or choices again.
      e.kiosk.world!.lab.setTerminalScenario('approve');
      await e.page.getByTestId('pay-again').click();
      await e.page.waitForSelector(screen('confirm'));
      await e.shot('review-again');
      await e.page.getByTestId('confirm-pay').click();
      await e.page.waitForSelector('[data-testid="payment-outcome"][data-outcome="approved"]', { timeout: 20_000 });
      await e.page.waitForSelector('[data-testid="ministry-reference"]', { timeout: 20_000 });
      await e.shot('paid-with-another-card');
      expect(e.kiosk.world!.gateway.submissions()).toHaveLength(1);
      expect(e.violations).toEqual([]);
    });

    it(`lets the shopper cancel on the kiosk (${lang})`, async () => {
      e = await startE2eKiosk(`aborted-${lang}`);
      await toConfirm(e, lang);
      e.kiosk.world!.lab.setTerminalScenario('slow-status');
      await e.page.getByTestId('confirm-pay').click();
      await e.page.waitForSelector('[data-testid="terminal-prompt"]', { timeout: 10_000 });
      await e.page.getByTestId('cancel-payment').click();
      await e.page.waitForSelector('[data-testid="payment-outcome"][data-outcome="aborted"]', { timeout: 20_000 });
      // The shopper's own choice: told calmly, not shown as a failure, with the way back to paying.
      expect(await e.page.locator('.status-icon--error').count()).toBe(0);
      expect(await e.page.getByTestId('pay-again').count()).toBe(1);
      await e.shot('aborted');
      expect(e.kiosk.world!.gateway.submissions()).toHaveLength(0);
      await e.page.getByTestId('pay-again').click();
      await e.page.waitForSelector(screen('confirm'));
      expect(e.violations).toEqual([]);
    });
  }

});
