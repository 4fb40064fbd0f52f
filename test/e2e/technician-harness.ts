import { afterEach, beforeAll } from 'vitest';
import { hashPin } from '../../main/config/pin-hash';
import { type E2eKiosk, startE2eKiosk } from './harness';

/** The technician's PIN these kiosks are configured with (only its hash is in their settings). */
export const TECHNICIAN_PIN = '246810';

export const screen = (id: string) => `[data-testid="screen-${id}"]`;

/**
 * Technician visits in the browser: a kiosk that knows the technician's PIN, started in the
 * language asked for with the technician's card just inserted, closed after each test. Call
 * once at the top of a test file.
 */
export function useTechnicianKiosk(): { atPin(name: string, lang: 'ar' | 'en', door?: { maxTries: number; lockoutMs: number }): Promise<E2eKiosk> } {
  let pinHash = '';
  beforeAll(async () => {
    pinHash = await hashPin(TECHNICIAN_PIN);
  });
  let open: E2eKiosk | undefined;
  afterEach(async () => {
    await open?.close();
    open = undefined;
  });
  return {
    async atPin(name, lang, door = { maxTries: 3, lockoutMs: 60_000 }) {
      open = await startE2eKiosk(name, { technician: { pinHash, ...door } });
      const { page, kiosk } = open;
      await page.waitForSelector(screen('attract'));
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await kiosk.world!.lab.insertCard(undefined, 'technician');
      await page.waitForSelector(screen('technicianPin'), { timeout: 10_000 });
      return open;
    },
  };
}
