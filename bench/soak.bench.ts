/**
 * Soak: SOAK_SESSIONS (default 1,000) complete shopper sessions through the real stack — the
 * browser host's WebSocket, the virtual card on pcscd (bench slot, vpcd 35966), the ZVT terminal
 * and ESC/POS printer simulators on ptys, SQLite, the gateway simulator, telemetry pushing to an
 * OTLP collector — with random faults (declines, shopper aborts, unreadable payment cards, a flaky
 * or down ministry, paper out, a card pulled mid-session, a collector that is down, hangs or
 * resets). Reported after a warm-up: RSS and heap growth (goal ≤ 10 MB), both as the difference of
 * the first and last of five snapshots taken at quiet moments and as least-squares trends, of those
 * snapshots and of samples all through the run (bench/soak-report.ts: a leak grows, noise swings),
 * open file descriptors (by kind) and
 * handles before/after (goal: equal), event-loop delay p99, sessions per minute; and the session
 * time while the collector is failing beside the time while it is up (the baseline): a collector
 * outage must not slow a shopper. Every telemetry event recorded during the run must reach the
 * collector in the end (events lost: 0).
 *
 * The kiosk runs in a child process (bench/soak-kiosk.child.ts) and only the kiosk is measured:
 * in one process with the simulators, the gateway's and the terminal's ledgers (kept whole by
 * design), the printer's PNG rendering and the collector's decoding were counted as the kiosk's
 * growth.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulatedWorld } from '../main/app/simulators';
import { ensureRendererBuilt } from '../main/cli/paths';
import { currentStep } from '../main/contract';
import { silentLogger } from '../main/core/log';
import { attributesOf, logRecordsOf, startCollector, type CollectorMode } from '../test/integration/telemetry/collector';
import { cardHolderWithFines } from '../test/integration/telemetry/drive';
import type { KioskSnapshot, SoakKioskArgs, SoakReply, SoakRequest } from './soak-kiosk.child';
import { kindDiff, type MallocTotals, sessionsFrom, slope } from './soak-report';
import { type Bench, percentile } from './types';
import { WsScreen } from './ws-shopper';

const SESSIONS = sessionsFrom(process.env.SOAK_SESSIONS);
const WARMUP = Math.max(5, Math.min(100, Math.floor(SESSIONS / 10)));
/** Memory and descriptors are sampled (after a full GC) every this many sessions, for the trends. */
const SAMPLE_EVERY = 10;
/**
 * RSS is also taken at quiet moments through the run (the two ends among them): after a busy
 * stretch V8 and malloc hold pages for the next one, so a trend of busy samples rises with the
 * work done so far and falls back when idle; a leak rises in the quiet snapshots too.
 */
const SETTLED_POINTS = 5;
const VPCD_PORT_BENCH = 35966;
const MB = 1024 * 1024;

