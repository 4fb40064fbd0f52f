import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type SimScenario, ZvtPaymentTerminal, ZvtTerminalSimulator } from '../../../drivers/payment';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { PaymentJournal } from '../../../offline-cache/payment-journal';
import { outboxSubmissionFinder, PaymentService, type SaleStep } from '../../../main/payments';
import { useTempDir } from '../../support/temp-db';
import { createMemoryPair } from '../../support/transport';

const tmp = useTempDir();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function world(scenario: SimScenario = 'approve') {
  const db = new Database(tmp.path());
  tmp.onCleanup(() => db.close());
  migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
  const journal = new PaymentJournal(db);
  const { host: a, device: b } = createMemoryPair();
  const terminal = new ZvtPaymentTerminal(a, { ackTimeoutMs: 300, masterTimeoutMs: 1500 });
  const sim = new ZvtTerminalSimulator(b, { stepDelayMs: 5, ecrTimeoutMs: 1000, scenario });
  const steps: SaleStep[] = [];
  const service = new PaymentService({ journal, terminal, currency: 'QAR', retryMs: 60_000, busyRetryMs: 10, onStep: (s) => steps.push(s) });
  cleanups.push(async () => {
    service.dispose();
    await terminal.close();
    await sim.close();
  });
  return { journal, terminal, sim, service, steps };
}

const req = (requestId = 'r1') => ({ onProgress: () => undefined, signal: new AbortController().signal, sessionId: 's1', requestId });

describe('PaymentService', () => {
  it('recovers (nothing open) and becomes ready; an approved sale is journaled step by step before it is returned', async () => {
    const { service, journal, steps } = world();
    expect(service.state).toBe('recovering');
    expect(await service.recover()).toEqual({ settled: [], unresolved: [], refundOwed: [] });
    expect(service.state).toBe('ready');
    const out = await service.sale(150, req());
    expect(out).toMatchObject({ result: 'approved', amountCents: 150, trace: '000001', receiptNo: '0001', cardType: 'Visa', panMasked: '************1234' });
    expect(steps).toEqual(['intent-recorded', 'accepted', 'progress', 'progress', 'progress', 'status-recorded', 'approved-recorded']);
    expect(journal.get(out.paymentId).state).toBe('approved');
    service.markFulfilled(out.paymentId, 'sub-1');
    expect(journal.get(out.paymentId)).toMatchObject({ state: 'fulfilled', submissionId: 'sub-1' });
    expect(journal.events(out.paymentId).map((e) => e.event)).toEqual(['intent', 'accepted', 'status', 'approved', 'fulfilled']);
  });

  it('registers the terminal (06 00) before its first recovery, and only once', async () => {
    const { service, sim } = world();
    const commands: string[] = [];
    sim.onEvent((e) => e.type === 'command' && commands.push(e.command));
    await service.recover();
    await service.recover();
    expect(commands).toEqual(['registration']); // nothing open: no status enquiry needed
  });

  it('a declined sale is journaled and returned; the same request cannot pay twice', async () => {
    const { service, journal } = world('decline');
    const out = await service.sale(150, req());
    expect(out).toMatchObject({ result: 'declined', code: 0x7a });
    expect(journal.get(out.paymentId).state).toBe('declined');
    await expect(service.sale(150, req())).rejects.toMatchObject({ code: 'duplicate-request' });
  });

  it('enqueue failed after approval: cancelPaid reverses it on the terminal', async () => {
    const { service, journal, sim } = world();
    await service.recover();
    const out = await service.sale(990, req());
    expect(await service.cancelPaid(out.paymentId, 'outbox write failed')).toBe('reversed');
    expect(journal.get(out.paymentId).state).toBe('reversed');
    expect(sim.ledger.netCharges).toEqual([]);
  });

  it('a sale that went silent after approval is resolved at once: the shopper gets "approved"', async () => {
    const { service, journal, sim } = world('silent-after-approval');
    await service.recover();
    const checking: string[] = [];
    service.on('checking', (id) => checking.push(id));
    const out = await service.sale(150, req());
    expect(checking).toEqual([out.paymentId]);
    expect(out).toMatchObject({ result: 'approved', trace: '000001' });
    expect(journal.get(out.paymentId).state).toBe('approved');
    expect(sim.ledger.netCharges).toHaveLength(1);
  });

  it('a sale that never reached the host resolves to "aborted" (nothing charged), and the next sale goes ahead', async () => {
    const { service, sim } = world('silent-before-ack');
    await service.recover();
    const out = await service.sale(150, req());
    expect(out).toMatchObject({ result: 'aborted' });
    sim.setScenario('approve');
    expect(await service.sale(150, req('r2'))).toMatchObject({ result: 'approved' });
  });

  it('startup recovery reverses an approved payment no session completed', async () => {
    const { service, journal, sim, terminal } = world();
    // A previous run approved a payment and died before the submission was recorded.
    const sale = await terminal.sale(500);
    if (sale.result !== 'approved') throw new Error('expected approval');
    const e = journal.recordIntent({ sessionId: 'old', requestId: 'old-1', amountCents: 500, currency: 'QAR' });
    journal.recordOutcome(e.id, 'approved', { trace: sale.trace!, receiptNo: sale.receiptNo! });
    const report = await service.recover();
    expect(report.settled).toEqual([
      { id: e.id, from: 'approved', to: 'reversal-pending' },
      { id: e.id, from: 'reversal-pending', to: 'reversed' },
    ]);
    expect(sim.ledger.netCharges).toEqual([]);
    expect(service.state).toBe('ready');
  });

  it('without a terminal: unavailable, and a sale is refused before anything is journaled', async () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
    const journal = new PaymentJournal(db);
    const service = new PaymentService({ journal, currency: 'QAR' });
    expect(service.state).toBe('unavailable');
    await expect(service.sale(150, req())).rejects.toMatchObject({ code: 'terminal-unavailable' });
    expect(journal.list()).toEqual([]);
  });
});

