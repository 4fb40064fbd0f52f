/**
 * The shopper-facing UI's speed, in Chromium through the browser host, composed as `npm start`
 * composes the kiosk (simulators, embedded gateway) on the benchmark card slot (vpcd 35966,
 * "Virtual PCD B 00 01"). Three figures, each beside a baseline measured in the same run:
 *
 * - cold start: navigation to an attract screen that shows main's state (WebSocket connected,
 *   first state rendered and painted), in a fresh browser context (empty cache) each time.
 *   Baseline: the same measure for a static page holding only the attract title, served by a
 *   bare Node HTTP server: the floor Chromium needs anyway.
 * - touch to next screen: a tap on a service tile (welcome → form) and on "back" (form →
 *   welcome), from the pointerdown event to the frame after the new screen is in the DOM: a
 *   round trip to main over the WebSocket plus React's render (the new screen's 220 ms fade-in
 *   starts at that frame). Baseline: a tap on a renderer-only switch (high contrast: new colours,
 *   same layout), which never leaves the page: the cost of render and paint alone.
 * - renderer JavaScript, gzip: every chunk of the production build. Baseline: the same app built
 *   without minification, to show what the build settings buy.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startKiosk } from '../main/app/compose';
import { startBrowserHost } from '../main/browser-host/server';
import { ensureRendererBuilt, rendererDist, repoRoot } from '../main/cli/paths';
import { createLogger } from '../main/core/log';
import { type Bench, type BenchResult, percentile } from './types';

const VPCD_PORT_BENCH = 35966;
const COLD_RUNS = 7;
const TAPS = 20;

/** Records, from before any page script runs, when the first element matching `selector` was painted. */
const paintedAt = (selector: string) => `
  (() => {
    const mark = () => requestAnimationFrame(() => setTimeout(() => { globalThis.__paintedAt ??= performance.now(); }, 0));
    new MutationObserver((_, observer) => {
      if (document.querySelector(${JSON.stringify(selector)})) { observer.disconnect(); mark(); }
    }).observe(document, { childList: true, subtree: true });
  })();`;

/**
 * Polls an expression over the DevTools protocol (which the page's CSP does not govern, unlike
 * waitForFunction's in-page evaluation of a string).
 */
async function until(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function coldStart(browser: Browser, url: string | (() => string), selector: string): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    await context.addInitScript(paintedAt(selector));
    const page = await context.newPage();
    // The kiosk's launch tickets work once: a fresh one per cold start.
    await page.goto(typeof url === 'string' ? url : url());
    await until(page, 'globalThis.__paintedAt !== undefined');
    samples.push(await page.evaluate<number>('globalThis.__paintedAt'));
    await context.close();
  }
  // The first run also warms the OS file cache and Chromium's process pool: leave it out.
  return samples.slice(1);
}

/**
 * From the tap's pointerdown to the frame after `done` matches in the page. Page code is passed
 * as strings: the root tsconfig has no DOM types, and tsx would wrap functions in helpers the
 * page does not have.
 */
async function tapToFrame(page: Page, target: string, done: string): Promise<number> {
  await page.evaluate(`(() => {
    const g = globalThis;
    g.__tapAt = undefined;
    g.__frameAt = undefined;
    document.addEventListener('pointerdown', (e) => { g.__tapAt = e.timeStamp; }, { capture: true, once: true });
    new MutationObserver((_, observer) => {
      if (!document.querySelector(${JSON.stringify(done)})) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => { g.__frameAt = performance.now(); }, 0));
    }).observe(document.documentElement, { childList: true, subtree: true, attributes: true });
  })()`);
  await page.tap(target);
  await until(page, 'globalThis.__frameAt !== undefined');
  return page.evaluate<number>('globalThis.__frameAt - globalThis.__tapAt');
}

function gzipKb(dir: string): number {
  const assets = join(dir, 'assets');
  let bytes = 0;
  for (const f of readdirSync(assets)) if (f.endsWith('.js')) bytes += gzipSync(readFileSync(join(assets, f))).length;
  return bytes / 1024;
}

