import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleStore } from '../../main/config/bundle/store';
import { trustRoot } from '../../main/config/tuf/client';
import { goodBundle, NEW_SERVICE_ID } from '../fixtures/config/bundles';
import { startTestRepository, type TestRepository } from '../support/config-repo';
import { waitFor } from '../support/wait';
import { type E2eKiosk, openService, startE2eKiosk, stepOf } from './harness';

/**
 * Issue 12's promise to the shopper, in Chromium over the browser host: ops publish a catalog
 * change (a new service, a fee change, an Arabic text change) to a repository served by nginx
 * while a shopper is mid-session. The kiosk verifies and stages it at once, but that shopper
 * keeps the services, fees and texts they were shown, in Arabic and in English; the next
 * shopper gets the new ones, in both languages. One kiosk, two sessions.
 */
const SUBTITLE = { ar: 'اختر الخدمة التي تحتاج إليها', en: 'Choose the service you need' };
const SHIPPED_SUBTITLE = { ar: 'اختر الخدمة', en: 'Choose a service' };
const BOAT = { ar: 'تجديد رخصة القارب', en: 'Renew a boat licence' };

let t: TestRepository;
let e: E2eKiosk;
const screen = (id: string) => `[data-testid="screen-${id}"]`;

beforeAll(async () => {
  t = await startTestRepository();
  // The repository's first publication signs the root the kiosk is installed with; the kiosk
  // does not poll before the test asks, so it starts on the shipped configuration.
  t.publish({ header: { version: 1, notes: 'the first publication' } });
  const root = readFileSync(join(t.repo, 'metadata', '1.root.json'));
  e = await startE2eKiosk('config-push', {
    // The test asks with checkNow, as kioskctl config check-now does: no timer poll.
    configRepository: { url: t.url, pollMs: 86_400_000, healthWindowMs: 300 },
    beforeStart: (dataDir) => trustRoot(new BundleStore(dataDir), root),
  });
});
afterAll(async () => {
  await e?.close();
  await t?.close();
});

async function welcomeIn(lang: 'ar' | 'en') {
  if (lang === 'en') await e.page.getByTestId('lang-toggle').click();
  await e.page.waitForSelector(`html[lang="${lang}"] ${screen('welcome')}`);
}

const subtitle = () => e.page.locator('h2.subtitle').textContent();

/** The new service's tile, read in its category of the menu, then back to the categories. */
async function boatTile(): Promise<string | null> {
  await e.page.getByTestId('category-licences').click();
  const text = await e.page.getByTestId(`service-${NEW_SERVICE_ID}`).textContent();
  await e.page.getByTestId('back').click();
  await e.page.waitForSelector('[data-testid="featured"]');
  return text;
}

async function policeCertificateTotal(): Promise<{ cents: number; shown: string }> {
  await openService(e, 'police-clearance-certificate');
  await e.page.waitForSelector(screen('form'));
  await e.page.getByTestId('option-purpose-employment').click();
  await e.page.getByTestId('form-next').click();
  await e.page.getByTestId('option-language-ar').click();
  await e.page.getByTestId('form-next').click();
  await e.page.waitForSelector(screen('confirm'));
  return { cents: stepOf(e.kiosk, 'confirm').amountCents, shown: (await e.page.getByTestId('total').textContent()) ?? '' };
}

async function endSession() {
  await e.kiosk.world!.lab.removeCard();
  await e.page.waitForSelector(screen('attract'), { timeout: 15_000 });
}

describe('a catalog change published while a shopper is mid-session', () => {
  it('is staged at once and shown only to the next shopper, in Arabic and in English', async () => {
    const { page, kiosk } = e;
    await page.waitForSelector(screen('attract'));
    await kiosk.world!.lab.insertCard();
    await welcomeIn('ar');
    expect(await subtitle()).toBe(SHIPPED_SUBTITLE.ar);

    t.publish(goodBundle(2, { texts: { 'welcome.choose': SUBTITLE, 'attract.title': { ar: 'مرحبًا بكم، أدخلوا البطاقة الشخصية', en: 'Welcome, insert your ID card' } } }));
    expect(await kiosk.configAgent!.checkNow()).toMatchObject({ outcome: 'staged', version: 2 });

    // The shopper mid-session keeps what they were shown, whichever language they read.
    await welcomeIn('en');
    expect(await subtitle()).toBe(SHIPPED_SUBTITLE.en);
    expect(stepOf(kiosk, 'welcome').services.some((s) => s.id === NEW_SERVICE_ID)).toBe(false);
    const before = await policeCertificateTotal();
    expect(before.cents).toBe(1_000);
    expect(before.shown).toContain('10.00');
    await e.shot('mid-session-old-fee');
    expect(kiosk.configAgent!.status().rollout).toBe('staged');
    await endSession();

    // Applied at the idle moment: the attract screen already speaks with the new text.
    await waitFor(() => kiosk.configAgent!.status().version === 2, { what: 'bundle 2 in force', timeoutMs: 15_000, describeLast: () => kiosk.configAgent!.status() });
    await page.waitForSelector(`h1:text-is("مرحبًا بكم، أدخلوا البطاقة الشخصية")`, { timeout: 10_000 });
    await e.shot('attract-new-text');

    await kiosk.world!.lab.insertCard();
    await welcomeIn('ar');
    expect(await subtitle()).toBe(SUBTITLE.ar);
    expect(await boatTile()).toContain(BOAT.ar);
    await e.shot('next-session-ar');
    await welcomeIn('en');
    expect(await subtitle()).toBe(SUBTITLE.en);
    expect(await boatTile()).toContain(BOAT.en);
    const after = await policeCertificateTotal();
    expect(after.cents).toBe(7_500);
    expect(after.shown).toContain('75.00');
    await e.shot('next-session-new-fee');
    await endSession();
    expect(e.violations).toEqual([]);
  });
});
