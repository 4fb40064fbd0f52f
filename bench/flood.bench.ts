/**
 * The browser host under a flood (issue 16, finding 3), the attacker in a child process so its
 * own buffers are not counted:
 * - memory: a client holding the session sends 10,000 intents/s and never reads. The kiosk's
 *   RSS growth over the flood, with the host's limits (the flooder is cut off within its budget)
 *   beside the same host with the limits lifted (what the issue measured: 371 MB → 1.1 GB).
 * - touch latency: the shopper holds the session and taps (setLanguage, answer and new state)
 *   while an attacker without it holds 1,000 sockets and hammers upgrades with forged tickets
 *   and page requests, beside the same taps with nobody else there.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserHost, type HostLimits, startBrowserHost } from '../main/browser-host/server';
import { silentLogger } from '../main/core/log';
import { makeKiosk } from '../test/support/core-fakes';
import { type Bench, percentile } from './types';
import { WsScreen } from './ws-shopper';

const FLOOD_SECONDS = Number(process.env.FLOOD_SECONDS ?? 10);
const TAPS = Number(process.env.FLOOD_TAPS ?? 300);
const MB = 1024 * 1024;

/** The attacker, as a separate process: `holder` floods from inside the session, `outsider` from outside it. */
const ATTACKER = `
const { default: WebSocket } = await import('ws');
const net = await import('node:net');
const [mode, port, ticket, seconds] = process.argv.slice(1);
const origin = 'http://127.0.0.1:' + port;
const end = Date.now() + Number(seconds) * 1000;
if (mode === 'holder') {
  const ws = new WebSocket('ws://127.0.0.1:' + port + '/ws?ticket=' + ticket, { origin });
  ws.on('error', () => {});
  ws.on('open', () => {
    ws._socket.pause();
    const frame = JSON.stringify({ id: 1, intent: { type: 'setLanguage', lang: 'en' } });
    const timer = setInterval(() => {
      if (Date.now() > end || ws.readyState !== 1) { clearInterval(timer); process.exit(0); }
      for (let i = 0; i < 100; i++) ws.send(frame);
    }, 10);
  });
} else {
  const held = [];
  for (let i = 0; i < 1000; i++) { const s = net.connect(Number(port), '127.0.0.1'); s.on('error', () => {}); held.push(s); }
  const upgrade = 'GET /ws?ticket=forged HTTP/1.1\\r\\nHost: 127.0.0.1:' + port + '\\r\\nOrigin: ' + origin + '\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Version: 13\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\n\\r\\n';
  const page = 'GET /%c0%ae%c0%ae/etc/passwd HTTP/1.1\\r\\nHost: 127.0.0.1:' + port + '\\r\\nConnection: close\\r\\n\\r\\n';
  let inFlight = 0;
  const fire = () => {
    while (inFlight < 50 && Date.now() < end) {
      inFlight++;
      const s = net.connect(Number(port), '127.0.0.1', () => s.end(Math.random() < 0.5 ? upgrade : page));
      s.on('error', () => {});
      s.on('close', () => { inFlight--; setImmediate(fire); });
      s.resume();
    }
    if (Date.now() >= end && inFlight === 0) process.exit(0);
  };
  fire();
  setTimeout(() => process.exit(0), Number(seconds) * 1000 + 2000);
}
`;

function attack(mode: 'holder' | 'outsider', host: BrowserHost, seconds: number): Promise<void> {
  const ticket = new URLSearchParams(new URL(host.launchUrl()).hash.slice(1)).get('ticket') ?? '';
  const child = spawn(process.execPath, ['--input-type=module', '-e', ATTACKER, mode, String(host.port), ticket, String(seconds)], { stdio: 'ignore', cwd: process.cwd() });
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function hostWith(limits?: Partial<HostLimits>) {
  const dir = mkdtempSync(join(tmpdir(), 'flood-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
  const kiosk = makeKiosk();
  return startBrowserHost({ core: kiosk.core, log: silentLogger, rendererDir: dir, limits });
}

async function memoryUnderFlood(limits?: Partial<HostLimits>): Promise<number> {
  const host = await hostWith(limits);
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  await attack('holder', host, FLOOD_SECONDS);
  clearInterval(sampler);
  await host.close();
  return (peak - before) / MB;
}

async function tapLatencies(screen: WsScreen): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < TAPS; i++) {
    const lang = i % 2 ? 'en' : 'ar';
    const began = performance.now();
    await screen.send({ type: 'setLanguage', lang });
    await screen.until((s) => s.lang === lang);
    samples.push(performance.now() - began);
    // A shopper's pace: a tap every 50 ms, well inside the per-client budget.
    await new Promise((r) => setTimeout(r, 50));
  }
  return samples;
}

const bench: Bench = {
  name: 'flood',
  async run() {
    const limited = await memoryUnderFlood();
    const unlimited = await memoryUnderFlood({ intentsPerSecond: 1e9, intentBurst: 1e9, maxBufferedBytes: Number.MAX_SAFE_INTEGER });

    const quiet = await hostWith();
    const calmScreen = await WsScreen.open(quiet);
    const calm = await tapLatencies(calmScreen);
    calmScreen.close();
    await quiet.close();
    // The kiosk window is connected before the attack, as on a kiosk in service.
    const busy = await hostWith();
    const screen = await WsScreen.open(busy);
    const tapSeconds = Math.ceil((TAPS * 55) / 1000) + 2;
    const outsider = attack('outsider', busy, tapSeconds);
    await new Promise((r) => setTimeout(r, 500)); // let it take its sockets first
    const flooded = await tapLatencies(screen);
    await outsider;
    screen.close();
    await busy.close();

    return {
      title: `Browser host under a flood (${FLOOD_SECONDS} s of 10,000 intents/s; ${TAPS} taps beside 1,000 sockets and forged upgrades)`,
      baseline: 'memory: the same host with its limits lifted; latency: the same taps with nobody else connected',
      rows: [
        { metric: 'RSS growth, session holder flooding without reading', unit: 'MB', value: limited, baseline: unlimited, better: 'lower', goal: 50 },
        { metric: 'tap → new state, p50, beside the outsider flood', unit: 'ms', value: percentile(flooded, 50), baseline: percentile(calm, 50), better: 'lower' },
        { metric: 'tap → new state, p95, beside the outsider flood', unit: 'ms', value: percentile(flooded, 95), baseline: percentile(calm, 95), better: 'lower', goal: Math.max(20, 3 * percentile(calm, 95)) },
      ],
      notes: ['The outsider cannot reach the session (one connection, one-time tickets); what it costs is sockets, parsing and refused-upgrade logging, all bounded.'],
    };
  },
};

export default bench;
