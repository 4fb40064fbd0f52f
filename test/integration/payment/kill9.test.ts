import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { readLedger } from '../../../drivers/payment';
import { createPtyPair } from '../../support/transport';
import { PaymentJournal } from '../../../offline-cache/payment-journal';

const HERE = join(process.cwd(), 'test/integration/payment');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The simulated terminal in its own process, so its ledger outlives every kiosk crash. */
async function startTerminal(port: string, ledger: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/kioskctl.mjs', 'sim', 'terminal', '--port', port, '--ledger', ledger, '--delay-ms', '40', '--ecr-timeout-ms', '1500'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening')) resolve();
    });
    child.once('exit', () => reject(new Error(`terminal simulator exited: ${out}`)));
  });
  return child;
}

interface KioskRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: Record<string, unknown>[];
  stderr: string;
}

function kiosk(db: string, port: string, killAt: string, requestId?: string, amountCents = 150): Promise<KioskRun> {
  const args = ['--import', 'tsx', join(HERE, 'kill9.child.ts'), db, port, killAt, String(amountCents), ...(requestId ? [requestId] : [])];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { timeout: 30_000 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number; signal?: NodeJS.Signals }) | null;
      const lines = stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, lines, stderr });
    });
  });
}

const KILL_POINTS = [
  ['before send', 'intent-recorded'],
  ['after the terminal accepted (80 00)', 'accepted'],
  ['during intermediate statuses', 'progress'],
  ['after approval, before completion (06 0F)', 'status-recorded'],
  ['after completion, before the submission was written', 'approved-recorded'],
  ['after the submission was written, before it was linked', 'enqueued'],
  ['after the submission was linked', 'fulfilled'],
] as const;

describe('kill -9 at every step of a sale, then restart: 0 double charges, 0 approved payments lost', () => {
  it.each(KILL_POINTS)('killed %s', async (_label, killAt) => {
    const dir = mkdtempSync(join(tmpdir(), 'kill9-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const pair = await createPtyPair(join(dir));
    cleanups.push(() => pair.close());
    const ledgerPath = join(dir, 'ledger.json');
    const dbPath = join(dir, 'kiosk.db');
    await startTerminal(pair.devicePath, ledgerPath);

    // An earlier shopper paid the same amount: its receipt is what the terminal replays first,
    // and it must not be mistaken for the crashed payment.
    const warmUp = await kiosk(dbPath, pair.hostPath, 'none', 'r0');
    expect(warmUp.stderr).toBe('');
    expect(warmUp.lines).toContainEqual(expect.objectContaining({ outcome: 'approved' }));

    const crashed = await kiosk(dbPath, pair.hostPath, killAt, 'r1');
    expect(crashed.signal).toBe('SIGKILL');
    expect(crashed.lines.at(-1)).toEqual({ step: killAt });

    const restarted = await kiosk(dbPath, pair.hostPath, 'none', 'r2');
    expect(restarted.stderr).toBe('');
    expect(restarted.lines).toContainEqual(expect.objectContaining({ outcome: 'approved' }));

    const db = new Database(dbPath, { readonly: true });
    cleanups.push(() => {
      db.close();
    });
    const journal = new PaymentJournal(db);
    const entries = journal.list({ limit: 10 });
    const byRequest = Object.fromEntries(entries.map((e) => [e.requestId, e]));
    const ledger = readLedger(ledgerPath);
    const sales = ledger.filter((e) => e.kind === 'sale');
    const charged = sales.filter((e) => !e.reversed);

    // Nothing is left open: the restart settled the crashed payment before taking r2.
    expect(journal.open()).toEqual([]);
    // Every booking on the terminal is in the journal, and nothing the journal thinks was
    // charged is missing from the terminal.
    for (const sale of sales) {
      const owner = entries.filter((e) => e.trace === sale.trace);
      expect(owner, `terminal sale trace ${sale.trace} has one journal entry`).toHaveLength(1);
      expect(owner[0]!.state).toBe(sale.reversed ? 'reversed' : 'fulfilled');
    }
    // 0 double charges: what is still charged is exactly what was fulfilled, once each.
    expect(charged.map((s) => s.trace).sort()).toEqual(entries.filter((e) => e.state === 'fulfilled').map((e) => e.trace).sort());
    expect(byRequest.r0!.state).toBe('fulfilled');
    expect(byRequest.r2!.state).toBe('fulfilled');
    // Each fulfilled payment points at the submission that carries it, and only that one.
    for (const e of entries.filter((x) => x.state === 'fulfilled')) {
      expect(db.prepare('SELECT payment_ref FROM outbox WHERE id = ?').get(e.submissionId)).toEqual({ payment_ref: e.id });
    }
    // The crashed request ends charged-and-completed, reversed, or never charged: never in between.
    const r1 = byRequest.r1!;
    if (killAt === 'fulfilled' || killAt === 'enqueued') expect(r1.state).toBe('fulfilled');
    else if (killAt === 'status-recorded' || killAt === 'approved-recorded') expect(r1.state).toBe('reversed');
    else expect(['aborted', 'reversed']).toContain(r1.state);
    expect(charged.reduce((sum, s) => sum + s.amountCents, 0)).toBe(entries.filter((e) => e.state === 'fulfilled').length * 150);
  });
});
