/**
 * One run of "the kiosk" for the kill -9 test: opens the journal and the terminal, recovers, and
 * optionally runs one sale which it links to a (pretend) submission. With KILL_AT set it sends
 * itself SIGKILL right after that sale step: no cleanup, no flush, exactly like a crash.
 * Prints one JSON line per milestone on stdout.
 */
import Database from 'better-sqlite3';
import { openZvtSerial } from '../../../drivers/payment';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { PaymentJournal } from '../../../offline-cache/payment-journal';
import { outboxSubmissionFinder, PaymentService } from '../../../main/payments';

const [dbPath, port, killAt, amountText, requestId] = process.argv.slice(2) as [string, string, string, string, string | undefined];
const say = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

async function registerWithRetry(terminal: Awaited<ReturnType<typeof openZvtSerial>>): Promise<void> {
  // A terminal still finishing the dead kiosk's transaction ignores us until it gives up on it.
  for (let attempt = 1; ; attempt++) {
    try {
      await terminal.register();
      return;
    } catch (err) {
      if (attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

async function main(): Promise<void> {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
  const journal = new PaymentJournal(db);
  const terminal = await openZvtSerial({ path: port, ackTimeoutMs: 1000, masterTimeoutMs: 4000 });
  await registerWithRetry(terminal);
  let seen = 0;
  const service = new PaymentService({
    journal,
    terminal,
    currency: 'QAR',
    busyRetryMs: 200,
    retryMs: 60_000,
    findSubmission: outboxSubmissionFinder(db),
    registered: true,
    onStep: (step) => {
      say({ step });
      // 'progress' happens several times: die at the second one, in the middle of the statuses.
      if (step === killAt && (step !== 'progress' || ++seen === 2)) process.kill(process.pid, 'SIGKILL');
    },
  });
  say({ recovered: await service.recover() });
  if (requestId) {
    const outcome = await service.sale(Number(amountText), { onProgress: () => undefined, signal: new AbortController().signal, sessionId: 'kill9', requestId });
    say({ outcome: outcome.result, paymentId: outcome.paymentId });
    if (outcome.result === 'approved') {
      // What the session does next: the submission into the outbox (a bare row here), then the link.
      const now = Date.now();
      db.prepare(
        `INSERT INTO outbox (id, service_id, person_key, payload, payload_format, payment_ref, local_ref, idempotency_key, state, next_attempt_at, created_at, updated_at)
         VALUES (?, 'pay-traffic-fines', 'p', NULL, 'plain', ?, ?, ?, 'queued', ?, ?, ?)`,
      ).run(`submission-${requestId}`, outcome.paymentId, `K01-${requestId}`, `key-${requestId}`, now, now, now);
      say({ step: 'enqueued' });
      if (killAt === 'enqueued') process.kill(process.pid, 'SIGKILL');
      service.markFulfilled(outcome.paymentId, `submission-${requestId}`);
      say({ step: 'fulfilled' });
      if (killAt === 'fulfilled') process.kill(process.pid, 'SIGKILL');
    }
  }
  service.dispose();
  await terminal.close();
  db.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
