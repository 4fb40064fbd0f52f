import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';

/**
 * The Electron binary cannot run here, but its main bundle can be built and loaded under Node
 * with a stand-in `electron`: this catches what only shows in the CommonJS bundle (an ESM-only
 * construct, a missing external) before a kiosk does.
 */
describe('Electron main bundle', () => {
  it('builds and loads, asking first for the single-instance lock', () => {
    execFileSync('node', ['scripts/build-electron.mjs'], { stdio: 'pipe' });
    const require = createRequire(import.meta.url);
    const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
    const original = Module._load;
    const requestSingleInstanceLock = vi.fn(() => false);
    const quit = vi.fn();
    Module._load = function (request: string, ...rest: unknown[]) {
      if (request === 'electron') return { app: { requestSingleInstanceLock, quit }, protocol: {}, Menu: {}, session: {}, ipcMain: {}, safeStorage: {} };
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
