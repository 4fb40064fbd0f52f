import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type E2eKiosk, noShopper, openService, startE2eKiosk, stepOf } from './harness';

/**
 * The walking skeleton's whole session, through every real layer: virtual card on pcscd, the
 * React UI in Chromium over the browser host, ZVT on a pty, SQLite outbox, HTTP gateway, ESC/POS
 * printer simulator. Once per language, with a screenshot of every screen.
 */
let e: E2eKiosk | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const screen = (id: string) => `[data-testid="screen-${id}"]`;

for (const lang of ['ar', 'en'] as const) {
  describe(`shopper session (${lang})`, () => {
    it('pays traffic fines from card insert to card removal', async () => {
      e = await startE2eKiosk(lang);
      const { page, kiosk } = e;
      const world = kiosk.world!;

      await page.waitForSelector(screen('attract'));
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await page.waitForSelector(`html[lang="${lang}"]`);
      expect(await page.locator('html').getAttribute('dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
      await e.shot('attract');

      await world.lab.insertCard();
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      const welcome = await page.textContent(screen('welcome'));
      expect(welcome).toContain(lang === 'ar' ? 'أحمد' : 'Ahmed');
      expect(welcome).not.toContain('28463400123');
      await e.shot('welcome');

      await page.getByTestId('service-pay-traffic-fines').click();
      await page.waitForSelector(screen('fines'));
      expect(await page.locator('[data-testid^="fine-"]').count()).toBeGreaterThan(0);
      await e.shot('fines');

      await page.getByTestId('fines-continue').click();
      await page.waitForSelector(screen('confirm'));
      const amount = stepOf(kiosk, 'confirm').amountCents;
      expect(amount).toBeGreaterThan(0);
      await e.shot('confirm');

      await page.getByTestId('confirm-pay').click();
      await page.waitForSelector(screen('paying'));
      await e.shot('paying');

      await page.waitForSelector(screen('result'), { timeout: 20_000 });
      await page.waitForSelector('[data-testid="payment-outcome"][data-outcome="approved"]');
      const localRef = (await page.getByTestId('reference').textContent())?.trim();
      expect(localRef).toMatch(/K01-\d{8}-\d{6}/);
      await page.waitForSelector('[data-testid="receipt-state"][data-state="printed"]', { timeout: 15_000 });
      await page.waitForSelector('[data-testid="ministry-reference"]', { timeout: 15_000 });
      await e.shot('result');

      // The gateway's own record is the judge: exactly one submission, for what was paid.
      const records = world.gateway.submissions();
      expect(records).toHaveLength(1);
      expect(JSON.stringify(records[0])).toContain(localRef!);
      // The printer simulator rendered what a real printer would have printed.
      expect(world.printer.receipts).toHaveLength(1);
      expect(existsSync(world.printer.receipts[0]!.path)).toBe(true);

      await page.getByTestId('finish').click();
      await page.waitForSelector(screen('goodbye'));
      await e.shot('goodbye');
      await world.lab.removeCard();
      await page.waitForSelector(screen('attract'), { timeout: 10_000 });
      expect(noShopper(kiosk)).toBe(true);
      expect(e.violations).toEqual([]);
    });
  });
}

describe('gateway down', () => {
  it('queues the paid submission and delivers it when the gateway returns', async () => {
    e = await startE2eKiosk('offline');
    const { page, kiosk } = e;
    const world = kiosk.world!;
    await world.lab.insertCard();
    await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
    await page.getByTestId('service-pay-traffic-fines').click();
    await page.waitForSelector(screen('fines'));
    await page.getByTestId('fines-continue').click();
    await page.waitForSelector(screen('confirm'));
    world.gateway.setDown(true);
    await page.getByTestId('confirm-pay').click();
    await page.waitForSelector('[data-testid="payment-outcome"][data-outcome="approved"]', { timeout: 20_000 });
    await page.waitForSelector('[data-testid="receipt-state"][data-state="printed"]', { timeout: 15_000 });
    expect(kiosk.outbox.stats().queued + kiosk.outbox.stats().sending).toBe(1);
    expect(await page.getByTestId('ministry-reference').count()).toBe(0);
    await page.waitForSelector('[data-testid="status-offline"]', { timeout: 10_000 });
    await e.shot('result-queued');
    world.gateway.setDown(false);
    await page.waitForSelector('[data-testid="ministry-reference"]', { timeout: 20_000 });
    expect(world.gateway.submissions()).toHaveLength(1);
    await e.shot('result-delivered');
    expect(e.violations).toEqual([]);
  });
});

describe('printer out of paper', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`keeps the reference and QR on screen, then reprints the same receipt once paper is back (${lang})`, async () => {
      e = await startE2eKiosk(`paper-${lang}`);
      const { page, kiosk } = e;
      const world = kiosk.world!;
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await world.lab.insertCard();
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      await openService(e, 'police-clearance-certificate');
      await page.getByTestId('option-purpose-travel').click();
      await page.getByTestId('form-next').click();
      await page.getByTestId('option-language-en').click();
      await page.getByTestId('form-next').click();
      await page.waitForSelector(screen('confirm'));
      world.lab.setPrinterPaperOut(true);
      await page.getByTestId('confirm-pay').click();
      await page.waitForSelector('[data-testid="receipt-state"][data-state="failed"]', { timeout: 20_000 });
      await page.waitForSelector('[data-testid="reference-qr"]');
      expect(await page.getByTestId('reprint').isDisabled()).toBe(true);
      await e.shot('receipt-failed');
      world.lab.setPrinterPaperOut(false);
      await page.waitForSelector('[data-testid="reprint"]:not([disabled])', { timeout: 15_000 });
      await page.getByTestId('reprint').click();
      await page.waitForSelector('[data-testid="receipt-state"][data-state="printed"]', { timeout: 15_000 });
      await e.shot('reprinted');
      expect(world.printer.receipts.filter((r) => !r.path.includes('torn'))).toHaveLength(1);
      expect(e.violations).toEqual([]);
    });
  }
});
