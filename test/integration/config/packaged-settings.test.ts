import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startGatewaySimulator, type GatewaySimulator } from '../../../gateway';
import { gatewayTls, loadSettings } from '../../../main/config';
import type { PartName } from '../../../main/config/bundle/schema';
import { settingsWithSignedLayer } from '../../../main/config/bundle/signed-layer';
import type { BundleStore } from '../../../main/config/bundle/store';
import { ConfigError } from '../../../main/config/errors';
import { GatewayClient } from '../../../main/gateway/client';
import { goodBundle } from '../../fixtures/config/bundles';
import { startTestRepository, type TestRepository } from '../../support/config-repo';
import { standaloneAgent } from '../../support/standalone-agent';
import { makeTestPki, type TestPki } from '../../support/test-pki';

// Ops' own check skipped while publishing (a broken or compromised CI signing what it should not):
// the kiosk's check, the same code with the flag off, is then all that stands in the way.
const publishUnchecked = vi.hoisted(() => ({ on: false }));
vi.mock('../../../main/config/bundle/schema', async (original) => {
  const real = await original<{ parseBundle: (parts: ReadonlyMap<PartName, Uint8Array>) => unknown }>();
  return {
    ...real,
    parseBundle: (parts: ReadonlyMap<PartName, Uint8Array>) =>
      publishUnchecked.on ? { version: (JSON.parse(Buffer.from(parts.get('header')!).toString()) as { version: number }).version } : real.parseBundle(parts),
  };
});

/**
 * Issue 16, finding 5, through a real repository: ops publish the gateway (URL and the ministry
 * CA) and the device ports in a signed bundle served by nginx; a packaged kiosk verifies it with
 * TUF, starts with it, reaches the mTLS gateway it names with only its own certificate and key
 * installed locally, refuses the same settings from its environment, and keeps the bundle it
 * has when a signed bundle with bad values comes.
 */
let pki: TestPki;
let repo: TestRepository;
let gateway: GatewaySimulator;
let store: BundleStore;
beforeAll(async () => {
  pki = makeTestPki('K07');
  [repo, gateway] = await Promise.all([startTestRepository(), startGatewaySimulator({ tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert } })]);
});
afterAll(async () => {
  await Promise.all([repo?.close(), gateway?.close()]);
});

const installation = () => ({ KIOSK_ID: 'K07', KIOSK_CONFIG_URL: repo.url, KIOSK_GATEWAY_CERT: pki.kiosk.certFile, KIOSK_GATEWAY_KEY: pki.kiosk.keyFile });
const startPackaged = (env: NodeJS.ProcessEnv = {}) => settingsWithSignedLayer(dirname(store.dir), (signed) => loadSettings({ env: { ...installation(), ...env }, signed, packaged: true }), { info() {}, warn() {}, error() {} });

describe('a packaged kiosk configured by ops', () => {
  it('starts with the verified bundle’s gateway and devices, and reaches that gateway over mutual TLS', async () => {
    await repo.publish(goodBundle(1, { settings: { devices: { gatewayUrl: `${gateway.url}/`, gatewayCa: pki.ca.cert, reader: 'Virtual PCD', terminal: { path: '/dev/ttyUSB1', baudRate: 19_200 }, printer: { path: '/dev/usb/lp0' } } } }));
    store = repo.kioskStore(); // trusts the first root, signed by that first publication
    const agent = standaloneAgent(store, { url: repo.url, kioskId: 'K07' });
    // A new kiosk's first bundle, fetched at installation (kioskctl config check-now): staged, not yet applied.
    await agent.checkNow().then(() => agent.stop());
    const first = startPackaged();
    expect(first.devices).toMatchObject({ gatewayUrl: `${gateway.url}/`, reader: 'Virtual PCD', terminal: { path: '/dev/ttyUSB1', baudRate: 19_200 }, printer: { path: '/dev/usb/lp0' } });
    const client = new GatewayClient({ baseUrl: first.devices.gatewayUrl!, kioskId: first.kioskId, tls: gatewayTls(first.devices), timeoutMs: 5000 });
    expect(await client.health()).toBe(true);
    // Applied (the agent's idle moment), it is the bundle in force at every later start.
    await standaloneAgent(store, { url: repo.url, kioskId: 'K07' }).applyWhenIdle();
    expect(store.read().current?.version).toBe(1);
    expect(startPackaged().devices.gatewayUrl).toBe(`${gateway.url}/`);
  });

  it('refuses the environment’s gateway, CA or device port by name; a development build still takes them', () => {
    for (const [variable, value] of <[string, string][]>[['KIOSK_GATEWAY_URL', 'https://evil.example/'], ['KIOSK_GATEWAY_CA', pki.rogueCa.certFile], ['KIOSK_READER', 'Evil reader'], ['KIOSK_TERMINAL_PORT', '/dev/ttyS9']]) {
      expect(() => startPackaged({ [variable]: value }), variable).toThrow(ConfigError);
      expect(() => startPackaged({ [variable]: value }), variable).toThrow(`unset ${variable}`);
    }
    const dev = settingsWithSignedLayer(dirname(store.dir), (signed) => loadSettings({ env: { ...installation(), KIOSK_GATEWAY_URL: 'http://127.0.0.1:4010' }, signed }));
    expect(dev.devices.gatewayUrl).toBe('http://127.0.0.1:4010');
  });

  it('keeps the bundle it has when a signed bundle with bad values comes: a typed refusal, nothing applied', async () => {
    publishUnchecked.on = true;
    try {
      await repo.publish(goodBundle(2, { settings: { devices: { gatewayUrl: 'http://evil.example/', printer: { path: '/etc/passwd' } } } }));
    } finally {
      publishUnchecked.on = false;
    }
    const agent = standaloneAgent(store, { url: repo.url, kioskId: 'K07' });
    const result = await agent.checkNow();
    agent.stop();
    expect(result).toMatchObject({ name: 'BundleError', code: 'bundle-invalid', message: expect.stringMatching(/settings\.json: devices\.printer\.path: must be a device path/) });
    const state = store.read();
    expect(state.current?.version).toBe(1);
    expect(state.staged).toBeUndefined();
    expect(startPackaged().devices).toMatchObject({ gatewayUrl: `${gateway.url}/`, printer: { path: '/dev/usb/lp0' } });
  });
});
