import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserHost, startBrowserHost } from '../../../main/browser-host/server';
import type { Logger } from '../../../main/core/ports';
import { type LabControls, type LabServer, startLabServer } from '../../../main/lab/server';
import { makeKiosk } from '../../support/core-fakes';
import { rawRequest } from './kiosk-process';

/**
 * Issue 16, finding 4: neither loopback server looked at the Host header, so a page on
 * evil.example whose name a rebinding DNS points at 127.0.0.1 was served the kiosk page and, but
 * for the Origin check, the WebSocket. The lab parsed a request's body before its token (an
 * unauthenticated caller got a 500 with the JSON parser's message) and sent no
 * frame-ancestors or nosniff. Real servers, raw sockets.
 */
const logged: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
const log: Logger = {
  info: (event, fields) => logged.push({ level: 'info', event, fields }),
  warn: (event, fields) => logged.push({ level: 'warn', event, fields }),
  error: (event, fields) => logged.push({ level: 'error', event, fields }),
};
const actions: string[] = [];
const controls: LabControls = {
  insertCard: async () => void actions.push('insert'),
  cardVariants: ['demo', 'pin', 'belpic', 'expired', 'technician'],
  removeCard: async () => void actions.push('remove'),
  terminalScenarios: ['approve'],
  setTerminalScenario: () => undefined,
  setGatewayDown: () => undefined,
  setPrinterPaperOut: (out) => void actions.push(`paper:${out}`),
  lastReceiptPng: () => undefined,
};

let host: BrowserHost;
let lab: LabServer;
let labPort: number;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
  host = await startBrowserHost({ core: makeKiosk().core, log, rendererDir: dir });
  lab = await startLabServer(controls, log);
  labPort = Number(new URL(lab.url).port);
});
afterAll(async () => {
  await host.close();
  await lab.close();
});

const request = (port: number, method: string, target: string, headers: Record<string, string>, body = '') =>
  rawRequest(port, `${method} ${target} HTTP/1.1\r\n${Object.entries({ Connection: 'close', ...headers, ...(body ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}) }).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${body}`);

const UPGRADE = { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' };

describe('the Host header (DNS rebinding)', () => {
  it('the browser host serves only requests addressed to 127.0.0.1:<its port>', async () => {
    const own = `127.0.0.1:${host.port}`;
    expect((await request(host.port, 'GET', '/', { Host: own })).status).toBe(200);
    for (const bad of ['evil.example', `evil.example:${host.port}`, '127.0.0.1', `127.0.0.1:${host.port + 1}`, `localhost.evil.example:${host.port}`]) {
      const res = await request(host.port, 'GET', '/', { Host: bad });
      expect(res.status, bad).toBe(421);
      expect(res.body).not.toContain('<title>kiosk');
    }
    // HTTP/1.1 without a Host is refused by Node itself (requireHostHeader).
    expect((await request(host.port, 'GET', '/', {})).status).toBe(400);
    const ws = await request(host.port, 'GET', '/ws?token=x', { Host: 'evil.example', Origin: 'http://evil.example', ...UPGRADE });
    expect(ws.status).toBe(421);
  });

  it('the lab serves only requests addressed to 127.0.0.1:<its port>', async () => {
    const res = await request(labPort, 'GET', `/?token=${lab.token}`, { Host: 'evil.example' });
    expect(res.status).toBe(421);
    expect(res.body).not.toContain(lab.token);
    const action = await request(labPort, 'POST', '/action', { Host: `evil.example:${labPort}`, 'Content-Type': 'application/json', Authorization: `Bearer ${lab.token}` }, JSON.stringify({ action: 'card-remove' }));
    expect(action.status).toBe(421);
    expect(actions).toEqual([]);
    expect((await request(labPort, 'GET', `/?token=${lab.token}`, { Host: `127.0.0.1:${labPort}` })).status).toBe(200);
  });
});

describe('the lab', () => {
  const own = () => ({ Host: `127.0.0.1:${labPort}` });

  it('checks its token before it reads a body: no token, no parsing, no parser message', async () => {
    logged.length = 0;
    for (const body of ['{"action":', 'not json', '{"action":"card-remove"}']) {
      const res = await request(labPort, 'POST', '/action', { ...own(), 'Content-Type': 'application/json' }, body);
      expect(res.status, body).toBe(403);
      expect(res.body).not.toMatch(/JSON|Unexpected|position/);
    }
    const form = await request(labPort, 'POST', '/action', { ...own(), 'Content-Type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ token: lab.token, action: 'card-remove' }).toString());
    expect(form.status, 'a token in a form body is a body').toBe(403);
    expect(actions).toEqual([]);
    expect(logged.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('answers a malformed body from its token holder with 400, never 500', async () => {
    const auth = { ...own(), 'Content-Type': 'application/json', Authorization: `Bearer ${lab.token}` };
    for (const body of ['{"action":', 'null', '[]', '"x"', '{"__proto__":{"action":"card-remove"}}']) {
      const res = await request(labPort, 'POST', '/action', auth, body);
      expect(res.status, body).toBe(400);
      expect(res.body).not.toMatch(/Unexpected|position/);
    }
    expect((await request(labPort, 'GET', '/%c0%ae', own())).status).toBe(400);
    expect(actions).toEqual([]);
  });

  it('its page cannot be framed or sniffed, and its forms carry the token outside the body', async () => {
    const page = await request(labPort, 'GET', `/?token=${lab.token}`, own());
    expect(page.status).toBe(200);
    expect(page.head).toMatch(/content-security-policy: [^\r]*frame-ancestors 'none'/i);
    expect(page.head).toMatch(/x-content-type-options: nosniff/i);
    expect(page.head).toMatch(/referrer-policy: no-referrer/i);
    expect(page.head).toMatch(/cache-control: no-store/i);
    const refused = await request(labPort, 'GET', '/', own());
    expect(refused.status).toBe(403);
    expect(refused.head).toMatch(/x-content-type-options: nosniff/i);
    // The page's own forms still work (the token rides in the action's query, read before the body).
    const formAction = /<form method="post" action="([^"]+)"/.exec(page.body)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const form = await request(labPort, 'POST', formAction, { ...own(), 'Content-Type': 'application/x-www-form-urlencoded' }, new URLSearchParams({ action: 'printer-paper', out: 'true' }).toString());
    expect(form.status).toBe(303);
    expect(actions).toEqual(['paper:true']);
  });
});
