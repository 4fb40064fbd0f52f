import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENVIRONMENT, loadCatalog, loadSettings, printerLink, resolveSettings, settingsLayers } from '../../../main/config';

/** A clean environment: only HOME, so nothing from the developer's shell leaks in. */
const base = { HOME: '/home/kiosk' };
const load = (env: Record<string, string> = {}, more: Parameters<typeof loadSettings>[0] = {}) => loadSettings({ env: { ...base, ...env }, ...more });

function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('settings: layers and precedence', () => {
  it('without any setting: built-in defaults and the shipped device lines, no simulation', () => {
    const s = load();
    expect(s).toMatchObject({
      kioskId: 'K01',
      dataDir: '/home/kiosk/.local/state/moi-kiosk',
      simulate: false,
      devices: { printer: { baudRate: 115_200 }, terminal: { baudRate: 9600, stopBits: 2 } },
      session: { idleWarningMs: 60_000, warningCountdownMs: 20_000, goodbyeMs: 8_000 },
      host: { shell: 'auto', port: 0, open: true, fullscreen: false, chromiumPath: '/usr/bin/chromium' },
      debug: false,
      dev: { previewPort: 5199, e2eLog: false },
    });
    expect(s.devices.terminal.path).toBeUndefined();
    expect(s.dev.kioskHost).toBeUndefined();
    expect(s.devices.gatewayUrl).toBeUndefined();
  });

  it('puts the one data folder under XDG_STATE_HOME when it is set, whoever asks', () => {
    expect(load({ XDG_STATE_HOME: '/var/lib/kiosk-state' }).dataDir).toBe('/var/lib/kiosk-state/moi-kiosk');
    expect(load({ XDG_STATE_HOME: 'relative/ignored' }).dataDir).toBe('/home/kiosk/.local/state/moi-kiosk');
  });

  it('reads every real-device variable', () => {
    const s = load({
      KIOSK_ID: 'K07',
      KIOSK_READER: 'ACS ACR39U',
      KIOSK_PRINTER_PORT: '/dev/ttyS1',
      KIOSK_PRINTER_BAUD: '38400',
      KIOSK_TERMINAL_PORT: '/dev/ttyUSB0',
      KIOSK_TERMINAL_BAUD: '19200',
      KIOSK_TERMINAL_STOP_BITS: '1',
      KIOSK_GATEWAY_URL: 'https://gateway.example/',
      KIOSK_SIMULATE: '0',
      KIOSK_FULLSCREEN: '1',
      KIOSK_DEBUG: 'yes',
      CHROMIUM_PATH: '/opt/chromium/chrome',
    });
    expect(s).toMatchObject({
      kioskId: 'K07',
      simulate: false,
      devices: {
        reader: 'ACS ACR39U',
        printer: { path: '/dev/ttyS1', baudRate: 38_400 },
        terminal: { path: '/dev/ttyUSB0', baudRate: 19_200, stopBits: 1 },
        gatewayUrl: 'https://gateway.example/',
      },
      host: { fullscreen: true, chromiumPath: '/opt/chromium/chrome' },
      debug: true,
    });
    expect(printerLink(s.devices.printer)).toEqual({ kind: 'serial', path: '/dev/ttyS1', baudRate: 38_400 });
  });

  it('takes a full printer link as JSON, which wins over the port', () => {
    const s = load({ KIOSK_PRINTER_PORT: '/dev/ttyS1', KIOSK_PRINTER_LINK: '{"kind":"hid","vendorId":1208,"productId":514}' });
    expect(printerLink(s.devices.printer)).toMatchObject({ kind: 'hid', vendorId: 1208, productId: 514 });
  });

  it('reads the developer tools\' variables too, so nothing else reads the environment', () => {
    expect(load({ KIOSK_HOST: 'http://127.0.0.1:4100', KIOSK_E2E_LOG: '1', PREVIEW_PORT: '5200' }).dev).toEqual({ kioskHost: 'http://127.0.0.1:4100', e2eLog: true, previewPort: 5200 });
    expect(configError(() => load({ KIOSK_HOST: '127.0.0.1:4100' }))).toMatchObject({ source: 'KIOSK_HOST', key: 'dev.kioskHost' });
  });

  it('an empty variable counts as unset', () => {
    expect(load({ KIOSK_TERMINAL_BAUD: '', KIOSK_ID: '' })).toMatchObject({ kioskId: 'K01', devices: { terminal: { baudRate: 9600 } } });
  });

  it('orders the layers: built-in < entry defaults < shipped < signed < environment < flags', () => {
    expect(settingsLayers({ env: base, defaults: { simulate: true }, signed: { source: 'signed bundle 7', settings: {} }, flags: {} }).map((l) => l.source)).toEqual([
      'built-in',
      'built-in',
      'config/kiosk.json',
      'signed bundle 7',
      'environment',
      'command line',
    ]);
    const signed = { source: 'signed bundle 7', settings: { devices: { terminal: { baudRate: 19_200 } } } };
    expect(load({}, { signed }).devices.terminal).toEqual({ baudRate: 19_200, stopBits: 2 });
    expect(load({ KIOSK_TERMINAL_BAUD: '38400' }, { signed }).devices.terminal.baudRate).toBe(38_400);
    expect(load({ KIOSK_DATA_DIR: '/srv/a' }, { flags: { '--data-dir': ['dataDir', '/srv/b'] } }).dataDir).toBe('/srv/b');
    // An entry point's default (kioskctl start simulates) still yields to the environment.
    expect(load({}, { defaults: { simulate: true } }).simulate).toBe(true);
    expect(load({ KIOSK_SIMULATE: '0' }, { defaults: { simulate: true } }).simulate).toBe(false);
  });

  it('resolves a relative data folder against the current directory', () => {
    expect(load({ KIOSK_DATA_DIR: 'here/data' }).dataDir).toBe(resolve('here/data'));
  });
});

