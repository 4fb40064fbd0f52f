import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ZvtPaymentTerminal, ZvtTerminalSimulator } from '../../../drivers/payment';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { PaymentJournal } from '../../../offline-cache/payment-journal';
import { PaymentService, recoverJournal } from '../../../main/payments';
import { useTempDir } from '../../support/temp-db';
import { createMemoryPair } from '../../support/transport';

const tmp = useTempDir();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const DAY = 24 * 3600_000;

function world(clock = { t: Date.now() }) {
  const db = new Database(tmp.path());
  tmp.onCleanup(() => db.close());
  migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
  const journal = new PaymentJournal(db, { now: () => clock.t });
  const { host: a, device: b } = createMemoryPair();
  const terminal = new ZvtPaymentTerminal(a, { ackTimeoutMs: 300, masterTimeoutMs: 1500 });
  const sim = new ZvtTerminalSimulator(b, { stepDelayMs: 2, ecrTimeoutMs: 1000 });
  cleanups.push(async () => {
    await terminal.close();
    await sim.close();
  });
  const deps = { journal, terminal, now: () => clock.t, live: new Set<string>(), busyRetryMs: 10 };
  return { journal, terminal, sim, deps, clock };
}

describe('recovery of open journal entries', () => {
  it('a replayed approval of another amount, or one already owned, is not ours: nothing was charged', async () => {
    const { journal, terminal, deps } = world();
    const owned = await terminal.sale(150);
    const o = journal.recordIntent({ sessionId: 's', requestId: 'r0', amountCents: 150, currency: 'QAR' });
    journal.recordOutcome(o.id, 'approved', { trace: owned.result === 'approved' ? owned.trace! : 0, receiptNo: 1 });
    journal.markFulfilled(o.id, 'sub-0');
    const sameAmount = journal.recordIntent({ sessionId: 's', requestId: 'r1', amountCents: 150, currency: 'QAR' });
    const report = await recoverJournal(deps);
    expect(report.settled).toEqual([{ id: sameAmount.id, from: 'pending', to: 'aborted' }]);
    const other = journal.recordIntent({ sessionId: 's', requestId: 'r2', amountCents: 999, currency: 'QAR' });
    await recoverJournal(deps);
    expect(journal.get(other.id).state).toBe('aborted');
  });

  it('a lost approval is found by repeat receipt and, with no session to complete it, reversed', async () => {
    const { journal, terminal, sim, deps } = world();
    const e = journal.recordIntent({ sessionId: 's', requestId: 'r1', amountCents: 420, currency: 'QAR' });
    await terminal.sale(420); // the answer that "got lost"
    const report = await recoverJournal(deps);
    expect(report.settled.map((s) => s.to)).toEqual(['approved', 'reversal-pending', 'reversed']);
    expect(journal.get(e.id)).toMatchObject({ state: 'reversed', trace: 1, receiptNo: 1 });
    expect(sim.ledger.netCharges).toEqual([]);
  });

  it('the terminal already reversed it (its last booking is the reversal of our trace): reversed, nothing sent again', async () => {
    const { journal, terminal, sim, deps } = world();
    const e = journal.recordIntent({ sessionId: 's', requestId: 'r1', amountCents: 420, currency: 'QAR' });
    const sale = await terminal.sale(420);
    if (sale.result !== 'approved') throw new Error('expected approval');
    journal.recordStatus(e.id, { resultCode: 0, trace: sale.trace!, receiptNo: sale.receiptNo! });
    await terminal.reversal({ receiptNo: sale.receiptNo! });
    const commands: string[] = [];
    sim.onEvent((ev) => ev.type === 'command' && commands.push(ev.command));
    await recoverJournal(deps);
    expect(journal.get(e.id)).toMatchObject({ state: 'reversed', reversalTrace: 2 });
    expect(commands).toEqual(['status-enquiry', 'repeat-receipt']);
  });

  it('a journaled approval status is the verdict even when the terminal replays something else', async () => {
    const { journal, terminal, deps, sim } = world();
    const e = journal.recordIntent({ sessionId: 's', requestId: 'r1', amountCents: 420, currency: 'QAR' });
    const ours = await terminal.sale(420);
    if (ours.result !== 'approved') throw new Error('expected approval');
    journal.recordStatus(e.id, { resultCode: 0, trace: ours.trace!, receiptNo: ours.receiptNo! });
    await terminal.sale(999); // a standalone sale on the terminal since
    const report = await recoverJournal(deps);
    expect(report.settled.map((x) => x.to)).toEqual(['approved', 'reversal-pending', 'reversed']);
    expect(sim.ledger.netCharges.map((x) => x.amountCents)).toEqual([999]);
    const declined = journal.recordIntent({ sessionId: 's', requestId: 'r2', amountCents: 420, currency: 'QAR' });
    journal.recordStatus(declined.id, { resultCode: 0x7a });
    await recoverJournal(deps);
    expect(journal.get(declined.id).state).toBe('declined');
  });

  it('a live session keeps its approval: recovery leaves it alone', async () => {
    const { journal, deps } = world();
    const e = journal.recordIntent({ sessionId: 's', requestId: 'r1', amountCents: 420, currency: 'QAR' });
    journal.recordOutcome(e.id, 'approved', { trace: 1, receiptNo: 1 });
    deps.live.add(e.id);
    expect(await recoverJournal(deps)).toEqual({ settled: [], unresolved: [], refundOwed: [] });
    expect(journal.get(e.id).state).toBe('approved');
  });

  it('approved on an earlier day: the terminal cannot reverse it any more, a refund is owed and reported', async () => {
    const { journal, deps, clock } = world();
    const e = journal.recordIntent({ sessionId: 's', requestId: 'r1', amountCents: 420, currency: 'QAR' });
    journal.recordOutcome(e.id, 'approved', { trace: 1, receiptNo: 1 });
    clock.t += DAY;
    const owed: string[] = [];
    const report = await recoverJournal({ ...deps, onRefundOwed: (x) => owed.push(x.id) });
    expect(report.refundOwed).toEqual([e.id]);
    expect(owed).toEqual([e.id]);
    expect(journal.get(e.id).reason).toMatch(/earlier day/);
  });

  it('the day is Doha\'s: approved at 20:59 UTC and recovered at 21:00 UTC is an earlier day there', async () => {
    const { journal, deps, clock } = world({ t: Date.parse('2026-12-06T20:59:00Z') });
    const e = journal.recordIntent({ sessionId: 's', requestId: 'r1', amountCents: 420, currency: 'QAR' });
    journal.recordOutcome(e.id, 'approved', { trace: 1, receiptNo: 1 });
    clock.t = Date.parse('2026-12-06T21:00:00Z');
    const report = await recoverJournal(deps);
    expect(report.refundOwed).toEqual([e.id]);
    expect(journal.get(e.id).reason).toMatch(/earlier day/);
  });

  it('a reversal the terminal refuses becomes a refund owed', async () => {
    const { journal, deps } = world();
    const e = journal.recordIntent({ sessionId: 's', requestId: 'r1', amountCents: 420, currency: 'QAR' });
    journal.recordOutcome(e.id, 'approved', { trace: 7, receiptNo: 77 }); // the terminal never booked receipt 77
    const report = await recoverJournal(deps);
    expect(report.refundOwed).toEqual([e.id]);
    expect(journal.get(e.id)).toMatchObject({ state: 'refund-owed', reason: 'terminal refused the reversal: reversal not possible' });
  });

  it('a terminal that does not answer leaves the entry unresolved and the service unavailable, then retries', async () => {
    const { journal, sim, terminal } = world();
    const e = journal.recordIntent({ sessionId: 's', requestId: 'r1', amountCents: 420, currency: 'QAR' });
    await sim.close(); // unplugged
    const service = new PaymentService({ journal, terminal, currency: 'QAR', retryMs: 60_000 });
    cleanups.push(async () => service.dispose());
    const report = await service.recover();
    expect(report.unresolved).toEqual([e.id]);
    expect(service.state).toBe('unavailable');
    await expect(service.sale(100, { onProgress: () => undefined, signal: new AbortController().signal })).rejects.toMatchObject({ code: 'terminal-unavailable' });
    expect(journal.get(e.id).state).toBe('pending');
  });
});