/** A small seeded generator, so a run can be repeated fault for fault. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1_664_525 + 1_013_904_223) >>> 0) / 2 ** 32);
}

const TERMINAL = ['approve', 'approve', 'approve', 'approve', 'approve', 'approve', 'decline', 'abort-by-shopper', 'card-unreadable', 'slow-status'] as const;
const COLLECTOR: CollectorMode[] = ['up', 'unavailable', 'hang', 'reset'];

/** The measured kiosk, one request at a time over the IPC channel. */
class KioskProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    private readonly ticketUrl: string,
  ) {}

  /** The page URL with the one launch ticket the kiosk gave when it was ready. */
  launchUrl(): string {
    return this.ticketUrl;
  }

  static async start(args: SoakKioskArgs): Promise<KioskProcess> {
    // The same loader as `npm start` (bin/kioskctl.mjs registers tsx), and the environment's MALLOC_ARENA_MAX.
    const child = fork(join(process.cwd(), 'bench', 'soak-kiosk.child.ts'), [JSON.stringify(args)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = await KioskProcess.next(child, 'ready', 120_000);
    return new KioskProcess(child, ready.port, ready.launchUrl);
  }

  private static next<T extends SoakReply['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<Extract<SoakReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const done = (err?: Error, reply?: Extract<SoakReply, { type: T }>) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (err) reject(err);
        else resolve(reply!);
      };
      const onMessage = (reply: SoakReply) => reply.type === type && done(undefined, reply as Extract<SoakReply, { type: T }>);
      const onExit = (code: number | null, signal: string | null) => done(new Error(`the soak's kiosk exited (${signal ?? code}) while the soak waited for '${type}'`));
      const timer = setTimeout(() => done(new Error(`the soak's kiosk gave no '${type}' in ${timeoutMs / 1000} s`)), timeoutMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  }

  /** Each request is answered by the reply of its type. */
  async ask<T extends SoakRequest['type']>(request: Extract<SoakRequest, { type: T }>, timeoutMs = 180_000): Promise<Extract<SoakReply, { type: T }>> {
    const reply = KioskProcess.next(this.child, request.type as T, timeoutMs);
    this.child.send(request);
    return reply;
  }

  get pid(): number {
    return this.child.pid!;
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

const describe = (s: KioskSnapshot) =>
  JSON.stringify({ rssMB: +(s.rss / MB).toFixed(1), heapMB: +(s.heap / MB).toFixed(1), heapCommittedMB: +(s.heapCommitted / MB).toFixed(1), externalMB: +(s.external / MB).toFixed(1), arrayBuffersMB: +(s.arrayBuffers / MB).toFixed(1), fds: s.fds, handles: s.handles });

const bench: Bench = {
  name: 'soak',
  async run() {
    ensureRendererBuilt(() => {});
    const random = rng(13);
    const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-soak-'));
    const world = await startSimulatedWorld({ dataDir: join(dataDir, 'simulators'), log: silentLogger, vpcdPort: VPCD_PORT_BENCH, terminalStepDelayMs: 0 });
    // Keeping every decoded metrics push would grow this process, not the kiosk; one is enough to validate.
    const collector = await startCollector({ keepMetrics: 1 }).catch(async (err: unknown) => {
      await world.close();
      throw err;
    });
    const starting = KioskProcess.start({
      dataDir: join(dataDir, 'kiosk'),
      devices: {
        reader: world.readerPattern,
        printer: { path: world.printerPath, baudRate: 115_200 },
        terminal: { path: world.terminalPath, baudRate: 9600, stopBits: 2 },
        gatewayUrl: world.gatewayUrl,
      },
      telemetry: { metricsPort: 0, otlpUrl: collector.url, exportIntervalMs: 1000, exportTimeoutMs: 500, maxQueuedEvents: 100_000, heartbeatMs: 60_000 },
    });
    try {
      const kiosk = await starting;
      const screen = await WsScreen.open(kiosk);
      const outcomes: Record<string, number> = {};
      const upTimes: number[] = [];
      const failingTimes: number[] = [];
      let events = 0;
      // At a quiet moment, the collector answering: what the kiosk holds then is what it keeps.
      let paused = 0;
      const settled = async (glibc: boolean) => {
        const t0 = performance.now();
        const mode = collector.mode;
        collector.mode = 'up';
        const { snapshot } = await kiosk.ask({ type: 'snapshot', settle: true, glibc });
        collector.mode = mode;
        paused += performance.now() - t0;
        return snapshot;
      };
      let before = (await kiosk.ask({ type: 'snapshot', settle: false })).snapshot;
      let started = 0;
      const samples: { x: number; rss: number; heap: number; heapCommitted: number; fds: number }[] = [];
      const checkpoints = new Set(Array.from({ length: SETTLED_POINTS - 2 }, (_, k) => WARMUP + Math.round(((k + 1) * (SESSIONS - WARMUP)) / (SETTLED_POINTS - 1))));
      const settledPoints: { x: number; rss: number }[] = [];

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
          before = await settled(true);
          settledPoints.push({ x: 0, rss: before.rss });
          await kiosk.ask({ type: 'loop', on: true });
          started = performance.now();
          paused = 0;
        }
        if (checkpoints.has(i)) settledPoints.push({ x: i - WARMUP, rss: (await settled(false)).rss });
        if (i >= WARMUP && (i - WARMUP) % SAMPLE_EVERY === 0) {
          const { snapshot: s } = await kiosk.ask({ type: 'snapshot', settle: false });
          samples.push({ x: i - WARMUP, rss: s.rss, heap: s.heap, heapCommitted: s.heapCommitted, fds: s.fds });
        }
        if (i % 10 === 0) collector.mode = COLLECTOR[Math.floor(random() * COLLECTOR.length)]!;
        world.lab.setTerminalScenario(TERMINAL[Math.floor(random() * TERMINAL.length)]!);
        world.gateway.setFlaky(random() < 0.1 ? 0.3 : 0);
        const paperOut = random() < 0.05;
        world.lab.setPrinterPaperOut(paperOut);
        if (paperOut) {
          await kiosk.ask({ type: 'fault-event', device: 'printer', reason: 'paper-out' });
          events += 1;
        }
        const t0 = performance.now();
        const outcome = await one(i).catch((err: Error) => `error:${err.message.slice(0, 40)}`);
        await endSession();
        if (i >= WARMUP) (collector.mode === 'up' ? upTimes : failingTimes).push(performance.now() - t0);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
      const minutes = (performance.now() - started - paused) / 60_000;
      const { p99Ms } = await kiosk.ask({ type: 'loop', on: false });
      world.lab.setPrinterPaperOut(false);
      world.gateway.setFlaky(0);

      collector.mode = 'up';
      // At least once: a replay after a lost answer carries the same kiosk.event.seq.
      const delivered = () => new Set(logRecordsOf(collector.received).map((r) => attributesOf(r)['kiosk.event.seq'])).size;
      const deadline = Date.now() + 60_000;
      while (delivered() < events && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const after = await settled(true);
      settledPoints.push({ x: SESSIONS - WARMUP, rss: after.rss });
      const perThousand = (key: 'rss' | 'heap' | 'heapCommitted' | 'fds', unit: number) => slope(samples.map((p) => ({ x: p.x, y: p[key] / unit }))) * 1000;
      screen.close();
      await kiosk.ask({ type: 'close' });

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
        title: `${SESSIONS} sessions (${WARMUP} warm-up) of a kiosk process driven over its browser host's WebSocket, through pcscd, ptys, SQLite, gateway and OTLP simulators, with random faults`,
        baseline: 'session time while the collector answers; growth and handle counts against the state after warm-up',
        rows: [
          { metric: 'RSS growth after warm-up', unit: 'MB', value: (after.rss - before.rss) / MB, better: 'lower', goal: 10 },
          { metric: 'heap growth after warm-up', unit: 'MB', value: (after.heap - before.heap) / MB, better: 'lower', goal: 10 },
          ...glibcRows(before.malloc, after.malloc),
          { metric: `RSS trend, ${settledPoints.length} settled snapshots`, unit: 'MB/1000 sessions', value: slope(settledPoints.map((p) => ({ x: p.x, y: p.rss / MB }))) * 1000, better: 'lower', goal: 10 },
          { metric: 'heap trend (least squares)', unit: 'MB/1000 sessions', value: perThousand('heap', MB), better: 'lower', goal: 10 },
          { metric: 'RSS trend while busy', unit: 'MB/1000 sessions', value: perThousand('rss', MB), better: 'lower' },
          { metric: 'V8 committed heap trend while busy', unit: 'MB/1000 sessions', value: perThousand('heapCommitted', MB), better: 'lower' },
          { metric: 'open file descriptors, end', unit: 'fds', value: after.fds, baseline: before.fds, better: 'lower', goal: before.fds },
          { metric: 'file descriptor trend', unit: 'fds/1000 sessions', value: perThousand('fds', 1), better: 'lower' },
          { metric: 'active handles, end', unit: 'handles', value: after.handles, baseline: before.handles, better: 'lower', goal: before.handles },
          { metric: 'event-loop delay p99', unit: 'ms', value: p99Ms, better: 'lower' },
          { metric: 'sessions per minute', unit: '/min', value: measured / minutes, better: 'higher' },
          { metric: 'session time p50, collector failing', unit: 'ms', value: percentile(failingTimes, 50), baseline: percentile(upTimes, 50), better: 'lower' },
          { metric: 'session time p95, collector failing', unit: 'ms', value: percentile(failingTimes, 95), baseline: percentile(upTimes, 95), better: 'lower' },
          { metric: 'telemetry events lost', unit: 'events', value: events - delivered(), better: 'lower', goal: 0 },
        ],
        notes: [
          `outcomes: ${JSON.stringify(outcomes)}`,
          `collector failing for ${failingTimes.length} measured sessions, up for ${upTimes.length}; ${collector.invalid.length} invalid OTLP payloads`,
          `kiosk process (pid ${kiosk.pid}) before: ${describe(before)}; after: ${describe(after)} (each once the kiosk was quiet and V8's committed heap had stopped shrinking after a full GC, the collector up)`,
          before.malloc && after.malloc
            ? `glibc malloc before: ${mallocNote(before.malloc)}; after: ${mallocNote(after.malloc)}; V8 heap committed ${(before.heapCommitted / MB).toFixed(1)} -> ${(after.heapCommitted / MB).toFixed(1)} MB (RSS counts both kinds of free memory)`
            : 'glibc figures not taken: gdb is missing or cannot attach to the kiosk process',
          `RSS at the settled snapshots (sessions after warm-up: MB): ${settledPoints.map((p) => `${p.x}: ${(p.rss / MB).toFixed(1)}`).join(', ')}; the busy trends come from samples right after a session and a full GC, before V8 and malloc give back what they hold for the next burst`,
          `file descriptors after minus before, by kind: ${kindDiff(before.fdKinds, after.fdKinds)}; trends from ${samples.length} samples, one every ${SAMPLE_EVERY} sessions after a full GC`,
        ],
      };
    } finally {
      (await starting.catch(() => undefined))?.kill();
      await collector.close();
      await world.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

export default bench;