describe('settings: bad values fail loudly, naming what was set', () => {
  it.each([
    [{ KIOSK_TERMINAL_BAUD: 'fast' }, 'KIOSK_TERMINAL_BAUD', 'devices.terminal.baudRate', 'fast', /whole number/],
    [{ KIOSK_TERMINAL_BAUD: '300' }, 'KIOSK_TERMINAL_BAUD', 'devices.terminal.baudRate', '300', /1200/],
    [{ KIOSK_TERMINAL_STOP_BITS: '3' }, 'KIOSK_TERMINAL_STOP_BITS', 'devices.terminal.stopBits', '3', /.+/],
    [{ KIOSK_PRINTER_BAUD: '115200x' }, 'KIOSK_PRINTER_BAUD', 'devices.printer.baudRate', '115200x', /whole number/],
    [{ KIOSK_SIMULATE: 'maybe' }, 'KIOSK_SIMULATE', 'simulate', 'maybe', /1 or 0/],
    [{ KIOSK_GATEWAY_URL: 'gateway.example' }, 'KIOSK_GATEWAY_URL', 'devices.gatewayUrl', 'gateway.example', /http\(s\) URL/],
    [{ KIOSK_ID: 'k-01' }, 'KIOSK_ID', 'kioskId', 'k-01', /capital letters or digits/],
    [{ KIOSK_PRINTER_LINK: '{kind:serial}' }, 'KIOSK_PRINTER_LINK', 'devices.printer.link', '{kind:serial}', /JSON/],
    [{ KIOSK_PRINTER_LINK: '{"kind":"hid"}' }, 'KIOSK_PRINTER_LINK', 'devices.printer.link', '{"kind":"hid"}', /path, or both vendorId and productId/],
  ])('%o', (env, source, key, value, reason) => {
    const err = configError(() => load(env));
    expect(err).toMatchObject({ name: 'ConfigError', code: 'invalid-config', source, key, value });
    expect(err.message).toContain(`${source}=${value}`);
    expect(err.message).toMatch(reason);
    expect(err.fromCommandLine).toBe(false);
  });

  it('refuses a KIOSK_* variable the kiosk does not read, naming the one meant', () => {
    const typo = configError(() => load({ KIOSK_TERMINAL_BUAD: '19200' }));
    expect(typo).toMatchObject({ code: 'invalid-config', source: 'KIOSK_TERMINAL_BUAD', fromCommandLine: false });
    expect(typo.message).toBe('KIOSK_TERMINAL_BUAD is not a variable the kiosk reads: did you mean KIOSK_TERMINAL_BAUD? (unset it otherwise)');
    expect(configError(() => load({ KIOSK_GATWAY_URL: 'http://gw' })).message).toMatch(/did you mean KIOSK_GATEWAY_URL\?/);
    // An empty one too: a typo is a typo whatever its value.
    expect(configError(() => load({ KIOSK_SIMULATED: '' })).message).toMatch(/did you mean KIOSK_SIMULATE\?/);
    // Nothing close: no guess, a pointer to the list.
    expect(configError(() => load({ KIOSK_COLOUR_SCHEME: 'dark' })).message).toMatch(/^KIOSK_COLOUR_SCHEME is not a variable the kiosk reads: see the settings table in the README/);
    // Other variables are not the kiosk's business.
    expect(() => load({ KIOSKMODE: '1', MY_KIOSK_THING: '1' })).not.toThrow();
  });

  it('names the flag for a bad command-line value, as a usage error', () => {
    const err = configError(() => load({}, { flags: { '--baud': ['devices.terminal.baudRate', 'fast'] } }));
    expect(err).toMatchObject({ source: '--baud', key: 'devices.terminal.baudRate', value: 'fast', fromCommandLine: true });
  });

  it('names the file and the key for a shipped or signed document that is wrong', () => {
    const layers = settingsLayers({ env: base });
    const typo = configError(() => resolveSettings([...layers, { source: 'signed bundle 9', settings: { devices: { termnal: { baudRate: 1 } } } as never }]));
    expect(typo).toMatchObject({ source: 'signed bundle 9', key: 'devices.termnal' });
    expect(typo.message).toMatch(/not a setting/);
    const missing = configError(() => resolveSettings(layers.filter((l) => l.source !== 'config/kiosk.json')));
    expect(missing).toMatchObject({ key: 'devices', value: undefined });
  });
});

describe('settings: documentation', () => {
  it('the README names every environment variable the kiosk reads', () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    for (const name of Object.keys(ENVIRONMENT)) expect(readme, name).toContain(name);
  });
});

describe('catalog', () => {
  it('is the shipped catalog unless a signed bundle carries one, which is validated whole', () => {
    expect(loadCatalog().length).toBeGreaterThanOrEqual(12);
    const one = loadCatalog().slice(0, 1);
    expect(loadCatalog({ source: 'signed', settings: {}, catalog: { version: '2026-12-01.1', services: one } })).toEqual(one);
    expect(() => loadCatalog({ source: 'signed', settings: {}, catalog: { services: [{ id: 'x' }] } })).toThrow(expect.objectContaining({ code: 'invalid-catalog' }));
  });
});
