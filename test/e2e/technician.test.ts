import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../main/config/pin-hash';
import { type E2eKiosk, noShopper, startE2eKiosk, stepOf, typePin } from './harness';

/**
 * A technician's whole visit through the real UI, a real virtual technician card on pcscd, the
 * simulated printer and terminal on ptys and the gateway simulator: the PIN (wrong, then right;
 * and a lockout), every self-test, out of service on and off, and the way back to the attract
 * screen, in both languages, each step photographed for the gallery.
 */
const PIN = '246810';
let pinHash: string;
beforeAll(async () => {
  pinHash = await hashPin(PIN);
});

let e: E2eKiosk | undefined;
afterEach(async () => {
  await e?.close();
  e = undefined;
});

const screen = (id: string) => `[data-testid="screen-${id}"]`;

async function runTest(e: E2eKiosk, test: string, confirm?: boolean) {
  await e.page.getByTestId(`run-${test}`).click();
  if (confirm !== undefined) {
    await e.page.waitForSelector(`[data-testid="confirm-${test}"]`);
    await e.shot(`confirm-${test}`);
    await e.page.getByTestId(confirm ? 'confirm-yes' : 'confirm-no').click();
  }
  await e.page.waitForSelector(`[data-testid="test-${test}"][data-state="passed"], [data-testid="test-${test}"][data-state="failed"]`, { timeout: 30_000 });
  return e.page.getByTestId(`test-${test}`).getAttribute('data-state');
}

describe('a technician visit in the browser', () => {
  for (const lang of ['ar', 'en'] as const) {
    it(`enters with card and PIN, runs every self-test, takes the kiosk out of service and back, and leaves (${lang})`, async () => {
      e = await startE2eKiosk(`technician-visit-${lang}`, { technician: { pinHash, maxTries: 3, lockoutMs: 60_000 } });
      const { page, kiosk } = e;
      await page.waitForSelector(screen('attract'));
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await kiosk.world!.lab.insertCard(undefined, 'technician');
      await page.waitForSelector(screen('technicianPin'), { timeout: 10_000 });
      await e.shot('pin');
      expect(noShopper(kiosk) || kiosk.session.snapshot.mode.kind === 'technician').toBe(true);

      await typePin(e, '111111');
      await page.waitForSelector('[data-testid="pin-wrong"]', { timeout: 10_000 });
      expect(await page.getByTestId('pin-wrong').textContent()).toContain(lang === 'ar' ? 'تبقَّت محاولتان' : '2 tries left');
      await e.shot('pin-wrong');
      // The door refuses a second try within a second of a wrong one: wait as a person would.
      await page.waitForTimeout(1100);
      await typePin(e, PIN);
      await page.waitForSelector(screen('diagnostics'), { timeout: 10_000 });
      await page.waitForSelector('[data-testid="device-cardReader"][data-status="online"]');
      await e.shot('diagnostics');
      expect(stepOf(kiosk, 'diagnostics').devices.terminal.status).toBe('online');

      expect(await runTest(e, 'card')).toBe('passed');
      expect(await page.getByTestId('test-card-idNumberMasked').textContent()).toContain('290');
      expect(await runTest(e, 'printer')).toBe('passed');
      expect(await page.getByTestId('test-printer-paperAfter').textContent()).toContain(lang === 'ar' ? 'متوفر' : 'OK');
      expect(await runTest(e, 'terminal')).toBe('passed');
      expect(await runTest(e, 'endOfDay', true)).toBe('passed');
      expect(await runTest(e, 'gateway')).toBe('passed');
      expect(await runTest(e, 'audio', true)).toBe('passed');
      await e.shot('self-tests');

      await page.getByTestId('tech-oos-on').click();
      await page.waitForSelector('[data-testid="tech-oos-off"]');
      await e.shot('out-of-service-on');
      await page.getByTestId('tech-exit').click();
      await page.waitForSelector(screen('outOfService'), { timeout: 15_000 });
      await kiosk.world!.lab.removeCard();
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await e.shot('out-of-service');
      // A shopper's card while out of service: nothing opens, nothing of theirs is shown.
      await kiosk.world!.lab.insertCard();
      await page.waitForTimeout(1500);
      expect(await page.locator(screen('outOfService')).count()).toBe(1);
      expect(kiosk.session.snapshot.mode.kind).toBe('outOfService');
      await kiosk.world!.lab.removeCard();

      await kiosk.world!.lab.insertCard(undefined, 'technician');
      await page.waitForSelector(screen('technicianPin'), { timeout: 10_000 });
      await typePin(e, PIN);
      await page.waitForSelector('[data-testid="tech-oos-off"]', { timeout: 10_000 });
      await page.getByTestId('tech-oos-off').click();
      await page.waitForSelector('[data-testid="tech-oos-on"]');
      await kiosk.world!.lab.removeCard();
      await page.waitForSelector('[data-testid="notice"][data-code="back-in-service"]', { timeout: 15_000 });
      await page.waitForSelector(screen('attract'));
      await e.shot('back-in-service');

      const audit = kiosk.audit;
      expect(audit.verify().ok).toBe(true);
      const actions = audit.entries().map((a) => a.action);
      expect(actions).toEqual([
        'technician-card', 'pin-wrong', 'enter', 'selftest', 'selftest', 'selftest', 'selftest', 'selftest', 'selftest', 'out-of-service-on', 'exit',
        'technician-card', 'enter', 'out-of-service-off', 'exit',
      ]);
      expect(audit.entries().every((a) => a.actor === '290••••••77')).toBe(true);
      expect(e.violations).toEqual([]);
    }, 120_000);
  }

  for (const lang of ['ar', 'en'] as const) {
    it(`locks the technician door after the last wrong PIN (${lang})`, async () => {
      e = await startE2eKiosk(`technician-lockout-${lang}`, { technician: { pinHash, maxTries: 2, lockoutMs: 600_000 } });
      const { page, kiosk } = e;
      if (lang === 'en') await page.getByTestId('lang-toggle').click();
      await kiosk.world!.lab.insertCard(undefined, 'technician');
      await page.waitForSelector(screen('technicianPin'), { timeout: 10_000 });
      await typePin(e, '111111');
      await page.waitForSelector('[data-testid="pin-wrong"]', { timeout: 10_000 });
      await page.waitForTimeout(1100);
      await typePin(e, '222222');
      await page.waitForSelector('[data-testid="tech-locked"]', { timeout: 10_000 });
      expect(await page.locator('[data-testid="pin-submit"]').count()).toBe(0);
      await e.shot('locked');
      await kiosk.world!.lab.removeCard();
      await page.waitForSelector(screen('attract'), { timeout: 10_000 });
      expect(noShopper(kiosk)).toBe(true);
      expect(e.violations).toEqual([]);
    }, 60_000);
  }
});