async function run(): Promise<BenchResult> {
  ensureRendererBuilt();
  const notes: string[] = [];

  // JS size: the production build, and the same build unminified.
  const plainDir = mkdtempSync(join(tmpdir(), 'kiosk-ui-plain-'));
  execFileSync('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--minify', 'false', '--outDir', plainDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const jsKb = gzipKb(rendererDist);
  const plainKb = gzipKb(plainDir);
  rmSync(plainDir, { recursive: true, force: true });

  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-ui-bench-'));
  const log = createLogger('bench', () => {});
  const kiosk = await startKiosk({ dataDir, simulate: true, log, vpcdPort: VPCD_PORT_BENCH, gatewayProbe: { onlineIntervalMs: 500 } });
  const host = await startBrowserHost({ core: kiosk.core, log, rendererDir: rendererDist });
  const blank = createServer((_, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>kiosk</title></head><body><h1 data-testid="screen-attract">أدخل بطاقتك الشخصية</h1></body></html>');
  });
  await new Promise<void>((resolve) => blank.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const attract = '.app[data-screen="attract"] [data-testid="screen-attract"]';
    const cold = await coldStart(browser, () => host.launchUrl(), attract);
    const coldBlank = await coldStart(browser, `http://127.0.0.1:${(blank.address() as AddressInfo).port}/`, '[data-testid="screen-attract"]');

    const context = await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true });
    const page = await context.newPage();
    await page.goto(host.launchUrl());
    await page.waitForSelector(attract);
    await kiosk.world!.lab.insertCard();
    await page.waitForSelector('[data-testid="screen-welcome"]', { timeout: 15_000 });
    const tile = (await page.$('[data-testid="service-national-address"]')) ? '[data-testid="service-national-address"]' : '[data-testid^="service-"]:not([disabled])';
    const taps: number[] = [];
    const local: number[] = [];
    for (let i = 0; i < TAPS; i++) {
      taps.push(await tapToFrame(page, tile, '.app:not([data-screen="welcome"]) .screen'));
      taps.push(await tapToFrame(page, '[data-testid="form-back"], [data-testid="back"]', '.app[data-screen="welcome"] [data-testid="screen-welcome"]'));
      const on = i % 2 === 0;
      local.push(await tapToFrame(page, '[data-testid="a11y-highContrast"]', on ? 'html.a11y-high-contrast' : 'html:not(.a11y-high-contrast)'));
    }
    await context.close();
    notes.push(`cold start: ${cold.length} fresh browser contexts (first of ${COLD_RUNS} dropped as warm-up); touch: ${taps.length} taps (service tile and back, alternating)`);
    notes.push('cold start ends at the first painted frame of the attract screen with main\'s state; the bundled fonts may swap in a frame later');
    notes.push('the machine has 2 shared cores; figures are from the same run, so the ratios hold even when it is busy');
    return {
      title: 'Renderer: cold start, touch response, JavaScript size',
      baseline: 'static page with only the title (cold start); renderer-only switch (touch); unminified build (size)',
      rows: [
        { metric: 'cold start to interactive attract, p50', unit: 'ms', value: percentile(cold, 50), baseline: percentile(coldBlank, 50), better: 'lower', goal: 1500 },
        { metric: 'cold start to interactive attract, max', unit: 'ms', value: Math.max(...cold), baseline: Math.max(...coldBlank), better: 'lower', goal: 1500 },
        { metric: 'touch to next screen, p50', unit: 'ms', value: percentile(taps, 50), baseline: percentile(local, 50), better: 'lower', goal: 100 },
        { metric: 'touch to next screen, p95', unit: 'ms', value: percentile(taps, 95), baseline: percentile(local, 95), better: 'lower', goal: 100 },
        { metric: 'renderer JavaScript, gzip', unit: 'KB', value: jsKb, baseline: plainKb, better: 'lower', goal: 300 },
      ],
      notes,
    };
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => blank.close(() => resolve()));
    await host.close();
    await kiosk.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const bench: Bench = { name: 'ui', run };
export default bench;
