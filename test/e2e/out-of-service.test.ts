import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait';
import { type E2eKiosk, startE2eKiosk, stepOf } from './harness';

/**
 * The automatic out-of-service rules through the real UI (main/core/availability.ts): a terminal
 * whose cable is pulled (its pty pair goes away) leaves only the free services on the list; a
 * printer out of paper keeps the paid ones, and the shopper is told on the review screen, before
 * paying, that the receipt will be shown on screen, where it then is, with its QR code.
 */
let e: E2eKiosk | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const screen = (id: string) => `[data-testid="screen-${id}"]`;

async function atAttract(e: E2eKiosk, lang: 'ar' | 'en') {
  await e.page.waitForSelector(screen('attract'));
  if (lang === 'en') await e.page.getByTestId('lang-toggle').click();
}

describe('out-of-service rules in the browser', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`no terminal: only free services are offered, and the screen says why (${lang})`, async () => {
      e = await startE2eKiosk(`no-terminal-${lang}`);
      const { page, kiosk } = e;
      await atAttract(e, lang);
      await waitFor(() => kiosk.devices.snapshot.terminal.status === 'online', { what: 'the terminal to be ready', on: (l) => kiosk.devices.onChange(l), timeoutMs: 15_000 });
      await kiosk.world!.unplugTerminal();
      await waitFor(() => kiosk.devices.snapshot.terminal.status === 'offline', { what: 'the terminal to be seen unplugged', on: (l) => kiosk.devices.onChange(l), timeoutMs: 10_000 });
      await kiosk.world!.lab.insertCard();
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      await page.waitForSelector('[data-testid="status-paid-unavailable"]');
      await e.shot('free-only');
      const listed = stepOf(kiosk, 'welcome').services.map((s) => s.id);
      expect(listed).toContain('national-address');
      expect(listed).toContain('object-to-violation');
      for (const paid of ['pay-traffic-fines', 'renew-driving-licence', 'police-clearance-certificate']) expect(listed).not.toContain(paid);
      // Nor does the menu show them: not among the most used; a category of paid ones only is left
      // with what is served elsewhere (it says where to go), never a service of this kiosk.
      expect(await page.locator('[data-testid="service-pay-traffic-fines"]').count()).toBe(0);
      const paidOnly = stepOf(kiosk, 'welcome').services.filter((s) => s.category === 'licences' || s.category === 'certificates');
      expect(paidOnly.every((s) => s.unavailableReason === 'elsewhere' && !s.available)).toBe(true);
      // A free request still goes all the way: recorded and delivered.
      await page.getByTestId('service-national-address').click();
      await page.waitForSelector(screen('form'));
      expect(kiosk.session.snapshot.offer).toEqual({ inService: true, paid: false, receipt: 'paper' });
      expect(e.violations).toEqual([]);
    });

    it(`no printer: told before paying that the receipt will be on screen, then shown there (${lang})`, async () => {
      e = await startE2eKiosk(`no-printer-${lang}`);
      const { page, kiosk } = e;
      await atAttract(e, lang);
      kiosk.world!.lab.setPrinterPaperOut(true);
      await waitFor(() => kiosk.devices.snapshot.printer.paper === 'out', { what: 'the printer to say paper out', on: (l) => kiosk.devices.onChange(l), timeoutMs: 10_000 });
      await kiosk.world!.lab.insertCard();
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      await page.getByTestId('service-pay-traffic-fines').click();
      await page.waitForSelector(screen('fines'));
      await page.getByTestId('fines-continue').click();
      await page.waitForSelector(screen('confirm'));
      await page.waitForSelector('[data-testid="status-receipt-on-screen"]');
      await e.shot('receipt-on-screen-before-paying');
      await page.getByTestId('confirm-pay').click();
      await page.waitForSelector('[data-testid="payment-outcome"][data-outcome="approved"]', { timeout: 20_000 });
      await page.waitForSelector('[data-testid="reference-qr"]', { timeout: 15_000 });
      await e.shot('receipt-on-screen');
      expect(await page.getByTestId('reference').textContent()).toMatch(/^K01-\d{8}-\d{6}$/);
      expect(kiosk.world!.printer.lastReceipt).toBeUndefined();
      expect(e.violations).toEqual([]);
    });
  }
});
