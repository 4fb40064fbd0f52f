import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_QID, startGatewaySimulator, type GatewaySimulator } from '../../../gateway';
import { BundleStore } from '../../../main/config/bundle/store';
import { markPackagedInstallation } from '../../../main/config/installation';
import { aesGcmCodec, fileKeyProvider, KEY_FILE_NAME, openKioskDb, Outbox } from '../../../offline-cache';
import { goodBundle, partBytes } from '../../fixtures/config/bundles';
import { makeTestPki, type TestPki } from '../../support/test-pki';
import { kioskctl } from '../offline/kioskctl-run';

/**
 * kioskctl read the gateway from KIOSK_GATEWAY_URL only, while a packaged kiosk takes it from the
 * signed bundle in force: on a kiosk's own folder `queue drain` and `gateway health` had no
 * gateway (or another one than the kiosk's). Now kioskctl reads the folder's bundle as the kiosk
 * does, and on a packaged kiosk's folder refuses an environment naming the gateway.
 */
let pki: TestPki;
let gw: GatewaySimulator;
let dataDir: string;
let own: Record<string, string>;

beforeAll(async () => {
  pki = makeTestPki('K07');
  gw = await startGatewaySimulator({ tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert }, retryAfterS: 0 });
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-signed-cli-'));
  const store = new BundleStore(dataDir);
  const record = store.putBundle(4, partBytes(goodBundle(4, { settings: { devices: { gatewayUrl: `${gw.url}/`, gatewayCa: pki.ca.cert } } })), Date.now());
  store.write({ format: 1, current: record, lastKnownGood: record, refused: [] });
  // The installation's own certificate and key stay in its environment, as for the kiosk.
  own = { KIOSK_DATA_DIR: dataDir, KIOSK_ID: 'K07', KIOSK_GATEWAY_CERT: pki.kiosk.certFile, KIOSK_GATEWAY_KEY: pki.kiosk.keyFile };
});
afterAll(async () => {
  await gw?.close();
});

describe('kioskctl on a kiosk’s data folder takes the gateway from the signed bundle in force', () => {
  it('queue drain delivers to the bundle’s gateway over mutual TLS, nothing about it in the environment', async () => {
    const db = openKioskDb(join(dataDir, 'kiosk.db'));
    const outbox = new Outbox(db, { codec: aesGcmCodec(fileKeyProvider(join(dataDir, KEY_FILE_NAME))) });
    const entry = outbox.enqueue({ serviceId: 'national-address-update', personKey: 'p1', payload: { serviceId: 'national-address-update', applicant: { idNumber: DEMO_QID }, payload: { zone: 45, street: 1 }, submittedAt: '2026-11-28T09:00:00.000Z' } });
    db.close();
    const res = await kioskctl(['queue', 'drain', '--timeout-ms', '20000', '--json'], own);
    expect(res.stderr).toBe('');
    expect(JSON.parse(res.stdout)).toMatchObject({ delivered: 1, remaining: 0 });
    expect(gw.submissions().map((s) => s.localRef)).toEqual([entry.localRef]);
  }, 60_000);

  it('on a packaged kiosk’s folder the environment may not name the gateway; a flag on the technician’s command line may', async () => {
    const dev = await kioskctl(['gateway', 'health', '--json'], { ...own, KIOSK_GATEWAY_URL: 'http://127.0.0.1:9' });
    expect(JSON.parse(dev.stdout)).toMatchObject({ url: 'http://127.0.0.1:9', ok: false }); // development: the environment wins
    markPackagedInstallation(dataDir);
    const planted = await kioskctl(['gateway', 'health', '--json'], { ...own, KIOSK_GATEWAY_URL: 'https://evil.example/' });
    expect(planted.code).not.toBe(0);
    expect(planted.stderr).toContain('unset KIOSK_GATEWAY_URL');
    expect(planted.stdout).toBe('');
    const signed = await kioskctl(['gateway', 'health', '--json'], own);
    expect(JSON.parse(signed.stdout)).toMatchObject({ url: `${gw.url}/`, ok: true });
    const flagged = await kioskctl(['gateway', 'health', '--url', 'http://127.0.0.1:9', '--json'], own);
    expect(JSON.parse(flagged.stdout)).toMatchObject({ url: 'http://127.0.0.1:9', ok: false });
  }, 60_000);
});
