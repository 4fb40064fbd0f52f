import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { type BrowserHost, startBrowserHost } from '../../../main/browser-host/server';
import type { Logger } from '../../../main/core/ports';
import { type LabControls, type LabServer, startLabServer } from '../../../main/lab/server';
import { makeKiosk } from '../../support/core-fakes';
import { fuzzIt } from '../../support/fuzz';
import { get, rawRequest } from './kiosk-process';

/**
 * Issue 16, "what must hold": neither loopback server crashes on any request. Generated request
 * lines, headers and bodies (the lab's token included, so bodies get parsed) against both real
 * servers: never a 5xx, never a dead server, and any handler failure logged (it never is here).
 * KIOSK_FUZZ_RUNS=N runs N cases per server.
 */
const errors: string[] = [];
const log: Logger = { info: () => undefined, warn: () => undefined, error: (event) => void errors.push(event) };
const controls: LabControls = {
  insertCard: async () => undefined,
  cardVariants: ['demo', 'pin', 'belpic', 'expired', 'technician'],
  removeCard: async () => undefined,
  terminalScenarios: ['approve', 'decline'],
  setTerminalScenario: () => undefined,
  setGatewayDown: () => undefined,
  setPrinterPaperOut: () => undefined,
  lastReceiptPng: () => undefined,
};
let host: BrowserHost;
let lab: LabServer;
let labPort: number;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
  host = await startBrowserHost({ core: makeKiosk().core, log, rendererDir: dir, limits: { maxUnauthenticated: 256 } });
  lab = await startLabServer(controls, log);
  labPort = Number(new URL(lab.url).port);
});
afterAll(async () => {
  await host.close();
  await lab.close();
});

const piece = fc.constantFrom('/', '%', '%c0', '%ae', '%ff', '%00', '%2e%2e', '..', '?', '#', 'ws', 'action', 'token=', '&', '\\', '//', 'a', 'é', '%E2%82', '*', 'last-receipt.png');
const target = fc.array(piece, { maxLength: 10 }).map((p) => `/${p.join('')}`);
const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'G\u00c9T', 'TRACE');
const body = fc.oneof(
  fc.constant(''),
  fc.json(),
  fc.string({ maxLength: 200 }),
  fc.record({ action: fc.constantFrom('card-insert', 'card-remove', 'terminal-scenario', 'gateway', 'printer-paper', 'freeze', 'x'), scenario: fc.string(), down: fc.oneof(fc.boolean(), fc.string()), variant: fc.string(), ms: fc.integer() }, { requiredKeys: [] }).map((o) =>
    // A real freeze would stop this very test's event loop: it is the watchdog test's subject.
    JSON.stringify(o.action === 'freeze' ? { ...o, action: 'x' } : o),
  ),
);
const contentType = fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain', '', 'application/json; charset=latin1');

async function hostile(port: number, token: string | undefined, m: string, t: string, ct: string, b: string, host = `127.0.0.1:${port}`) {
  const bytes = Buffer.from(b, 'utf8');
  const headers = [`Host: ${host}`, 'Connection: close', ...(ct ? [`Content-Type: ${ct}`] : []), ...(token ? [`Authorization: Bearer ${token}`] : []), `Content-Length: ${bytes.length}`];
  const res = await rawRequest(port, Buffer.concat([Buffer.from(`${m} ${t} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]));
  if (res.status !== undefined) expect(res.status, `${m} ${t} ${b.slice(0, 60)}`).toBeLessThan(500);
}

describe('fuzzing both loopback servers', () => {
  fuzzIt('the lab never fails or dies, token or not', 400, async (numRuns) => {
    await fc.assert(
      fc.asyncProperty(method, target, contentType, body, fc.boolean(), fc.boolean(), async (m, t, ct, b, withToken, ownHost) => {
        await hostile(labPort, withToken ? lab.token : undefined, m, t, ct, b, ownHost ? `127.0.0.1:${labPort}` : 'evil.example');
      }),
      { numRuns },
    );
    expect((await get(labPort, `/?token=${lab.token}`)).status).toBe(200);
    expect(errors).toEqual([]);
  });

  fuzzIt('the browser host never fails or dies', 400, async (numRuns) => {
    await fc.assert(
      fc.asyncProperty(method, target, contentType, body, fc.boolean(), async (m, t, ct, b, ownHost) => {
        await hostile(host.port, undefined, m, t, ct, b, ownHost ? `127.0.0.1:${host.port}` : 'evil.example');
      }),
      { numRuns },
    );
    expect((await get(host.port, '/')).status).toBe(200);
    expect(errors).toEqual([]);
  });
});
