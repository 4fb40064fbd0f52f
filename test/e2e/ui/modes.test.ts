import { afterEach, describe, expect, it } from 'vitest';
import { CLIP_KEYS, clipUrl } from '../../../renderer/src/audio/clips';
import { type E2eKiosk, openService, startE2eKiosk } from '../harness';

/**
 * The accessibility modes and the on-screen keyboard in the real kiosk: Chromium through the
 * browser host, card on pcscd's e2e slot. A shopper turns on high contrast, larger text and
 * audio on the attract screen, keeps them through the session (axe-core on every screen, so
 * the high-contrast palette is checked for contrast too), types on the keyboard with touch, and
 * the next shopper starts from the defaults.
 */
let e: E2eKiosk | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const screen = (id: string) => `[data-testid="screen-${id}"]`;

for (const lang of ['ar', 'en'] as const) {
  describe(`accessibility modes (${lang})`, () => {
    it('carry through a session, pass axe-core, play the step clip, and reset for the next shopper', async () => {
      e = await startE2eKiosk(`modes-${lang}`);
      const { page, kiosk } = e;
      const world = kiosk.world!;
      const audio: { url: string; status: number; type: string }[] = [];
      page.on('response', (r) => {
        if (r.url().includes('/audio/')) audio.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] ?? '' });
      });

      /** Every key is a touch target of at least 64 by 64 CSS pixels, and nothing runs off screen. */
      const expectTouchSized = async (): Promise<void> => {
        const keys = await page.locator('.kb-key').evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => [r.width, r.height]));
        expect(keys.length).toBeGreaterThanOrEqual(12);
        for (const [w, h] of keys) expect(Math.min(w!, h!)).toBeGreaterThanOrEqual(64);
        // A string: evaluated over the DevTools protocol, and the test's tsconfig has no DOM types.
        expect(await page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
      };

      await page.waitForSelector(screen('attract'));
      if (lang === 'en') await page.getByTestId('lang-toggle').tap();
      await page.waitForSelector(`html[lang="${lang}"]`);
      await page.getByTestId('a11y-highContrast').tap();
      await page.getByTestId('a11y-largeText').tap();
      await page.waitForSelector('html.a11y-high-contrast.a11y-large-text');
      await e.shot('attract-contrast-large');

      await world.lab.insertCard();
      await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
      expect(await page.locator('html').getAttribute('class')).toContain('a11y-high-contrast');
      await page.getByTestId('a11y-audio').tap();
      await expect.poll(() => audio.map((a) => a.url.replace(/^.*\/audio\//, '')), { timeout: 5_000 }).toContain(`${lang}/welcome.choose.ogg`);
      expect(audio.every((a) => a.status === 200 && a.type === 'audio/ogg')).toBe(true);
      // Chromium decodes every clip of this language (Opus in Ogg), under the page's CSP.
      const durations = await page.evaluate<number[]>(`Promise.all(${JSON.stringify(CLIP_KEYS.map((k) => clipUrl(k, lang)))}.map((url) =>
        new Promise((resolve) => {
          const a = new Audio(url);
          // The host sends no byte ranges, so Chromium may report an unknown (infinite) length.
          a.onloadedmetadata = () => resolve(a.duration);
          a.onerror = () => resolve(-1);
        })))`);
      expect(durations.length).toBe(CLIP_KEYS.length);
      for (const d of durations) expect(d).toBeGreaterThan(0.3);
      await e.shot('welcome-contrast-large');

      await page.getByTestId('service-national-address').tap();
      await page.waitForSelector(screen('form'));
      // Every key is a touch target of at least 64 by 64 CSS pixels, and nothing runs off screen.
      await expectTouchSized();
      const toggles = await page.locator('.a11y-toggle').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().height));
      for (const h of toggles) expect(h).toBeGreaterThanOrEqual(64);
      for (const d of ['4', '2']) await page.getByTestId(`field-zone-kb-key-${d}`).tap();
      expect(await page.getByTestId('field-zone').inputValue()).toBe('42');
      expect(await page.getByTestId('field-zone').getAttribute('inputmode')).toBe('none');
      await e.shot('form-contrast-large');

      await page.getByTestId('form-back').tap();
      await page.waitForSelector(screen('welcome'));

      // A Latin-only field opens the English layout and offers no Arabic one (issue 15): what it
      // would type is refused anyway.
      await openService(e, 'object-to-violation', 'tap');
      await page.waitForSelector('[data-testid="field-violationNumber-kb"][data-layout="en"]');
      for (const id of ['shift', 'key-V', 'key-1']) await page.getByTestId(`field-violationNumber-kb-${id}`).tap();
      expect(await page.getByTestId('field-violationNumber').inputValue()).toBe('V1');
      await expectTouchSized();
      await e.shot('form-text-english-layout');
      expect(await page.getByTestId('field-violationNumber-kb-switch-layout').count()).toBe(0);
      await page.getByTestId('form-back').tap();
      await page.waitForSelector(screen('welcome'));
      await world.lab.removeCard();
      await page.waitForSelector(screen('attract'), { timeout: 10_000 });
      await page.waitForSelector('html:not(.a11y-high-contrast)', { state: 'attached' });
      expect(await page.locator('html').getAttribute('class')).not.toMatch(/a11y-/);
      for (const id of ['a11y-highContrast', 'a11y-largeText', 'a11y-audio']) {
        expect(await page.getByTestId(id).getAttribute('aria-pressed')).toBe('false');
      }
      await e.shot('attract-after-reset');
      expect(e.violations).toEqual([]);
    });
  });
}

describe('high contrast through a payment', () => {
  it('keeps every payment screen readable (axe-core contrast on the black, white and yellow palette)', async () => {
    e = await startE2eKiosk('contrast-pay');
    const { page, kiosk } = e;
    await page.waitForSelector(screen('attract'));
    await page.getByTestId('a11y-highContrast').tap();
    await kiosk.world!.lab.insertCard();
    await page.waitForSelector(screen('welcome'), { timeout: 10_000 });
    await e.shot('welcome');
    // A chosen option in a form is yellow with black text, not only a thicker border.
    await openService(e, 'police-clearance-certificate', 'tap');
    await page.waitForSelector(screen('form'));
    await page.getByTestId('option-purpose-employment').tap();
    await page.waitForSelector('.choice--selected');
    await e.shot('form-choice');
    await page.getByTestId('form-back').tap();
    await page.waitForSelector(screen('welcome'));
    await openService(e, 'pay-traffic-fines', 'tap');
    await page.waitForSelector(screen('fines'));
    await e.shot('fines');
    await page.getByTestId('fines-continue').tap();
    await page.waitForSelector(screen('confirm'));
    await e.shot('confirm');
    await page.getByTestId('confirm-pay').tap();
    await page.waitForSelector('[data-testid="terminal-prompt"]', { timeout: 10_000 });
    await e.shot('paying');
    await page.waitForSelector('[data-testid="receipt-state"][data-state="printed"]', { timeout: 20_000 });
    await e.shot('result');
    await page.getByTestId('finish').tap();
    await page.waitForSelector(screen('goodbye'));
    await e.shot('goodbye');
    expect(await page.locator('html').getAttribute('class')).toContain('a11y-high-contrast');
    expect(e.violations).toEqual([]);
  });
});
