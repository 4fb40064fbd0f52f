import { describe, expect, it } from 'vitest';
import { stepOf, typePin } from './harness';
import { screen, TECHNICIAN_PIN, useTechnicianKiosk } from './technician-harness';

/**
 * The device settings page of a visit in the real UI, both languages: a technician picks another
 * printer speed, sees the printer waiting for a restart, restarts it from the page (the kiosk
 * keeps running, the printer on its pty comes back online), and the change and the restart are
 * in the audit log. Each step photographed for the gallery.
 */
const tech = useTechnicianKiosk();

describe('device settings in the browser', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`changes the printer speed, restarts the printer from the page, and audits both (${lang})`, async () => {
      const e = await tech.atPin(`technician-settings-${lang}`, lang);
      const { page, kiosk } = e;
      await typePin(e, TECHNICIAN_PIN);
      await page.waitForSelector(screen('diagnostics'), { timeout: 10_000 });
      await page.waitForSelector('[data-testid="device-printer"][data-status="online"]', { timeout: 15_000 });

      await page.getByTestId('tech-page-settings').click();
      await page.waitForSelector(screen('techSettings'));
      await page.waitForSelector('[data-testid="setting-printer-baud"][data-in-force="115200"]');
      await e.shot('settings');

      await page.getByTestId('setting-printer-baud-38400').click();
      await page.waitForSelector('[data-testid="settings-pending-printer"]');
      expect(await page.getByTestId('settings-last').textContent()).toBe(lang === 'ar' ? 'حُفِظ الإعداد' : 'Setting kept');
      await e.shot('settings-pending');

      await page.getByTestId('settings-restart-printer').click();
      await page.waitForSelector('[data-testid="settings-last"][data-result="done"]:not(:has-text("' + (lang === 'ar' ? 'حُفِظ' : 'kept') + '"))', { timeout: 20_000 });
      await page.waitForSelector('[data-testid="setting-printer-baud"][data-in-force="38400"]');
      expect(await page.locator('[data-testid="settings-pending-printer"]').count()).toBe(0);
      await e.shot('settings-restarted');
      // The printer came back on its link, in the same kiosk.
      await expect.poll(() => kiosk.devices.snapshot.printer.status, { timeout: 15_000 }).toBe('online');
      expect(stepOf(kiosk, 'techSettings').settings.pending).toEqual([]);

      await page.getByTestId('tech-page-devices').click();
      await page.waitForSelector(screen('diagnostics'));
      await page.getByTestId('tech-exit').click();
      await kiosk.world!.lab.removeCard();
      await page.waitForSelector(screen('attract'), { timeout: 15_000 });

      const actions = kiosk.audit.entries().map((a) => [a.action, a.detail] as const);
      expect(actions.filter(([a]) => a.startsWith('device-'))).toEqual([
        ['device-setting', { key: 'printer-baud', value: 38_400, result: 'done' }],
        ['device-restart', { device: 'printer', result: 'done' }],
      ]);
      expect(e.violations).toEqual([]);
    }, 120_000);
  }
});
