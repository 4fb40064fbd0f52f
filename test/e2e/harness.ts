import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
/** The e2e slot: "Virtual PCD B 00 00" (scripts/setup-system.sh adds it). */
const VPCD_PORT_E2E = 35965;
import { type KioskOptions, startKiosk, type RunningKiosk } from '../../main/app/compose';
import { type BrowserHost, startBrowserHost } from '../../main/browser-host/server';
import { loadSettings } from '../../main/config';
import { createLogger } from '../../main/core/log';
import { rendererDist } from '../../main/cli/paths';
import { type ScreenId, type StepOf, currentStep } from '../../main/contract';

/**
 * One kiosk as `npm start` runs it (simulators on vpcd, ptys and loopback HTTP, the browser host)
 * and a headless Chromium looking at it. Uses the second vpcd slot so a developer's running
 * kiosk on the first one is left alone.
 */
/** axe-core's bundled source, evaluated through the DevTools protocol (the page's CSP forbids inline scripts). */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  screen: string;
  id: string;
  impact: string;
  nodes: number;
}

export interface E2eKiosk {
  kiosk: RunningKiosk;
  host: BrowserHost;
  browser: Browser;
  page: Page;
  dataDir: string;
  /** Screenshot of the settled screen plus an axe-core check, recorded in `violations`. */
  shot(name: string): Promise<void>;
  /** The simulated printer's last receipt, copied into the gallery beside the screens. */
  keepReceipt(name: string): Promise<void>;
  /** Serious and critical axe-core findings of every screen shot so far. */
  violations: AxeViolation[];
  close(): Promise<void>;
}

const SCREENS_DIR = join('test', 'artifacts', 'screens');

/** The step main is showing, which must be the given screen's. */
export function stepOf<S extends ScreenId>(kiosk: RunningKiosk, screen: S): StepOf<S> {
  const step = currentStep(kiosk.session.snapshot);
  if (step.screen !== screen) throw new Error(`main is on the ${step.screen} screen, not ${screen}`);
  return step as StepOf<S>;
}

/** Types a PIN on the on-screen pad (the card's or the technician's) and presses OK. */
export async function typePin(e: Pick<E2eKiosk, 'page'>, pin: string): Promise<void> {
  for (const d of pin) await e.page.getByTestId(`pin-key-${d}`).click();
  await e.page.getByTestId('pin-submit').click();
}

/** No shopper's session is open in main: everything personal was dropped with it. */
export function noShopper(kiosk: RunningKiosk): boolean {
  return kiosk.session.snapshot.mode.kind === 'attract';
}

