import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openZvtSerial, type SaleProgress, type SimScenario, type ZvtPaymentTerminal, ZvtTerminalSimulator } from '../../../drivers/payment';
import { createPtyPair, type PtyPair } from '../../support/transport';
import { openSerial } from '../../../drivers/transport/serial';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { PaymentJournal } from '../../../offline-cache/payment-journal';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zvt-scn-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function link(scenario: SimScenario, stepDelayMs = 20): Promise<{ p: PtyPair; sim: ZvtTerminalSimulator; kiosk: ZvtPaymentTerminal }> {
  const p = await createPtyPair(tempDir());
  cleanups.push(() => p.close());
  const sim = new ZvtTerminalSimulator(await openSerial({ path: p.devicePath, baudRate: 9600, stopBits: 2 }), { stepDelayMs, ecrTimeoutMs: 2000 });
  cleanups.push(() => sim.close());
  const kiosk = await openZvtSerial({ path: p.hostPath, ackTimeoutMs: 800, masterTimeoutMs: 1500 });
  cleanups.push(() => kiosk.close());
  await kiosk.register();
  // Chosen after registration, as on the lab page: link faults hit the sale's frames.
  sim.setScenario(scenario);
  return { p, sim, kiosk };
}

function kioskctl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/kioskctl.mjs', ...args], { timeout: 20_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('every simulator scenario over a real pty pair', () => {
  it.each([
    ['decline', 0x7a],
    ['decline-expired', 0x78],
    ['decline-no-connection', 0xa3],
    ['decline-status', 0x7a],
    ['card-unreadable', 0x64],
  ] as const)('%s: declined with its result code', async (scenario, code) => {
    const { kiosk, sim } = await link(scenario);
    expect(await kiosk.sale(150)).toMatchObject({ result: 'declined', code });
    expect(sim.ledger.entries).toEqual([]);
  });

  it('card-unreadable shows the shopper why', async () => {
    const { kiosk } = await link('card-unreadable');
    const prompts: string[] = [];
    await kiosk.sale(150, { onProgress: (x) => prompts.push(x.prompt) });
    expect(prompts).toEqual(['insert-card', 'card-not-readable']);
  });

  it('abort-by-shopper: aborted 6C, nothing booked', async () => {
    const { kiosk, sim } = await link('abort-by-shopper');
    expect(await kiosk.sale(150)).toEqual({ result: 'aborted', code: 0x6c });
    expect(sim.ledger.entries).toEqual([]);
  });

  it('abort from the kiosk during slow statuses: aborted, nothing booked', async () => {
    const { kiosk, sim } = await link('slow-status', 60);
    const ctl = new AbortController();
    const progress: SaleProgress[] = [];
    const result = await kiosk.sale(150, { signal: ctl.signal, onProgress: (x) => (progress.push(x), x.code === 0x0e && ctl.abort()) });
    expect(result).toEqual({ result: 'aborted', code: 0x6c });
    expect(sim.ledger.entries).toEqual([]);
  });

  it('slow-status: many "please wait" statuses, each restarting T4, then approved', async () => {
    const { kiosk } = await link('slow-status', 100);
    const prompts: string[] = [];
    // 5 × 500 ms of "please wait" is longer than T4 (1.5 s) in total, not between two messages.
    expect(await kiosk.sale(150, { onProgress: (x) => prompts.push(x.prompt) })).toMatchObject({ result: 'approved' });
    expect(prompts.filter((x) => x === 'please-wait')).toHaveLength(5);
  });

  it.each(['silent', 'silent-before-ack', 'silent-after-pin'] as const)('%s: unknown, and the terminal booked nothing', async (scenario) => {
    const { kiosk, sim } = await link(scenario);
    expect(await kiosk.sale(150)).toMatchObject({ result: 'unknown' });
    expect(sim.ledger.entries).toEqual([]);
  });

  it('silent-after-approval: unknown with the trace; repeat receipt recovers the approval', async () => {
    const { kiosk, sim } = await link('silent-after-approval');
    expect(await kiosk.sale(150)).toMatchObject({ result: 'unknown', trace: 1, receiptNo: 1 });
    await sim.idle();
    expect(await kiosk.lastTransaction()).toMatchObject({ found: true, kind: 'sale', trace: 1, amountCents: 150, resultCode: 0 });
  });

  it('nak-storm: two damaged frames are NAKed and resent; approved once', async () => {
    const { kiosk, sim } = await link('nak-storm');
    const errors: string[] = [];
    sim.onEvent((e) => e.type === 'link-error' && errors.push(e.code));
    expect(await kiosk.sale(150)).toMatchObject({ result: 'approved', trace: 1 });
    expect(errors).toEqual(['bad-crc', 'bad-crc']);
    expect(sim.ledger.netCharges).toHaveLength(1);
  });

  it('nak-storm-hard: the kiosk gives up sending; the outcome is unknown, nothing booked; the next sale works', async () => {
    const { kiosk, sim } = await link('nak-storm-hard');
    expect(await kiosk.sale(150)).toMatchObject({ result: 'unknown' });
    expect(sim.ledger.entries).toEqual([]);
    expect(await kiosk.sale(150)).toMatchObject({ result: 'approved' });
  });

  it('garbled-crc: the kiosk NAKs the damaged frames, the terminal resends; approved once', async () => {
    const { kiosk, sim } = await link('garbled-crc');
    expect(await kiosk.sale(150)).toMatchObject({ result: 'approved' });
    expect(sim.ledger.netCharges).toHaveLength(1);
  });
});