describe('PaymentService and sessions that vanish', () => {
  it('an approved payment a session neither linked nor cancelled is settled once the hold time passed', async () => {
    const { journal, terminal, sim } = world();
    const clock = { t: Date.now() };
    const service = new PaymentService({ journal, terminal, currency: 'QAR', now: () => clock.t, sessionHoldMs: 60_000 });
    cleanups.push(async () => service.dispose());
    await service.recover();
    const out = await service.sale(150, req());
    await service.recover();
    expect(journal.get(out.paymentId).state).toBe('approved'); // still the session's
    clock.t += 61_000;
    await service.recover();
    expect(journal.get(out.paymentId).state).toBe('reversed');
    expect(sim.ledger.netCharges).toEqual([]);
  });
});

describe('PaymentService and the outbox', () => {
  it('recovery links an approved payment whose submission reached the outbox instead of reversing it', async () => {
    const { journal, sim, terminal } = world();
    const sale = await terminal.sale(500);
    if (sale.result !== 'approved') throw new Error('expected approval');
    const e = journal.recordIntent({ sessionId: 'old', requestId: 'old-1', amountCents: 500, currency: 'QAR' });
    journal.recordOutcome(e.id, 'approved', { trace: sale.trace!, receiptNo: sale.receiptNo! });
    const service = new PaymentService({ journal, terminal, currency: 'QAR', findSubmission: (x) => (x.id === e.id ? 'sub-9' : undefined) });
    cleanups.push(async () => service.dispose());
    const report = await service.recover();
    expect(report.settled).toEqual([{ id: e.id, from: 'approved', to: 'fulfilled' }]);
    expect(journal.get(e.id).submissionId).toBe('sub-9');
    expect(sim.ledger.netCharges).toHaveLength(1);
  });

  it('a submission the gateway rejects for good gets its payment reversed', async () => {
    const { service, journal, sim } = world();
    await service.recover();
    const out = await service.sale(300, req());
    service.markFulfilled(out.paymentId, 'sub-1');
    expect(await service.submissionRejected('sub-1', 'gateway rejected the request')).toBe('reversed');
    expect(journal.get(out.paymentId)).toMatchObject({ state: 'reversed', reason: 'gateway rejected the request' });
    expect(sim.ledger.netCharges).toEqual([]);
    expect(await service.submissionRejected('sub-unknown', 'x')).toBeUndefined();
  });

  it('outboxSubmissionFinder reads the outbox row whose payment_ref is the payment id', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
    db.prepare(
      `INSERT INTO outbox (id, service_id, person_key, payload_format, payment_ref, local_ref, idempotency_key, state, next_attempt_at, created_at, updated_at)
       VALUES ('sub-1', 'svc', 'p', 'plain', 'pay-1', 'K01-1', 'k1', 'queued', 0, 0, 0)`,
    ).run();
    const find = outboxSubmissionFinder(db);
    const journal = new PaymentJournal(db);
    const entry = { ...journal.recordIntent({ sessionId: 's', requestId: 'r', amountCents: 1, currency: 'QAR' }), id: 'pay-1' };
    expect(find(entry)).toBe('sub-1');
    expect(find({ ...entry, id: 'pay-2' })).toBeUndefined();
  });
});

describe('PaymentService when the journal fails mid-sale', () => {
  it('never reports "approved" without a durable record; recovery later settles the payment', async () => {
    const { journal, terminal, sim } = world();
    // The disk fails exactly when the approval's status arrives.
    let fail = true;
    const flaky = Object.create(journal) as PaymentJournal;
    flaky.recordStatus = (id, ref) => {
      if (fail) throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
      journal.recordStatus(id, ref);
    };
    const service = new PaymentService({ journal: flaky, terminal, currency: 'QAR', retryMs: 60_000, busyRetryMs: 10 });
    cleanups.push(async () => service.dispose());
    await service.recover();
    const out = await service.sale(150, req());
    expect(out).toMatchObject({ result: 'unknown', reason: 'payment-journal-failed' });
    expect(service.state).toBe('unavailable');
    expect(journal.get(out.paymentId).state).toBe('unknown');
    fail = false;
    const report = await service.recover();
    expect(report.settled.map((s) => s.to)).toEqual(['approved', 'reversal-pending', 'reversed']);
    expect(sim.ledger.netCharges).toEqual([]);
    expect(service.state).toBe('ready');
  });
});
