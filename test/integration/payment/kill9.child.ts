/**
 * One run of "the kiosk" for the kill -9 test: opens the journal and the terminal, recovers, and
 * optionally runs one sale which it links to a (pretend) submission. With KILL_AT set it sends
 * itself SIGKILL right after that sale step: no cleanup, no flush, exactly like a crash.
 * Prints one JSON line per milestone on stdout.
 */
import { openZvtSerial } from '../../../drivers/payment';
import { openKioskDb, Outbox } from '../../../offline-cache';
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
  // The kiosk's own database: every migration, WAL, synchronous=FULL.
  const db = openKioskDb(dbPath);
  const outbox = new Outbox(db, { kioskId: 'K01' });
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
      // What the session does next: the submission into the outbox, carrying the payment id, then the link.
      const submission = outbox.enqueue({ serviceId: 'pay-traffic-fines', personKey: 'kill9', payload: { fineIds: ['F1'] }, paymentRef: outcome.paymentId });
      say({ step: 'enqueued' });
      if (killAt === 'enqueued') process.kill(process.pid, 'SIGKILL');
      service.markFulfilled(outcome.paymentId, submission.id);
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
