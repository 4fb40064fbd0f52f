/**
 * Soak: SOAK_SESSIONS (default 1,000) complete shopper sessions through the real stack — the
 * browser host's WebSocket, the virtual card on pcscd (bench slot, vpcd 35966), the ZVT terminal
 * and ESC/POS printer simulators on ptys, SQLite, the gateway simulator, telemetry pushing to an
 * OTLP collector — with random faults (declines, shopper aborts, unreadable payment cards, a flaky
 * or down ministry, paper out, a card pulled mid-session, a collector that is down, hangs or
 * resets). Reported after a warm-up: RSS and heap growth (goal ≤ 10 MB), both as the difference of
 * two snapshots taken at a quiet moment and as the least-squares trend over samples all through the
 * run (bench/soak-report.ts: a leak grows, noise swings), open file descriptors (by kind) and
 * handles before/after (goal: equal), event-loop delay p99, sessions per minute; and the session
 * time while the collector is failing beside the time while it is up (the baseline): a collector
 * outage must not slow a shopper. Every telemetry event recorded during the run must reach the
 * collector in the end (events lost: 0).
 */
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startKiosk } from '../main/app/compose';
import { startBrowserHost } from '../main/browser-host/server';
import { ensureRendererBuilt, rendererDist } from '../main/cli/paths';
import { currentStep } from '../main/contract';
import { silentLogger } from '../main/core/log';
import { attributesOf, logRecordsOf, startCollector, type CollectorMode } from '../test/integration/telemetry/collector';
import { cardHolderWithFines } from '../test/integration/telemetry/drive';
import { glibcHeap } from './glibc-heap';
import { countKinds, kindDiff, type MallocTotals, sessionsFrom, slope } from './soak-report';
import { type Bench, percentile } from './types';
import { UNLIMITED_CLIENT, WsScreen } from './ws-shopper';

const SESSIONS = sessionsFrom(process.env.SOAK_SESSIONS);
const WARMUP = Math.max(5, Math.min(100, Math.floor(SESSIONS / 10)));
/** Memory and descriptors are sampled (after a full GC) every this many sessions, for the trends. */
const SAMPLE_EVERY = 10;
/** Longer than the HTTP agents keep an idle socket alive (undici 4 s, node:http 5 s). */
const SETTLE_MS = 6_000;
const VPCD_PORT_BENCH = 35966;
const MB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A small seeded generator, so a run can be repeated fault for fault. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
}

const TERMINAL = ['approve', 'approve', 'approve', 'approve', 'approve', 'approve', 'decline', 'abort-by-shopper', 'card-unreadable', 'slow-status'] as const;
const COLLECTOR: CollectorMode[] = ['up', 'unavailable', 'hang', 'reset'];