/** `beforeStart` prepares the data folder before the kiosk opens it (e.g. trusts a configuration root). */
export async function startE2eKiosk(
  label: string,
  options: Pick<KioskOptions, 'technician' | 'configRepository'> & { beforeStart?(dataDir: string): void } = {},
): Promise<E2eKiosk> {
  const { beforeStart, ...kioskOptions } = options;
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
  beforeStart?.(dataDir);
  const lines: string[] = [];
  const settings = loadSettings();
  const log = createLogger('e2e', (line) => (settings.dev.e2eLog ? process.stderr.write(line) : lines.push(line)));
  const kiosk = await startKiosk({ dataDir, simulate: true, log, vpcdPort: VPCD_PORT_E2E, terminalStepDelayMs: 250, gatewayProbe: { onlineIntervalMs: 500, offlineIntervalMs: 300, confirmMs: 100 }, ...kioskOptions });
  const host = await startBrowserHost({ core: kiosk.core, log, rendererDir: rendererDist });
  const browser = await chromium.launch({
    executablePath: settings.host.chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  await page.goto(host.launchUrl());
  mkdirSync(SCREENS_DIR, { recursive: true });
  let n = 0;
  const violations: AxeViolation[] = [];
  const report: { screen: string; violations: unknown[] }[] = [];
  return {
    violations,
    kiosk,
    host,
    browser,
    page,
    dataDir,
    async shot(name) {
      n += 1;
      // Screens fade in: wait for every finite animation to end so the picture shows what a
      // shopper sees once the screen has settled (spinners loop forever and are left running).
      await page.waitForFunction(() =>
        (globalThis as unknown as { document: { getAnimations(): { playState: string; effect: { getTiming(): { iterations: number } } | null }[] } }).document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      );
      await page.screenshot({ path: join(SCREENS_DIR, `${label}-${String(n).padStart(2, '0')}-${name}.png`) });
      await page.evaluate(AXE_SOURCE);
      const found = await page.evaluate(async () => {
        const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
        return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      report.push({ screen: `${label}/${name}`, violations: found });
      for (const v of found) if (v.impact === 'serious' || v.impact === 'critical') violations.push({ screen: `${label}/${name}`, ...v });
    },
    async keepReceipt(name) {
      n += 1;
      const printer = kiosk.world?.printer;
      if (!printer) throw new Error('no simulated printer');
      const deadline = Date.now() + 15_000;
      while (printer.receipts.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const last = printer.receipts.at(-1);
      if (!last) throw new Error('the printer printed no receipt');
      copyFileSync(last.path, join(SCREENS_DIR, `${label}-${String(n).padStart(2, '0')}-${name}.png`));
    },
    async close() {
      // Every finding, minor ones included, for a reviewer: test/artifacts/screens/axe-<label>.json.
      writeFileSync(join(SCREENS_DIR, `axe-${label}.json`), JSON.stringify(report, null, 2));
      await browser.close();
      await host.close();
      await kiosk.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (errors.length) throw new Error(`browser errors: ${errors.join(' | ')}`);
    },
  };
}

/**
 * Chooses a service on the menu as a shopper would: from the most used when it is there, else
 * through its category (leaving another category first).
 */
export async function openService(e: Pick<E2eKiosk, 'page' | 'kiosk'>, serviceId: string, how: 'click' | 'tap' = 'click'): Promise<void> {
  const tile = e.page.getByTestId(`service-${serviceId}`);
  if ((await tile.count()) === 0) {
    const step = stepOf(e.kiosk, 'welcome');
    const service = step.services.find((s) => s.id === serviceId);
    if (!service) throw new Error(`${serviceId} is not on the menu`);
    if (step.category) await e.page.getByTestId('back')[how]();
    if (!step.featured.includes(serviceId)) await e.page.getByTestId(`category-${service.category}`)[how]();
    await tile.waitFor();
  }
  await tile[how]();
}

/** The little of the DOM hiddenByScroll reads (the tests compile without the DOM library). */
interface Box {
  scrollHeight: number;
  clientHeight: number;
  className: string;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number; bottom: number; left: number; right: number };
}
interface Window_ {
  document: { querySelectorAll(selector: string): ArrayLike<Box> };
  innerHeight: number;
  innerWidth: number;
  getComputedStyle(box: Box): { overflowY: string };
}

/**
 * What of the page a shopper cannot see without scrolling: every scrollable box whose content is
 * taller than the box, and every element of `selector` that is not wholly inside the window.
 */
export async function hiddenByScroll(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const w = globalThis as unknown as Window_;
    const found: string[] = [];
    for (const box of Array.from(w.document.querySelectorAll('*'))) {
      const overflow = w.getComputedStyle(box).overflowY;
      if ((overflow === 'auto' || overflow === 'scroll') && box.scrollHeight > box.clientHeight + 1) found.push(`${box.className} scrolls ${box.scrollHeight}px in ${box.clientHeight}px`);
    }
    for (const box of Array.from(w.document.querySelectorAll(sel))) {
      const r = box.getBoundingClientRect();
      if (r.top < 0 || r.bottom > w.innerHeight || r.left < 0 || r.right > w.innerWidth) found.push(`${box.getAttribute('data-testid') ?? box.className} is outside the window`);
    }
    return found;
  }, selector);
}
