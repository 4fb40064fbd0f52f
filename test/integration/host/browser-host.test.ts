import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type BrowserHost, startBrowserHost } from '../../../main/browser-host/server';
import { silentLogger } from '../../../main/core/log';
import { makeKiosk } from '../../support/core-fakes';

let host: BrowserHost;
const kiosk = makeKiosk();

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
  host = await startBrowserHost({ core: kiosk.core, log: silentLogger, rendererDir: dir });
});
afterAll(() => host.close());

/** A fresh launch ticket per connection: each works once (screen-session.test.ts). */
const ticket = () => `?ticket=${new URLSearchParams(new URL(host.launchUrl()).hash.slice(1)).get('ticket')}`;

function connect(query: string, origin = `http://127.0.0.1:${host.port}`): Promise<{ ws: WebSocket; frames: unknown[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, { origin });
    const frames: unknown[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('browser host', () => {
  it('serves the renderer with a strict CSP and refuses paths outside it', async () => {
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect((await fetch(`${host.url}..%2f..%2fetc/passwd`)).status).toBe(403);
    expect((await fetch(`${host.url}missing.js`)).status).toBe(404);
    expect((await fetch(host.url, { method: 'POST' })).status).toBe(405);
    expect(new URL(host.url).hostname).toBe('127.0.0.1');
  });

  it('refuses a WebSocket without a launch ticket or from another origin', async () => {
    await expect(connect('')).rejects.toThrow('HTTP 403');
    await expect(connect('?ticket=wrong')).rejects.toThrow('HTTP 403');
    await expect(connect(ticket(), 'http://evil.example')).rejects.toThrow('HTTP 403');
  });

  it('pushes state and answers intents by id over the same contract as IPC', async () => {
    const { ws, frames } = await connect(ticket());
    await until(() => frames.length > 1);
    expect(frames[0]).toMatchObject({ type: 'session' });
    expect(frames[1]).toMatchObject({ type: 'state', state: { mode: { kind: 'attract', step: { screen: 'attract' } }, lang: 'ar' } });
    ws.send(JSON.stringify({ id: 7, intent: { type: 'setLanguage', lang: 'en' } }));
    await until(() => frames.some((f) => (f as { id?: number }).id === 7));
    expect(frames).toContainEqual({ type: 'result', id: 7, result: { ok: true } });
    expect(frames).toContainEqual(expect.objectContaining({ type: 'state', state: expect.objectContaining({ lang: 'en' }) }));

    ws.send(JSON.stringify({ id: 8, intent: { type: 'confirmPayment', amountCents: 1 } }));
    ws.send('not json');
    await until(() => frames.filter((f) => (f as { type: string }).type === 'result').length >= 3);
    expect(frames).toContainEqual({ type: 'result', id: 8, result: { ok: false, error: expect.objectContaining({ code: 'invalid-intent' }) } });
    expect(frames).toContainEqual({ type: 'result', id: -1, result: { ok: false, error: expect.objectContaining({ code: 'invalid-intent' }) } });
    const gone = new Promise((r) => ws.once('close', r));
    ws.close();
    await gone;
  });

  it('closes a connection that sends an oversized frame', async () => {
    const { ws } = await connect(ticket());
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify({ id: 1, intent: { type: 'activity', pad: 'x'.repeat(20_000) } }));
    expect(await closed).toBe(1009);
  });
});
