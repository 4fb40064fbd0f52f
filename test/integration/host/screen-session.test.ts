import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type BrowserHost, startBrowserHost } from '../../../main/browser-host/server';
import { silentLogger } from '../../../main/core/log';
import { makeKiosk } from '../../support/core-fakes';
import { waitFor } from '../../support/wait';

/**
 * Issue 16, finding 2: the session token sat in Chromium's command line, never expired, and any
 * number of sockets could use it at once; another account read it from /proc and drove the
 * kiosk. Now the page gets a one-time launch ticket, exchanges it for a session bound to one
 * WebSocket, and resumes with a token that is replaced on every connection and expires.
 * A real host, real WebSockets.
 */
let host: BrowserHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start(session?: Parameters<typeof startBrowserHost>[0]['session']): Promise<BrowserHost> {
  const dir = mkdtempSync(join(tmpdir(), 'renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
  host = await startBrowserHost({ core: makeKiosk().core, log: silentLogger, rendererDir: dir, session });
  return host;
}

const ticketOf = (launchUrl: string) => new URLSearchParams(new URL(launchUrl).hash.slice(1)).get('ticket') ?? '';

interface Screen {
  ws: WebSocket;
  frames: { type: string; resume?: string; state?: unknown }[];
  /** The newest resume token the host gave this connection. */
  resume(): string | undefined;
  closed: Promise<number>;
}

function connect(h: BrowserHost, query: string): Promise<Screen> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws${query}`, { origin: `http://127.0.0.1:${h.port}` });
    const frames: Screen['frames'] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString()) as Screen['frames'][number]));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.once('open', () => resolve({ ws, frames, closed, resume: () => frames.filter((f) => f.type === 'session').at(-1)?.resume }));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

async function session(h: BrowserHost, query: string): Promise<Screen & { token: string }> {
  const screen = await connect(h, query);
  await waitFor(() => screen.resume() !== undefined && screen.frames.some((f) => f.type === 'state'), { what: 'a session frame and the first state' });
  return { ...screen, token: screen.resume()! };
}

async function hangUp(screen: Screen): Promise<void> {
  screen.ws.close();
  await screen.closed;
}

describe('the kiosk window’s session', () => {
  it('a launch ticket admits one connection, once; its first frame is the session, then the state', async () => {
    const h = await start();
    const ticket = ticketOf(h.launchUrl());
    const first = await session(h, `?ticket=${ticket}`);
    expect(first.frames[0]).toMatchObject({ type: 'session', resume: expect.stringMatching(/^[\w-]{40,}$/) });
    expect(first.frames[1]).toMatchObject({ type: 'state' });
    await hangUp(first);
    await expect(connect(h, `?ticket=${ticket}`)).rejects.toThrow('HTTP 403');
    await expect(connect(h, '?ticket=')).rejects.toThrow('HTTP 403');
    await expect(connect(h, '?token=anything')).rejects.toThrow('HTTP 403');
  });

  it('refuses a second connection while the kiosk window is connected, whatever it holds', async () => {
    const h = await start();
    const first = await session(h, `?ticket=${ticketOf(h.launchUrl())}`);
    await expect(connect(h, `?ticket=${ticketOf(h.launchUrl())}`)).rejects.toThrow('HTTP 409');
    await expect(connect(h, `?resume=${first.token}`)).rejects.toThrow('HTTP 409');
    // The first connection was not disturbed by the attempts.
    first.ws.send(JSON.stringify({ id: 1, intent: { type: 'setLanguage', lang: 'en' } }));
    await waitFor(() => first.frames.some((f) => (f as { id?: number }).id === 1), { what: 'the answer on the first connection' });
    await hangUp(first);
  });

  it('resumes after a drop with the token it was given, which is replaced: an old one never works again', async () => {
    const h = await start();
    const first = await session(h, `?ticket=${ticketOf(h.launchUrl())}`);
    const firstToken = first.token;
    await hangUp(first);
    const second = await session(h, `?resume=${firstToken}`);
    expect(second.token).not.toBe(firstToken);
    await hangUp(second);
    await expect(connect(h, `?resume=${firstToken}`)).rejects.toThrow('HTTP 403');
    const third = await session(h, `?resume=${second.token}`);
    await hangUp(third);
  });

  it('a resume token expires; a live connection is given a fresh one before that', async () => {
    let now = 1_000_000;
    const h = await start({ now: () => now, resumeTtlMs: 60_000, rotateEveryMs: 50 });
    const first = await session(h, `?ticket=${ticketOf(h.launchUrl())}`);
    const given = first.token;
    await waitFor(() => first.frames.filter((f) => f.type === 'session').length >= 2, { what: 'a rotated resume token' });
    const rotated = first.resume()!;
    expect(rotated).not.toBe(given);
    await hangUp(first);
    now += 60_001;
    await expect(connect(h, `?resume=${rotated}`)).rejects.toThrow('HTTP 403');
  });

  it('a launch ticket nobody used expires', async () => {
    let now = 5_000;
    const h = await start({ now: () => now, ticketTtlMs: 1000 });
    const late = ticketOf(h.launchUrl());
    now += 1001;
    await expect(connect(h, `?ticket=${late}`)).rejects.toThrow('HTTP 403');
    const fresh = await session(h, `?ticket=${ticketOf(h.launchUrl())}`);
    await hangUp(fresh);
  });
});
