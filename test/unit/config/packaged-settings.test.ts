import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gatewayTls, loadSettings } from '../../../main/config';
import { BundleError } from '../../../main/config/bundle/errors';
import { parseBundle, signedConfigurationOf } from '../../../main/config/bundle/schema';
import { settingsWithSignedLayer } from '../../../main/config/bundle/signed-layer';
import { BundleStore } from '../../../main/config/bundle/store';
import { ConfigError } from '../../../main/config/errors';
import { spkiPin } from '../../../main/gateway/pins';
import type { SignedConfiguration } from '../../../main/config/load';
import { ENVIRONMENT, SIGNED_IN_PACKAGED } from '../../../main/config/sources';
import { goodBundle, partBytes } from '../../fixtures/config/bundles';
import { useTempDir } from '../../support/temp-db';
import { makeTestPki, type TestPki } from '../../support/test-pki';

/**
 * Issue 16, finding 5: device settings and the gateway URL came from unsigned files and the
 * environment. A bundle now carries them (schema-checked), and a packaged kiosk takes them from
 * the signed layer only; development keeps its environment variables.
 */
let pki: TestPki;
beforeAll(() => {
  pki = makeTestPki('K07');
});

const FLEET = (ca: string) => ({
  devices: {
    reader: 'ACS ACR39U',
    printer: { path: '/dev/serial/by-id/usb-Epson_TM-T88-if00', baudRate: 38_400 },
    terminal: { path: '/dev/ttyUSB1', baudRate: 19_200, stopBits: 1 },
    gatewayUrl: 'https://gateway.moi.example/',
    gatewayCa: ca,
  },
});
const signedWith = (settings: unknown, version = 5): SignedConfiguration => signedConfigurationOf(parseBundle(partBytes(goodBundle(version, { settings }))));

