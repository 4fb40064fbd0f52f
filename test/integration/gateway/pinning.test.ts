import { chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayTls, loadSettings } from '../../../main/config';
import { GatewayClient } from '../../../main/gateway/client';
import { spkiPin } from '../../../main/gateway/pins';
import { errorCode } from '../../../shared/coded-error';
import { makeTestPki, type Pem, type TestPki } from '../../support/test-pki';
import { kioskctl } from '../offline/kioskctl-run';

/**
 * A pinned gateway certificate worked only when it was self-signed: given as the CA, a
 * CA-issued leaf never verifies (OpenSSL anchors trust at a root). Now the CA is the root and a
 * pin names the SPKI of the leaf, an intermediate or the root. Real TLS servers with openssl's
 * certificates; each one counts the requests it handled, so "refused" means before any byte.
 */
let pki: TestPki;
const servers: Server[] = [];
const handled = new Map<string, number>();

async function gateway(identity: Pem): Promise<string> {
  const server = createServer({ cert: identity.cert, key: identity.key, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    handled.set(url, (handled.get(url) ?? 0) + 1);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ok', time: new Date().toISOString() }));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return url;
}

beforeAll(() => {
  pki = makeTestPki('K07');
});
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
});

const client = (url: string, pins: string[]) => new GatewayClient({ baseUrl: url, kioskId: 'K07', tls: { ca: pki.ca.cert, cert: pki.kiosk.cert, key: pki.kiosk.key, pins } });
const refusal = (c: GatewayClient) => c.trafficFines('28400000001').then(() => undefined, (err: unknown) => err);

describe('pinning the gateway by public key, beside the ministry CA', () => {
  it('takes a CA-issued leaf whose key is pinned and refuses another valid leaf of the same CA', async () => {
    const pinned = await gateway(pki.server);
    const other = await gateway(pki.otherServer);
    expect(await client(pinned, [spkiPin(pki.server.cert)]).health()).toBe(true);
    expect(await client(other, []).health()).toBe(true); // the CA alone takes either
    const err = await refusal(client(other, [spkiPin(pki.server.cert)]));
    expect(err).toMatchObject({ name: 'GatewayError', code: 'unreachable' });
    expect(errorCode((err as Error).cause)).toBe('ERR_GATEWAY_PIN_MISMATCH');
    expect(String((err as Error & { cause: Error }).cause.message)).toContain('gateway.moi.test < ministry-ca');
    expect(handled.get(other)).toBe(1); // the unpinned health check only
  });

  it('takes any key of the verified chain: an intermediate pinned takes its leaves and no other', async () => {
    const chained = await gateway(pki.chainedServer);
    const direct = await gateway(pki.server);
    const ica = spkiPin(pki.intermediate.cert);
    expect(await client(chained, [ica]).health()).toBe(true);
    expect(errorCode(((await refusal(client(direct, [ica]))) as Error).cause)).toBe('ERR_GATEWAY_PIN_MISMATCH');
    // The root's key pins the whole ministry tree; a second pin (a key rollover) is enough alone.
    expect(await client(chained, [spkiPin(pki.ca.cert)]).health()).toBe(true);
    expect(await client(direct, [spkiPin(pki.rogueCa.cert), spkiPin(pki.server.cert)]).health()).toBe(true);
    expect(handled.get(direct)).toBe(1);
  });

  it('still checks the chain and the name first: a pinned impostor key under a foreign CA is refused', async () => {
    const impostor = await gateway(pki.rogueServer);
    const err = await refusal(client(impostor, [spkiPin(pki.rogueServer.cert)]));
    expect(errorCode((err as Error).cause)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(handled.get(impostor)).toBeUndefined();
  });
});

describe('pins from the settings', () => {
  it('a CA file holding only a CA-issued leaf is refused when read, naming the pin to use instead', () => {
    chmodSync(pki.kiosk.keyFile, 0o600);
    const env = { HOME: '/home/kiosk', KIOSK_GATEWAY_CA: pki.server.certFile, KIOSK_GATEWAY_CERT: pki.kiosk.certFile, KIOSK_GATEWAY_KEY: pki.kiosk.keyFile };
    expect(() => gatewayTls(loadSettings({ env }).devices)).toThrow(
      expect.objectContaining({ code: 'invalid-config', key: 'devices.gatewayCaFile', message: expect.stringContaining(`KIOSK_GATEWAY_PINS): ${spkiPin(pki.server.cert)}`) }),
    );
    const pins = gatewayTls(loadSettings({ env: { ...env, KIOSK_GATEWAY_CA: pki.ca.certFile, KIOSK_GATEWAY_PINS: `${spkiPin(pki.server.cert)}, ${spkiPin(pki.intermediate.cert)}` } }).devices)?.pins;
    expect(pins).toEqual([spkiPin(pki.server.cert), spkiPin(pki.intermediate.cert)]);
    expect(() => loadSettings({ env: { ...env, KIOSK_GATEWAY_PINS: 'sha256/short=' } })).toThrow(expect.objectContaining({ key: 'devices.gatewayPins.0' }));
  });

  it('kioskctl gateway health honours KIOSK_GATEWAY_PINS', async () => {
    const url = await gateway(pki.otherServer);
    const env = { KIOSK_GATEWAY_CA: pki.ca.certFile, KIOSK_GATEWAY_CERT: pki.kiosk.certFile, KIOSK_GATEWAY_KEY: pki.kiosk.keyFile };
    const wrong = await kioskctl(['gateway', 'health', '--url', url, '--json'], { ...env, KIOSK_GATEWAY_PINS: spkiPin(pki.server.cert) });
    expect(wrong.code).toBe(1);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ ok: false });
    const right = await kioskctl(['gateway', 'health', '--url', url, '--json'], { ...env, KIOSK_GATEWAY_PINS: spkiPin(pki.otherServer.cert) });
    expect(JSON.parse(right.stdout)).toMatchObject({ ok: true });
    expect(handled.get(url)).toBe(1);
  }, 30_000);
});
