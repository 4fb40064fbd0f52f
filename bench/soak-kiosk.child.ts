/**
 * The kiosk the soak measures, in a process of its own as in the field: the browser host, the
 * session, the drivers on the world's pty and vpcd links, SQLite, delivery to the gateway URL and
 * telemetry to the collector URL, and nothing else. The simulators, their ledgers and the
 * printer's PNG rendering stay in the soak's process (bench/soak.bench.ts), which drives this one
 * over its WebSocket like a shopper's screen and asks it over the IPC channel for what only it
 * can see: its own memory, descriptors, handles and event-loop delay.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { withTestAnchors } from '../drivers/card/sim/signing';
import { startKiosk, type DeviceSettings } from '../main/app/compose';
import { startBrowserHost } from '../main/browser-host/server';
import { rendererDist } from '../main/cli/paths';
import { silentLogger } from '../main/core/log';
import type { TelemetrySettings } from '../main/telemetry/telemetry';
import { glibcHeap } from './glibc-heap';
import { countKinds, type MallocTotals } from './soak-report';
import { UNLIMITED_CLIENT } from './ws-shopper';

export interface SoakKioskArgs {
  dataDir: string;
  devices: DeviceSettings;
  telemetry: TelemetrySettings;
}

export interface KioskSnapshot {
  rss: number;
  heap: number;
  heapCommitted: number;
  external: number;
  arrayBuffers: number;
  fds: number;
  fdKinds: Record<string, number>;
  handles: number;
  malloc?: MallocTotals;
  trimmedRss?: number;
}

export type SoakRequest =
  /** settle: quiet and V8 settled first; glibc: then malloc's count and its free pages returned (gdb). */
  | { type: 'snapshot'; settle: boolean; glibc?: boolean }
  | { type: 'fault-event'; device: string; reason: string }
  | { type: 'loop'; on: boolean }
  | { type: 'close' };

export type SoakReply =
  | { type: 'ready'; port: number; launchUrl: string }
  | { type: 'snapshot'; snapshot: KioskSnapshot }
  | { type: 'fault-event' }
  | { type: 'loop'; p99Ms: number }
  | { type: 'close' };

/** A quiet moment: longer than the HTTP agents keep an idle socket alive (undici 4 s, node:http 5 s). */
const QUIET_MS = 6_000;
/**
 * V8 hands committed pages back after a GC only lazily (its memory reducer starts once allocation
 * has been low for a while): a snapshot taken right after a busy stretch counts pages the heap no
 * longer uses. GC and wait until the committed heap stops shrinking, at most this many rounds.
 */
const SETTLE_ROUNDS = 12;
const SETTLE_ROUND_MS = 2_500;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function fdTargets(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)];
    } catch {
      return []; // the descriptor readdir itself used, closed by now
    }
  });
}

function snapshot(): KioskSnapshot {
  gc();
  const mem = process.memoryUsage();
  const fds = fdTargets();
  return { rss: mem.rss, heap: mem.heapUsed, heapCommitted: mem.heapTotal, external: mem.external, arrayBuffers: mem.arrayBuffers, fds: fds.length, fdKinds: countKinds(fds), handles: process.getActiveResourcesInfo().length };
}

/** A snapshot at a quiet moment once V8 has settled; with `glibc`, then glibc's count and RSS once malloc has returned its free pages. */
async function settledSnapshot(glibc: boolean): Promise<KioskSnapshot> {
  await sleep(QUIET_MS);
  let committed = Infinity;
  for (let round = 0; round < SETTLE_ROUNDS; round++) {
    gc();
    await sleep(SETTLE_ROUND_MS);
    const now = process.memoryUsage().heapTotal;
    if (now >= committed) break;
    committed = now;
  }
  const s = snapshot();
  if (!glibc) return s;
  const malloc = glibcHeap({ trim: true });
  return { ...s, malloc, trimmedRss: malloc && process.memoryUsage().rss };
}

const reply = (message: SoakReply) => process.send!(message);
const args = JSON.parse(process.argv[2]!) as SoakKioskArgs;
const kiosk = await startKiosk({
  dataDir: args.dataDir,
  simulate: false,
  devices: args.devices,
  cardAnchors: withTestAnchors,
  log: silentLogger,
  gatewayProbe: { onlineIntervalMs: 500, offlineIntervalMs: 300, confirmMs: 100 },
  telemetry: args.telemetry,
});
// Sessions back to back with no terminal delay outpace a shopper: the budget is the flood bench's subject.
const host = await startBrowserHost({ core: kiosk.core, log: silentLogger, rendererDir: rendererDist, limits: UNLIMITED_CLIENT });
const loop = monitorEventLoopDelay({ resolution: 10 });

process.on('message', (request: SoakRequest) => {
  void (async () => {
    if (request.type === 'snapshot') reply({ type: 'snapshot', snapshot: request.settle ? await settledSnapshot(request.glibc ?? false) : snapshot() });
    else if (request.type === 'fault-event') {
      kiosk.telemetry.event('device-fault', 'warn', { device: request.device, reason: request.reason });
      reply({ type: 'fault-event' });
    } else if (request.type === 'loop') {
      if (request.on) loop.enable();
      else loop.disable();
      reply({ type: 'loop', p99Ms: loop.percentile(99) / 1e6 });
    } else {
      await host.close();
      await kiosk.close();
      reply({ type: 'close' });
      process.disconnect();
    }
  })();
});
reply({ type: 'ready', port: host.port, launchUrl: host.launchUrl() });