describe('devices and the gateway in a signed bundle', () => {
  it('are taken from the bundle, CA included, with the kiosk’s own certificate and key from its installation', () => {
    const signed = signedWith(FLEET(pki.ca.cert));
    const env = { KIOSK_GATEWAY_CERT: pki.kiosk.certFile, KIOSK_GATEWAY_KEY: pki.kiosk.keyFile, KIOSK_CONFIG_URL: 'https://config.moi.example/kiosk' };
    const settings = loadSettings({ env, signed, packaged: true });
    expect(settings.devices).toMatchObject({
      reader: 'ACS ACR39U',
      printer: { path: '/dev/serial/by-id/usb-Epson_TM-T88-if00', baudRate: 38_400 },
      terminal: { path: '/dev/ttyUSB1', baudRate: 19_200, stopBits: 1 },
      gatewayUrl: 'https://gateway.moi.example/',
    });
    expect(gatewayTls(settings.devices)).toEqual({ ca: pki.ca.cert, cert: readFileSync(pki.kiosk.certFile, 'utf8'), key: readFileSync(pki.kiosk.keyFile, 'utf8') });
  });

  it('carry the public-key pins of the gateway’s chain to the link, and refuse one that is not a SHA-256 pin', () => {
    const pin = spkiPin(pki.server.cert);
    const signed = signedWith({ devices: { ...FLEET(pki.ca.cert).devices, gatewayPins: [pin] } });
    const env = { KIOSK_GATEWAY_CERT: pki.kiosk.certFile, KIOSK_GATEWAY_KEY: pki.kiosk.keyFile };
    expect(gatewayTls(loadSettings({ env, signed, packaged: true }).devices)?.pins).toEqual([pin]);
    expect(() => signedWith({ devices: { gatewayPins: [pin.replace('sha256/', 'sha1/')] } })).toThrow(/devices\.gatewayPins\.0: a pin is sha256\//);
    expect(() => signedWith({ devices: { gatewayPins: [] } })).toThrow(/devices\.gatewayPins/);
  });

  it('refuse what a fleet must not be sent: plain http, a path outside /dev, a CA that is no certificate, a bad speed', () => {
    for (const [devices, where] of [
      [{ gatewayUrl: 'http://gateway.moi.example/' }, /devices\.gatewayUrl: must be an https URL/],
      [{ printer: { path: '/etc/passwd' } }, /devices\.printer\.path: must be a device path/],
      [{ terminal: { path: '/dev/../etc/shadow' } }, /devices\.terminal\.path: must not climb out/],
      [{ printer: { link: { kind: 'hid', path: '/home/kiosk/x' } } }, /devices\.printer\.link: a printer link path must be a device path/],
      [{ gatewayCa: 'hello' }, /devices\.gatewayCa: not a PEM/],
      [{ terminal: { baudRate: 5 } }, /devices\.terminal\.baudRate/],
      [{ gatewayCertFile: '/tmp/cert.pem' }, /devices: Unrecognized key/i],
    ] as const) {
      let refused: unknown;
      try {
        signedWith({ devices });
      } catch (err) {
        refused = err;
      }
      expect(refused, JSON.stringify(devices)).toBeInstanceOf(BundleError);
      expect((refused as BundleError).code).toBe('bundle-invalid');
      expect((refused as Error).message).toMatch(where);
    }
  });
});

describe('who wins, packaged or not', () => {
  const signed = () => signedWith(FLEET(pki.ca.cert));
  const variableOf = (key: string) => Object.entries(ENVIRONMENT).find(([, k]) => k === key)![0];

  it('in development the environment still wins over the bundle, key by key', () => {
    const settings = loadSettings({ env: { KIOSK_GATEWAY_URL: 'http://127.0.0.1:4010', KIOSK_TERMINAL_PORT: '/tmp/pty-terminal' }, signed: signed() });
    expect(settings.devices.gatewayUrl).toBe('http://127.0.0.1:4010');
    expect(settings.devices.terminal).toMatchObject({ path: '/tmp/pty-terminal', baudRate: 19_200 });
  });

  it.each(SIGNED_IN_PACKAGED.map((key) => [variableOf(key), key]))('a packaged kiosk refuses %s (%s) by name', (variable, key) => {
    const value = key === 'devices.printer.link' ? '{"kind":"serial","path":"/dev/ttyS0"}' : key.endsWith('Url') ? 'https://evil.example/' : key.endsWith('Bits') ? '1' : key.endsWith('Rate') ? '9600' : '/dev/ttyS9';
    let refused: unknown;
    try {
      loadSettings({ env: { [variable]: value }, signed: signed(), packaged: true });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(ConfigError);
    expect(refused).toMatchObject({ key, source: variable });
    expect((refused as Error).message).toContain(`unset ${variable}`);
  });

  it('a packaged kiosk without a bundle has no gateway and no device ports: nothing set on the machine fills them in', () => {
    const settings = loadSettings({ env: {}, packaged: true });
    expect(settings.devices.gatewayUrl).toBeUndefined();
    expect(settings.devices.terminal.path).toBeUndefined();
    expect(() => loadSettings({ env: { KIOSK_GATEWAY_URL: 'https://evil.example/' }, packaged: true })).toThrow(/takes devices\.gatewayUrl from the signed configuration only/);
  });
});

describe('the bundle a shell starts with', () => {
  const temp = useTempDir('packaged-settings-');
  const lines: { event: string; fields?: Record<string, unknown> }[] = [];
  const log = { info() {}, warn() {}, error: (event: string, fields?: Record<string, unknown>) => void lines.push({ event, fields }) };
  const store = (dataDir: string, bundles: Record<'current' | 'lastKnownGood' | 'staged', unknown>) => {
    const s = new BundleStore(dataDir);
    const record = (version: number, settings: unknown) => s.putBundle(version, partBytes(goodBundle(version, { settings })), Date.now());
    const state = { format: 1 as const, refused: [] } as Parameters<BundleStore['write']>[0];
    for (const [slot, settings] of Object.entries(bundles)) if (settings) state[slot as 'current'] = record(slot === 'current' ? 7 : slot === 'staged' ? 8 : 6, settings);
    s.write(state);
  };

  it('passes over a bundle whose values clash with the rest, logging why, for the last known-good one', () => {
    const dataDir = temp.dir();
    // Valid alone, but a shopper's pause would then outlast the technician's (technician.idleMs).
    store(dataDir, { current: { session: { idleWarningMs: 3_000_000 }, devices: { gatewayUrl: 'https://new.moi.example/' } }, lastKnownGood: { devices: { gatewayUrl: 'https://good.moi.example/' } }, staged: undefined });
    lines.length = 0;
    const settings = settingsWithSignedLayer(dataDir, (signed) => loadSettings({ env: {}, signed, packaged: true }), log);
    expect(settings.devices.gatewayUrl).toBe('https://good.moi.example/');
    expect(lines).toEqual([{ event: 'config-bundle-settings-refused', fields: expect.objectContaining({ source: 'signed bundle 7', code: 'invalid-config', key: 'technician.idleMs' }) }]);
  });

  it('still stops on the environment’s own mistake, which no bundle can fix', () => {
    const dataDir = temp.dir();
    store(dataDir, { current: { devices: { gatewayUrl: 'https://good.moi.example/' } }, lastKnownGood: undefined, staged: undefined });
    lines.length = 0;
    expect(() => settingsWithSignedLayer(dataDir, (signed) => loadSettings({ env: { KIOSK_GATEWAY_URL: 'https://evil.example/' }, signed, packaged: true }), log)).toThrow(ConfigError);
    expect(lines).toEqual([]);
  });

  it('a new kiosk that has applied nothing starts with its verified, staged first bundle', () => {
    const dataDir = temp.dir();
    store(dataDir, { current: undefined, lastKnownGood: undefined, staged: { devices: { gatewayUrl: 'https://first.moi.example/' } } });
    expect(settingsWithSignedLayer(dataDir, (signed) => loadSettings({ env: {}, signed, packaged: true }), log).devices.gatewayUrl).toBe('https://first.moi.example/');
  });
});
