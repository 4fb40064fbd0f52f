import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openZvtSerial, ZvtTerminalSimulator } from '../drivers/payment';
import { createPtyPair } from '../drivers/transport/pty-pair';
import { openSerial } from '../drivers/transport/serial';
import { migrate, MIGRATIONS } from '../offline-cache';
import { PaymentJournal } from '../offline-cache/payment-journal';
import { PaymentService } from '../main/payments';
import { type Bench, percentile } from './types';

const SALES = 40;

/**
 * What "persist before you speak" costs: a journaled sale (intent, accepted, status and outcome
 * each committed with synchronous=FULL before the kiosk answers the terminal) against a bare ZVT
 * sale, both over the same real pty pair and simulator, in the same run. Also how long the
 * synchronous commits hold the event loop, and how long recovering one lost outcome takes.
 */
const bench: Bench = {
  name: 'payment',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'bench-pay-'));
    const pair = await createPtyPair(join(dir));
    const sim = new ZvtTerminalSimulator(await openSerial({ path: pair.devicePath, baudRate: 9600, stopBits: 2 }), { stepDelayMs: 0 });
    const terminal = await openZvtSerial({ path: pair.hostPath, ackTimeoutMs: 2000, masterTimeoutMs: 5000 });
    const db = new Database(join(dir, 'kiosk.db'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
    const journal = new PaymentJournal(db);
    const service = new PaymentService({ journal, terminal, currency: 'QAR' });
    try {
      await terminal.register();
      await service.recover();
      const measure = async (fn: (i: number) => Promise<unknown>) => {
        const lag = monitorEventLoopDelay({ resolution: 1 });
        lag.enable();
        const times: number[] = [];
        for (let i = 0; i < SALES; i++) {
          const t0 = performance.now();
          await fn(i);
          times.push(performance.now() - t0);
        }
        lag.disable();
        return { p50: percentile(times, 50), p95: percentile(times, 95), maxLagMs: lag.max / 1e6 };
      };
      const signal = new AbortController().signal;
      // Warm-up (JIT, SQLite page cache, pty buffers) so neither side pays for it.
      for (let i = 0; i < 10; i++) await terminal.sale(150);
      const bare = await measure(() => terminal.sale(150));
      const journaled = await measure(async (i) => {
        const out = await service.sale(150, { onProgress: () => undefined, signal, requestId: `b${i}` });
        service.markFulfilled(out.paymentId, `s${i}`);
      });

      // One lost outcome: the terminal approved, the kiosk never heard (silent after approval).
      const e = journal.recordIntent({ sessionId: 'bench', requestId: 'lost', amountCents: 150, currency: 'QAR' });
      const sale = await terminal.sale(150);
      if (sale.result === 'approved') journal.recordOutcome(e.id, 'unknown', { reason: 'bench', trace: sale.trace!, receiptNo: sale.receiptNo! });
      const t0 = performance.now();
      await service.recover();
      const recoveryMs = performance.now() - t0;

      return {
        title: `${SALES} sales each way over a pty pair (9600 8N2 settings) against the ZVT simulator with no step delays`,
        baseline: 'bare ZVT sale, nothing journaled',
        rows: [
          { metric: 'sale latency p50', unit: 'ms', value: journaled.p50, baseline: bare.p50, better: 'lower' },
          { metric: 'sale latency p95', unit: 'ms', value: journaled.p95, baseline: bare.p95, better: 'lower' },
          { metric: 'event loop max delay during sales', unit: 'ms', value: journaled.maxLagMs, baseline: bare.maxLagMs, better: 'lower' },
          { metric: 'recover one lost approval (status, repeat receipt, reversal)', unit: 'ms', value: recoveryMs, better: 'lower' },
        ],
        notes: [
          'each journaled sale commits 5 SQLite transactions (intent, accepted, status, approved, fulfilled) with WAL + synchronous=FULL',
          'a real terminal takes seconds (card, PIN, host); the journal\'s cost is to be read against that',
        ],
      };
    } finally {
      service.dispose();
      await terminal.close().catch(() => undefined);
      await sim.close().catch(() => undefined);
      db.close();
      await pair.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
