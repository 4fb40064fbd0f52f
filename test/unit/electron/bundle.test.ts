import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeElectronMock } from './electron-mock';

/**
 * The Electron binary cannot run here, but its main bundle can be built and loaded under Node
 * with a stand-in `electron`: this catches what only shows in the CommonJS bundle (an ESM-only
 * construct, a missing external) before a kiosk does.
 */
describe('Electron main bundle', () => {
  // A whole esbuild run in a child process: a second when idle, past 5 s beside two other lanes.
  it('builds and loads, asking first for the single-instance lock', { timeout: 60_000 }, () => {
    execFileSync('node', ['scripts/build-electron.mjs'], { stdio: 'pipe' });
    const require = createRequire(import.meta.url);
    const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = Module._load;
    const requestSingleInstanceLock = vi.fn(() => false);
    const quit = vi.fn();
    Module._load = function (request: string, ...rest: unknown[]) {
      if (request === 'electron') return { app: { requestSingleInstanceLock, quit, getPath: () => outdir }, protocol: {}, Menu: {}, session: {}, ipcMain: {}, safeStorage: {} };
      return original.call(this, request, ...rest);
    };
    try {
      const bundle = require.resolve('../../../dist/electron/main.cjs');
      delete require.cache[bundle];
      require(bundle);
    } finally {
      Module._load = original;
    }
    expect(requestSingleInstanceLock).toHaveBeenCalled();
    expect(quit).toHaveBeenCalled();
  });
});

/**
 * Modules that exist only to simulate: they must never reach a production kiosk. The ESC/POS
 * decoder and page model under drivers/printer/sim are not among them: the print queue plays its
 * own bytes through them to keep a PNG copy of each receipt (drivers/printer/preview.ts).
 */
const SIMULATION_ONLY = [
  /^main\/lab\//,
  /^main\/app\/simulat(ion|ors)\.ts$/,
  /^drivers\/card\/sim\//,
  /^drivers\/payment\/sim\//,
  /^drivers\/printer\/sim\/simulator\.ts$/,
  /^drivers\/transport\/pty-pair\.ts$/,
  /^gateway\/(simulator|sim-ledger|demo-data)\.ts$/,
];
const simulationOnly = (inputs: Record<string, unknown>) => Object.keys(inputs).filter((file) => SIMULATION_ONLY.some((p) => p.test(file)));

type Metafile = { inputs: Record<string, unknown> };
let outdir: string;
let built: { main: Metafile; simulation: Metafile };
beforeAll(async () => {
  // Inside the checkout, so the bundles' external packages resolve from node_modules.
  mkdirSync('dist', { recursive: true });
  outdir = resolve(mkdtempSync(join('dist', 'bundle-test-')));
  // @ts-expect-error the build script is plain JavaScript
  const { buildElectron } = (await import('../../../scripts/build-electron.mjs')) as { buildElectron(o: { outdir: string; metafile: boolean }): Promise<typeof built> };
  built = await buildElectron({ outdir, metafile: true });
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('Electron bundles', () => {
  it('keep every simulator, the lab and the gateway simulator out of the production main bundle', () => {
    expect(simulationOnly(built.main.inputs)).toEqual([]);
    // The patterns do find them where they belong: the development-only simulation bundle.
    const found = simulationOnly(built.simulation.inputs);
    for (const module of ['main/lab/server.ts', 'main/app/simulators.ts', 'gateway/simulator.ts', 'drivers/printer/sim/simulator.ts', 'drivers/card/sim/virtual-card.ts']) expect(found).toContain(module);
    expect(found.some((f) => f.startsWith('drivers/payment/sim/'))).toBe(true);
    // main loads it only on demand, from beside itself; packaging leaves it out.
    expect(readFileSync(join(outdir, 'main.cjs'), 'utf8')).toContain('import("./simulation.cjs")');
    expect(readFileSync('electron-builder.yml', 'utf8')).toMatch(/^\s+- "!dist\/electron\/simulation\.cjs\*"$/m);
  });

  it('a build without the simulation bundle asked to simulate says so and exits', async () => {
    rmSync(join(outdir, 'simulation.cjs'));
    const electron = makeElectronMock();
    // A packaged kiosk refuses simulation before it looks for the bundle (shell.test.ts); an
    // unpackaged build stripped like a package shows the bundle is really gone.
    electron.app.isPackaged = false;
    electron.app.whenReady.mockReturnValue(Promise.resolve());
    const exited = new Promise<number>((ok) => electron.app.exit.mockImplementation((code: number) => ok(code)));
    const logged: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((line) => (logged.push(String(line)), true));
    vi.stubEnv('KIOSK_SIMULATE', '1');
    vi.stubEnv('KIOSK_DATA_DIR', join(outdir, 'data'));
    const require = createRequire(import.meta.url);
    const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = Module._load;
    Module._load = function (request: string, ...rest: unknown[]) {
      return request === 'electron' ? electron : original.call(this, request, ...rest);
    };
    try {
      require(join(outdir, 'main.cjs'));
      expect(await exited).toBe(1);
    } finally {
      Module._load = original;
      write.mockRestore();
      vi.unstubAllEnvs();
    }
    const failure = logged.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.event === 'kiosk-start-failed');
    expect(failure).toMatchObject({ level: 'error', code: 'simulation-unavailable' });
    expect(electron.BrowserWindow).not.toHaveBeenCalled();
  });
});
