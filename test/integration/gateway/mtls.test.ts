import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayClient } from '../../../main/gateway/client';
import { errorCode } from '../../../shared/coded-error';
import { makeTestPki, type TestPki } from '../../support/test-pki';

/**
 * Issue 16, finding 6: the gateway link was a plain fetch that took http:// and presented no
 * certificate, though gateway/openapi.yaml promises mutual TLS. Real TLS servers (node:https)
 * with certificates openssl made for this run: the ministry's own, an impostor's, and one that
 * asks for the kiosk's certificate.
 */
let pki: TestPki;
const servers: Server[] = [];
const seen: { path: string; clientCn?: string }[] = [];

async function gateway(identity: { cert: string; key: string }): Promise<string> {
  const server = createServer({ cert: identity.cert, key: identity.key, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true }, (req, res) => {
    const peer = (req.socket as TLSSocket).getPeerCertificate();
    seen.push({ path: req.url ?? '', clientCn: String(peer.subject?.CN) });
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'ok', time: new Date().toISOString() }));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(() => {
  pki = makeTestPki('K07');
});
afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
});

const kioskTls = () => ({ ca: pki.ca.cert, cert: pki.kiosk.cert, key: pki.kiosk.key });

async function failure(client: GatewayClient): Promise<unknown> {
  return client.trafficFines('28400000001').then(
    () => undefined,
    (err: unknown) => err,
  );
}

describe('the gateway link is mutual TLS to the ministry', () => {
  it('talks to the ministry’s gateway, which sees the kiosk’s own certificate', async () => {
    const url = await gateway(pki.server);
    const client = new GatewayClient({ baseUrl: url, kioskId: 'K07', tls: kioskTls() });
    expect(await client.health()).toBe(true);
    expect(seen.at(-1)).toEqual({ path: '/v1/health', clientCn: 'K07' });
  });

  it('refuses a gateway whose certificate is not the ministry CA’s, before a byte of the request leaves', async () => {
    const url = await gateway(pki.rogueServer);
    const before = seen.length;
    const err = await failure(new GatewayClient({ baseUrl: url, kioskId: 'K07', tls: kioskTls() }));
    expect(err).toMatchObject({ name: 'GatewayError', code: 'unreachable' });
    expect(errorCode((err as Error).cause)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(seen.length).toBe(before);
  });

  it('is refused by the gateway without the kiosk’s certificate', async () => {
    const url = await gateway(pki.server);
    const before = seen.length;
    // Node's https itself, with the right CA but no client certificate: the server ends the handshake.
    const { request } = await import('node:https');
    const refused = await new Promise<unknown>((resolve) => {
      const req = request(`${url}/v1/health`, { ca: pki.ca.cert }, () => resolve(undefined));
      req.on('error', resolve);
      req.end();
    });
    expect(refused).toBeInstanceOf(Error);
    expect(seen.length).toBe(before);
    // And a kiosk certificate from another CA is no better.
    const err = await failure(new GatewayClient({ baseUrl: url, kioskId: 'K07', tls: { ca: pki.ca.cert, cert: pki.rogueServer.cert, key: pki.rogueServer.key } }));
    expect(err).toMatchObject({ name: 'GatewayError', code: 'unreachable' });
    expect(seen.length).toBe(before);
  });

  it('never makes a client for plain HTTP off this machine, nor for HTTPS without the kiosk’s certificate', () => {
    expect(() => new GatewayClient({ baseUrl: 'http://gateway.moi.example', kioskId: 'K07' })).toThrow(expect.objectContaining({ code: 'insecure-link' }));
    expect(() => new GatewayClient({ baseUrl: 'http://10.0.0.5:8080', kioskId: 'K07' })).toThrow(expect.objectContaining({ code: 'insecure-link' }));
    expect(() => new GatewayClient({ baseUrl: 'https://gateway.moi.example', kioskId: 'K07' })).toThrow(expect.objectContaining({ code: 'insecure-link' }));
    expect(() => new GatewayClient({ baseUrl: 'ftp://gateway.moi.example', kioskId: 'K07' })).toThrow(expect.objectContaining({ code: 'insecure-link' }));
    // The simulator and tests on loopback keep plain HTTP.
    expect(() => new GatewayClient({ baseUrl: 'http://127.0.0.1:4010', kioskId: 'K07' })).not.toThrow();
  });
});

describe('end to end over mutual TLS', () => {
  it('kioskctl queue drain delivers the encrypted queue to the gateway simulator serving mTLS, with the TLS files from the settings', async () => {
    const { mkdtempSync, chmodSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { DEMO_QID, startGatewaySimulator } = await import('../../../gateway');
    const { aesGcmCodec, fileKeyProvider, KEY_FILE_NAME, openKioskDb, Outbox } = await import('../../../offline-cache');
    const { kioskctl } = await import('../offline/kioskctl-run');
    const gw = await startGatewaySimulator({ tls: { cert: pki.server.cert, key: pki.server.key, ca: pki.ca.cert }, retryAfterS: 0 });
    try {
      expect(gw.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
      const dir = mkdtempSync(join(tmpdir(), 'kiosk-mtls-'));
      const db = openKioskDb(join(dir, 'kiosk.db'));
      const outbox = new Outbox(db, { codec: aesGcmCodec(fileKeyProvider(join(dir, KEY_FILE_NAME))) });
      const entry = outbox.enqueue({ serviceId: 'national-address-update', personKey: 'p1', payload: { serviceId: 'national-address-update', applicant: { idNumber: DEMO_QID }, payload: { zone: 45, street: 1 }, submittedAt: '2026-11-28T09:00:00.000Z' } });
      db.close();
      const tlsEnv = { KIOSK_GATEWAY_CA: pki.ca.certFile, KIOSK_GATEWAY_CERT: pki.kiosk.certFile, KIOSK_GATEWAY_KEY: pki.kiosk.keyFile };
      chmodSync(pki.kiosk.keyFile, 0o644);
      const loose = await kioskctl(['queue', 'drain', '--db', join(dir, 'kiosk.db'), '--gateway-url', gw.url, '--json'], tlsEnv);
      expect(loose.code).not.toBe(0);
      expect(loose.stderr).toMatch(/KIOSK_GATEWAY_KEY=.* the private key is readable by other users/);
      chmodSync(pki.kiosk.keyFile, 0o600);
      const without = await kioskctl(['queue', 'drain', '--db', join(dir, 'kiosk.db'), '--gateway-url', gw.url, '--timeout-ms', '3000', '--json']);
      expect(without.code).not.toBe(0);
      expect(without.stderr).toMatch(/mutual TLS/);
      expect(gw.submissions()).toEqual([]);
      const res = await kioskctl(['queue', 'drain', '--db', join(dir, 'kiosk.db'), '--gateway-url', gw.url, '--timeout-ms', '20000', '--json'], tlsEnv);
      expect(res.stderr).toBe('');
      expect(JSON.parse(res.stdout)).toMatchObject({ delivered: 1, remaining: 0 });
      expect(gw.submissions().map((s) => s.localRef)).toEqual([entry.localRef]);
    } finally {
      await gw.close();
    }
  });
});
