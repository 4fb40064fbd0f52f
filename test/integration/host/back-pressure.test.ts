import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import WebSocket from 'ws';
import { type BrowserHost, type HostLimits, startBrowserHost } from '../../../main/browser-host/server';
import type { Logger } from '../../../main/core/ports';
import { makeKiosk } from '../../support/core-fakes';
import { waitFor } from '../../support/wait';
import { get } from './kiosk-process';

/**
 * Issue 16, finding 3: a client sending 10,000 intents/s without reading grew the kiosk from 371
 * MB to 1.1 GB in 10 s, 100,000 rejected intents wrote 15 MB of log, 1,000 sockets were
 * accepted at once and every refused upgrade was logged. Each bound below is proven against a
 * real host over real sockets (the memory figures are in `npm run bench -- flood`).
 */
let host: BrowserHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

interface Line {
  event: string;
  fields?: Record<string, unknown>;
}

async function start(limits: Partial<HostLimits>, lines: Line[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
  const kiosk = makeKiosk();
  let dispatched = 0;
  const core = { onState: kiosk.core.onState.bind(kiosk.core), dispatch: (raw: unknown) => (dispatched++, kiosk.core.dispatch(raw)) } as typeof kiosk.core;
  const record = (event: string, fields?: Record<string, unknown>) => void lines.push({ event, fields });
  const log: Logger = { info: record, warn: record, error: record };
  host = await startBrowserHost({ core, log, rendererDir: dir, limits });
  return { host, dispatched: () => dispatched, lines };
}

async function open(h: BrowserHost): Promise<WebSocket> {
  const ticket = new URLSearchParams(new URL(h.launchUrl()).hash.slice(1)).get('ticket');
  const ws = new WebSocket(`ws://127.0.0.1:${h.port}/ws?ticket=${ticket}`, { origin: `http://127.0.0.1:${h.port}` });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return ws;
}

/** Only inside isolated-pcscd.sh's own network namespace (ISOLATED_PCSCD_PID): never the machine's routes. */
function restoreDelayedAcks(): void {
  if (!process.env.ISOLATED_PCSCD_PID) return;
  const quickack = (on: 0 | 1) => {
    for (const route of ['127.0.0.1', '127.0.0.0/8']) {
      execFileSync('ip', ['route', 'change', 'local', route, 'dev', 'lo', 'proto', 'kernel', 'scope', 'host', 'src', '127.0.0.1', 'table', 'local', 'quickack', String(on)]);
    }
  };
  quickack(0);
  onTestFinished(() => quickack(1));
}

const closeOf = (ws: WebSocket) => new Promise<number>((r) => (ws.readyState === ws.CLOSED ? r(1006) : ws.once('close', (code) => r(code))));

describe('bounded resources at the browser host', () => {
  it('a client flooding intents without reading is cut off, and only its budget reached the core', async () => {
    const { host: h, dispatched } = await start({ intentsPerSecond: 20, intentBurst: 40, droppedBeforeClose: 200 });
    const ws = await open(h);
    (ws as unknown as { _socket: Socket })._socket.pause(); // it never reads
    const closed = closeOf(ws);
    const began = Date.now();
    const frame = JSON.stringify({ id: 1, intent: { type: 'setLanguage', lang: 'en' } });
    for (let i = 0; i < 10_000 && ws.readyState === ws.OPEN; i++) ws.send(frame);
    (ws as unknown as { _socket: Socket })._socket.resume();
    expect(await closed).toBe(1008);
    const seconds = (Date.now() - began) / 1000;
    expect(dispatched()).toBeLessThanOrEqual(40 + Math.ceil(20 * seconds) + 1);
    expect(dispatched()).toBeGreaterThan(0);
  });

  it('a shopper’s pace is never limited', async () => {
    const { host: h, dispatched } = await start({ intentsPerSecond: 20, intentBurst: 40 });
    const ws = await open(h);
    const answers: unknown[] = [];
    ws.on('message', (d) => {
      const f = JSON.parse(d.toString()) as { type: string };
      if (f.type === 'result') answers.push(f);
    });
    for (let i = 1; i <= 30; i++) ws.send(JSON.stringify({ id: i, intent: { type: 'setLanguage', lang: i % 2 ? 'en' : 'ar' } }));
    await waitFor(() => answers.length === 30, { what: '30 answers' });
    expect(dispatched()).toBe(30);
    ws.close();
  });

  it('a client that does not read its states is closed once its buffer passes the bound', async () => {
    // Inside isolated-pcscd.sh the loopback ACKs at once (quickack, for vpcd's APDUs). With it the
    // host stopped taking this client's frames after ~88,000 intents, before its own buffer passed
    // the bound (TCP held everything; not understood yet, see the issue note). A kiosk's loopback
    // has no quickack, so this case restores the kernel's default for its few seconds; the lane
    // runs its files one at a time, so no card test shares those seconds.
    restoreDelayedAcks();
    const lines: Line[] = [];
    const { host: h } = await start({ intentsPerSecond: 1_000_000, intentBurst: 1_000_000, maxBufferedBytes: 256 * 1024 }, lines);
    const ws = await open(h);
    (ws as unknown as { _socket: Socket })._socket.pause();
    const closed = closeOf(ws);
    // Every toggle answers with a result and a whole state: far more than loopback's socket buffers hold.
    for (let i = 0; i < 40_000 && ws.readyState === ws.OPEN; i++) ws.send(JSON.stringify({ id: i, intent: { type: 'setLanguage', lang: i % 2 ? 'en' : 'ar' } }));
    await waitFor(() => lines.some((l) => l.event === 'ws-slow-reader'), { what: 'the host giving up on the slow reader', timeoutMs: 60_000 });
    (ws as unknown as { _socket: Socket })._socket.resume();
    await closed;
    const slow = lines.find((l) => l.event === 'ws-slow-reader')!;
    expect(slow.fields?.bufferedBytes as number).toBeGreaterThan(256 * 1024);
    expect(slow.fields?.bufferedBytes as number).toBeLessThan(256 * 1024 + 64 * 1024);
  });

  it('holds at most maxUnauthenticated strangers’ sockets, and drops one that never sends a request', async () => {
    const { host: h } = await start({ maxUnauthenticated: 8, handshakeTimeoutMs: 1000 });
    const sockets: Socket[] = [];
    const closedEarly: number[] = [];
    for (let i = 0; i < 40; i++) {
      const s = tcpConnect(h.port, '127.0.0.1');
      s.on('error', () => undefined);
      s.on('close', () => closedEarly.push(i));
      sockets.push(s);
    }
    await waitFor(() => closedEarly.length >= 32, { what: 'the sockets past the bound closed' });
    // The ones it held are dropped for sending nothing, so the kiosk's own page loads again.
    await waitFor(() => closedEarly.length === 40, { what: 'idle sockets dropped', timeoutMs: 10_000 });
    expect((await get(h.port, '/')).status).toBe(200);
  });

  it('a stranger that trickles its request headers is closed at the handshake deadline', async () => {
    const { host: h } = await start({ handshakeTimeoutMs: 800 });
    const s = tcpConnect(h.port, '127.0.0.1');
    s.on('error', () => undefined);
    const closed = new Promise<number>((r) => s.once('close', () => r(Date.now())));
    await new Promise((r) => s.once('connect', r));
    const began = Date.now();
    // One byte every 100 ms: never idle long enough for an idle timeout, never a whole request.
    const trickle = setInterval(() => s.writable && s.write('X'), 100);
    s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nX-Slow: `);
    const at = await closed;
    clearInterval(trickle);
    expect(at - began).toBeGreaterThanOrEqual(700);
    expect(at - began).toBeLessThan(3000);
  });

  it('logs at most its lines per second per event, and then says how many it left out', async () => {
    const lines: Line[] = [];
    const { host: h } = await start({ logLinesPerSecond: 10 }, lines);
    const UPGRADE = { Upgrade: 'websocket', Connection: 'Upgrade', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', Origin: `http://127.0.0.1:${h.port}` };
    const began = Date.now();
    await Promise.all(Array.from({ length: 300 }, () => get(h.port, '/ws?ticket=forged', UPGRADE)));
    const seconds = Math.ceil((Date.now() - began) / 1000);
    const refused = () => lines.filter((l) => l.event === 'ws-refused').length;
    const suppressed = () => lines.filter((l) => l.event === 'log-suppressed' && l.fields?.suppressedEvent === 'ws-refused').reduce((n, l) => n + (l.fields?.count as number), 0);
    expect(refused()).toBeLessThanOrEqual(10 * (seconds + 1));
    await waitFor(() => refused() + suppressed() === 300, { what: 'a summary of every line left out', describeLast: () => ({ refused: refused(), suppressed: suppressed() }) });
  });
});