function fdTargets(): string[] {
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/self/fd/${fd}`)];
    } catch {
      return []; // the descriptor readdir itself used, closed by now
    }
  });
}

function snapshot() {
  gc();
  const mem = process.memoryUsage();
  const fds = fdTargets();
  return { rss: mem.rss, heap: mem.heapUsed, heapCommitted: mem.heapTotal, external: mem.external, arrayBuffers: mem.arrayBuffers, fds: fds.length, fdKinds: countKinds(fds), handles: process.getActiveResourcesInfo().length };
}

const describe = (s: ReturnType<typeof snapshot>) =>
  JSON.stringify({ rssMB: +(s.rss / MB).toFixed(1), heapMB: +(s.heap / MB).toFixed(1), externalMB: +(s.external / MB).toFixed(1), arrayBuffersMB: +(s.arrayBuffers / MB).toFixed(1), fds: s.fds, handles: s.handles });

const bench: Bench = {
  name: 'soak',
  async run() {
    ensureRendererBuilt(() => {});
    const random = rng(13);
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-soak-'));
    // The collector runs in this process: keeping every decoded metrics push would be measured as the kiosk's growth.
    const collector = await startCollector({ keepMetrics: 1 });
    const kiosk = await startKiosk({
      dataDir,
      simulate: true,
      log: silentLogger,
      vpcdPort: VPCD_PORT_BENCH,
      terminalStepDelayMs: 0,
      gatewayProbe: { onlineIntervalMs: 500, offlineIntervalMs: 300, confirmMs: 100 },
      telemetry: { metricsPort: 0, otlpUrl: collector.url, exportIntervalMs: 1000, exportTimeoutMs: 500, maxQueuedEvents: 100_000, heartbeatMs: 60_000 },
    });
    // Sessions back to back with no terminal delay outpace a shopper: the budget is the flood bench's subject.
    const host = await startBrowserHost({ core: kiosk.core, log: silentLogger, rendererDir: rendererDist, limits: UNLIMITED_CLIENT });
    const screen = await WsScreen.open(host);
    const world = kiosk.world!;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const outcomes: Record<string, number> = {};
    const upTimes: number[] = [];
    const failingTimes: number[] = [];
    let events = 0;
    let before: ReturnType<typeof snapshot> & { malloc?: MallocTotals; trimmedRss?: number } = snapshot();
    let started = 0;
    const samples: { x: number; rss: number; heap: number; fds: number }[] = [];
    // Both snapshots at a quiet moment: the collector answering, idle keep-alive sockets closed.
    // Then glibc's count, and RSS once malloc has returned its free pages: what is left is in use.
    const settled = async () => {
      const mode = collector.mode;
      collector.mode = 'up';
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const s = snapshot();
      const malloc = glibcHeap({ trim: true });
      const trimmedRss = malloc && process.memoryUsage().rss;
      collector.mode = mode;
      return { ...s, malloc, trimmedRss };
    };

    const endSession = async () => {
      await world.lab.removeCard();
      await screen.untilScreen('attract', 30_000);
    };
    const one = async (i: number): Promise<string> => {
      await world.lab.insertCard(cardHolderWithFines(i), 'demo');
      const first = await screen.until((s) => !s.busy && (s.mode.kind === 'shopper' ? ['welcome', 'error'].includes(currentStep(s).screen) : currentStep(s).screen === 'error'), 30_000).catch(() => undefined);
      if (!first || currentStep(first).screen !== 'welcome') return 'card-not-read';
      if (!(await screen.send({ type: 'chooseService', serviceId: 'pay-traffic-fines' })).ok) return 'service-unavailable';
      const fines = await screen.untilScreen(['fines', 'welcome', 'error'], 30_000);
      if (currentStep(fines).screen !== 'fines') return 'inquiry-failed';
      if (random() < 1 / 30) return 'card-pulled';
      if (!(await screen.send({ type: 'review' })).ok) return 'review-refused';
      await screen.untilScreen('confirm');
      await screen.send({ type: 'confirmPayment' });
      const result = currentStep(await screen.untilScreen('result', 60_000));
      const outcome = result.screen === 'result' && result.submission ? 'completed' : `payment-${result.screen === 'result' ? (result.payment?.phase ?? 'none') : 'none'}`;
      await screen.send({ type: 'finish' });
      return outcome;
    };

    for (let i = 0; i < SESSIONS; i++) {
      if (i === WARMUP) {
        before = await settled();
        loop.enable();
        started = performance.now();
      }
      if (i >= WARMUP && (i - WARMUP) % SAMPLE_EVERY === 0) {
        const s = snapshot();
        samples.push({ x: i - WARMUP, rss: s.rss, heap: s.heap, fds: s.fds });
      }
      if (i % 10 === 0) collector.mode = COLLECTOR[Math.floor(random() * COLLECTOR.length)]!;
      world.lab.setTerminalScenario(TERMINAL[Math.floor(random() * TERMINAL.length)]!);
      world.gateway.setFlaky(random() < 0.1 ? 0.3 : 0);
      const paperOut = random() < 0.05;
      world.lab.setPrinterPaperOut(paperOut);
      if (paperOut) {
        kiosk.telemetry.event('device-fault', 'warn', { device: 'printer', reason: 'paper-out' });
        events += 1;
      }
      const t0 = performance.now();
      const outcome = await one(i).catch((err: Error) => `error:${err.message.slice(0, 40)}`);
      await endSession();
      if (i >= WARMUP) (collector.mode === 'up' ? upTimes : failingTimes).push(performance.now() - t0);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    const minutes = (performance.now() - started) / 60_000;
    loop.disable();
    world.lab.setPrinterPaperOut(false);
    world.gateway.setFlaky(0);

    collector.mode = 'up';
    // At least once: a replay after a lost answer carries the same kiosk.event.seq.
    const delivered = () => new Set(logRecordsOf(collector.received).map((r) => attributesOf(r)['kiosk.event.seq'])).size;
    const deadline = Date.now() + 60_000;
    while (delivered() < events && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const after = await settled();
    const perThousand = (key: 'rss' | 'heap' | 'fds', unit: number) => slope(samples.map((p) => ({ x: p.x, y: p[key] / unit }))) * 1000;

    screen.close();
    await host.close();
    await kiosk.close();
    await collector.close();
    rmSync(dataDir, { recursive: true, force: true });
    const measured = SESSIONS - WARMUP;
    const glibcRows = (b: MallocTotals | undefined, a: MallocTotals | undefined) =>
      b && a && before.trimmedRss && after.trimmedRss
        ? [
            { metric: 'RSS growth, malloc free pages returned', unit: 'MB', value: (after.trimmedRss - before.trimmedRss) / MB, better: 'lower' as const, goal: 10 },
            { metric: 'native heap in use growth (glibc)', unit: 'MB', value: (a.inUseBytes - b.inUseBytes) / MB, better: 'lower' as const, goal: 10 },
          ]
        : [];
    const mallocNote = (m: MallocTotals | undefined) => (m ? `${m.arenas} arenas, ${(m.inUseBytes / MB).toFixed(1)} MB in use, ${(m.freeBytes / MB).toFixed(1)} MB free` : '?');
    return {
      title: `${SESSIONS} sessions (${WARMUP} warm-up) through browser host, pcscd, ptys, SQLite, gateway and OTLP simulators, with random faults`,
      baseline: 'session time while the collector answers; growth and handle counts against the state after warm-up',
      rows: [
        { metric: 'RSS growth after warm-up', unit: 'MB', value: (after.rss - before.rss) / MB, better: 'lower', goal: 10 },
        { metric: 'heap growth after warm-up', unit: 'MB', value: (after.heap - before.heap) / MB, better: 'lower', goal: 10 },
        ...glibcRows(before.malloc, after.malloc),
        { metric: 'RSS trend (least squares)', unit: 'MB/1000 sessions', value: perThousand('rss', MB), better: 'lower', goal: 10 },
        { metric: 'heap trend (least squares)', unit: 'MB/1000 sessions', value: perThousand('heap', MB), better: 'lower', goal: 10 },
        { metric: 'open file descriptors, end', unit: 'fds', value: after.fds, baseline: before.fds, better: 'lower', goal: before.fds },
        { metric: 'file descriptor trend', unit: 'fds/1000 sessions', value: perThousand('fds', 1), better: 'lower' },
        { metric: 'active handles, end', unit: 'handles', value: after.handles, baseline: before.handles, better: 'lower', goal: before.handles },
        { metric: 'event-loop delay p99', unit: 'ms', value: loop.percentile(99) / 1e6, better: 'lower' },
        { metric: 'sessions per minute', unit: '/min', value: measured / minutes, better: 'higher' },
        { metric: 'session time p50, collector failing', unit: 'ms', value: percentile(failingTimes, 50), baseline: percentile(upTimes, 50), better: 'lower' },
        { metric: 'session time p95, collector failing', unit: 'ms', value: percentile(failingTimes, 95), baseline: percentile(upTimes, 95), better: 'lower' },
        { metric: 'telemetry events lost', unit: 'events', value: events - delivered(), better: 'lower', goal: 0 },
      ],
      notes: [
        `outcomes: ${JSON.stringify(outcomes)}`,
        `collector failing for ${failingTimes.length} measured sessions, up for ${upTimes.length}; ${collector.invalid.length} invalid OTLP payloads`,
        `before: ${describe(before)}; after: ${describe(after)} (one process holds the kiosk and every simulator, printer PNG rendering included; both ${SETTLE_MS / 1000} s after the last session with the collector up)`,
        before.malloc && after.malloc
          ? `glibc malloc before: ${mallocNote(before.malloc)}; after: ${mallocNote(after.malloc)}; V8 heap committed ${(before.heapCommitted / MB).toFixed(1)} -> ${(after.heapCommitted / MB).toFixed(1)} MB (RSS counts both kinds of free memory)`
          : 'glibc figures not taken: gdb is missing or cannot attach to this process',
        `file descriptors after minus before, by kind: ${kindDiff(before.fdKinds, after.fdKinds)}; trends from ${samples.length} samples, one every ${SAMPLE_EVERY} sessions after a full GC`,
      ],
    };
  },
};

export default bench;
