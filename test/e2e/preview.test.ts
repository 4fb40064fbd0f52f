import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenOf } from '../../main/contract';
import { loadSettings } from '../../main/config';
import { silentLogger } from '../../main/core/log';
import { type Preview, startPreview } from '../../main/dev/preview';

/**
 * The dev preview in a real browser: the hot-reloading renderer from Vite, the real session over
 * fakes behind the browser host's WebSocket (through Vite's proxy). No screenshots: the gallery
 * shows the kiosk as `npm start` runs it.
 */
let preview: Preview;
let browser: Browser;

beforeAll(async () => {
  preview = await startPreview({ port: 0, log: silentLogger });
  browser = await chromium.launch({
    executablePath: loadSettings().host.chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await preview?.close();
});

describe('dev preview', () => {
  it('opens any screen of the real session, and the taps drive it on', async () => {
    const page = await browser.newPage({ viewport: { width: 1080, height: 1920 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
    await page.goto(new URL('preview/fines?lang=en', preview.url).href);
    await page.waitForSelector('[data-testid="screen-fines"]', { timeout: 30_000 });
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    // The token went into the page's URL fragment and out of it again.
    expect(page.url()).not.toContain('token');
    await page.getByTestId('fine-PV-201').click();
    await page.waitForSelector('[data-testid="fines-total"]:has-text("500.00")');
    await page.getByTestId('fines-continue').click();
    await page.waitForSelector('[data-testid="screen-confirm"]');
    expect(screenOf(preview.kiosk.session.snapshot)).toBe('confirm');

    await page.goto(new URL('preview/result?outcome=declined', preview.url).href);
    await page.waitForSelector('[data-testid="payment-outcome"][data-outcome="declined"]');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(errors).toEqual([]);
  });

  it('answers a screen it does not know with the list of those it does', async () => {
    const res = await fetch(new URL('preview/nowhere', preview.url));
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('attract, reading, pin');
  });
});