describe('kioskctl pay administration against a simulator process', () => {
  it('status, reverse, end-of-day, diagnosis, and the journal as JSON', async () => {
    const dir = tempDir();
    const p = await createPtyPair(dir);
    cleanups.push(() => p.close());
    const sim = new ZvtTerminalSimulator(await openSerial({ path: p.devicePath, baudRate: 9600, stopBits: 2 }), { stepDelayMs: 10 });
    cleanups.push(() => sim.close());

    const sale = await kioskctl(['pay', '--port', p.hostPath, '--amount', '12.00', '--json']);
    expect(JSON.parse(sale.stdout)).toMatchObject({ result: 'approved', receiptNo: 1 });
    const status = await kioskctl(['pay', 'status', '--port', p.hostPath, '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: { ready: true }, last: { found: true, amountCents: 1200, receiptNo: 1 } });
    const reversed = await kioskctl(['pay', 'reverse', '--receipt', '1', '--port', p.hostPath, '--json']);
    expect(reversed.code).toBe(0);
    expect(JSON.parse(reversed.stdout)).toMatchObject({ result: 'reversed' });
    const eod = await kioskctl(['pay', 'end-of-day', '--port', p.hostPath, '--json']);
    expect(JSON.parse(eod.stdout)).toMatchObject({ ok: true, totalCents: 0 });
    expect((await kioskctl(['pay', 'diagnosis', '--port', p.hostPath])).stdout).toBe('diagnosis ok\n');
    expect((await kioskctl(['pay', 'abort', '--port', p.hostPath])).code).toBe(0);

    const dbPath = join(dir, 'kiosk.db');
    const db = new Database(dbPath);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
    const journal = new PaymentJournal(db);
    const e = journal.recordIntent({ sessionId: 's', requestId: 'r', amountCents: 700, currency: 'QAR' });
    journal.recordOutcome(e.id, 'approved', { trace: 5, receiptNo: 5 });
    journal.markRefundOwed(e.id, 'reversal refused');
    db.close();
    const listed = await kioskctl(['pay', 'journal', '--db', dbPath, '--json']);
    expect(listed.code).toBe(1); // a refund is owed: scripts and technicians must notice
    const out = JSON.parse(listed.stdout) as { counts: Record<string, number>; entries: { state: string; amountCents: number; receiptLines?: unknown }[] };
    expect(out.counts['refund-owed']).toBe(1);
    expect(out.entries).toEqual([expect.objectContaining({ state: 'refund-owed', amountCents: 700, receiptNo: 5 })]);
    expect(out.entries[0]!.receiptLines).toBeUndefined();
    const settled = await kioskctl(['pay', 'journal', 'refunded', '--db', dbPath, '--id', e.id, '--note', 'cash at the service desk']);
    expect(settled).toMatchObject({ code: 0, stderr: '' });
    expect((await kioskctl(['pay', 'journal', '--db', dbPath])).stdout).toBe('no open payments\n');
    const again = await kioskctl(['pay', 'journal', 'refunded', '--db', dbPath, '--id', e.id, '--note', 'x']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is refunded; cannot record refunded/);
  });
});
