import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStatusCompletion, readLedger, ZvtPaymentTerminal, ZvtTerminalSimulator, type ZvtSimulatorOptions } from '../../../drivers/payment';
import { createMemoryPair } from '../../support/transport';

const FIXED_CLOCK = () => new Date('2026-11-28T14:03:22+03:00'); // the terminal's clock reads Doha's time
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(simOpts: ZvtSimulatorOptions = {}) {
  const { host: a, device: b } = createMemoryPair();
  const terminal = new ZvtPaymentTerminal(a, { ackTimeoutMs: 300, masterTimeoutMs: 2000 });
  const sim = new ZvtTerminalSimulator(b, { stepDelayMs: 5, clock: FIXED_CLOCK, ecrTimeoutMs: 1000, ...simOpts });
  cleanups.push(async () => {
    await terminal.close();
    await sim.close();
  });
  return { terminal, sim };
}

function tempLedger(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zvt-ledger-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'ledger.json');
}

describe('ZVT administrative commands against the simulator', () => {
  it('status enquiry: ready, with the software version', async () => {
    const { terminal } = setup();
    expect(await terminal.status()).toEqual({ ready: true, code: 0, text: 'ready', softwareVersion: 'KIOSK-SIM 1.0' });
  });

  it('repeat receipt: nothing before the first sale, then the last sale with its approval', async () => {
    const { terminal } = setup();
    expect(await terminal.lastTransaction()).toEqual({ found: false, code: 0x83 });
    await terminal.sale(150);
    const last = await terminal.lastTransaction();
    expect(last).toMatchObject({ found: true, kind: 'sale', resultCode: 0, amountCents: 150, trace: 1, receiptNo: 1, dateTime: '2026-11-28T14:03:22' });
    if (!last.found) throw new Error('expected a transaction');
    expect(last.sale).toMatchObject({ result: 'approved', amountCents: 150, trace: 1 });
    expect(last.receiptLines).toContain('SALE QAR 1.50');
  });

  it('reversal by receipt number; a second reversal is "already reversed"; the ledger shows it', async () => {
    const ledgerPath = tempLedger();
    const { terminal, sim } = setup({ ledgerPath });
    const sale = await terminal.sale(2500);
    if (sale.result !== 'approved') throw new Error('expected approval');
    expect(await terminal.reversal({ receiptNo: sale.receiptNo! })).toMatchObject({ result: 'reversed', trace: 2, receiptNo: 2 });
    expect(await terminal.reversal({ receiptNo: sale.receiptNo! })).toEqual({ result: 'already-reversed', code: 0xb4 });
    expect(await terminal.reversal({ receiptNo: 77 })).toMatchObject({ result: 'refused', code: 0xb5 });
    expect(await terminal.lastTransaction()).toMatchObject({ found: true, kind: 'reversal', originalTrace: 1, trace: 2 });
    expect(sim.ledger.netCharges).toEqual([]);
    expect(readLedger(ledgerPath).map((e) => [e.kind, e.trace, e.reversed ?? false])).toEqual([
      ['sale', 1, true],
      ['reversal', 2, false],
    ]);
  });

  it('a restarted simulator keeps its ledger: numbering and repeat receipt carry on', async () => {
    const ledgerPath = tempLedger();
    const first = setup({ ledgerPath });
    await first.terminal.sale(100);
    const second = setup({ ledgerPath });
    expect(await second.terminal.lastTransaction()).toMatchObject({ found: true, amountCents: 100, trace: 1 });
    expect(await second.terminal.sale(200)).toMatchObject({ result: 'approved', trace: 2, receiptNo: 2 });
  });

  it('refund, end of day with the net total, diagnosis', async () => {
    const { terminal } = setup();
    await terminal.sale(1000);
    expect(await terminal.refund(300)).toMatchObject({ result: 'approved', amountCents: 300 });
    const eod = await terminal.endOfDay();
    expect(eod).toMatchObject({ ok: true, resultCode: 0, totalCents: 700 });
    expect(eod.receiptLines).toEqual(['END OF DAY', 'TOTAL 7.00']);
    expect(await terminal.diagnosis()).toMatchObject({ ok: true });
  });

  it('parses the 05 01 completion with and without a version', () => {
    expect(parseStatusCompletion(Uint8Array.of(0xf0, 0xf0, 0xf2, 0x41, 0x42, 0x9c))).toEqual({ ready: false, code: 0x9c, text: 'please wait', softwareVersion: 'AB' });
    expect(parseStatusCompletion(Uint8Array.of(0xdf))).toEqual({ ready: false, code: 0xdf, text: 'out of order' });
    expect(parseStatusCompletion(new Uint8Array())).toMatchObject({ ready: true, code: 0 });
  });
});

describe('simulator scenarios (in-memory link)', () => {
  it.each([
    ['decline-expired', 0x78],
    ['decline-no-connection', 0xa3],
    ['card-unreadable', 0x64],
  ] as const)('%s declines with 0x%s', async (scenario, code) => {
    const { terminal } = setup({ scenario });
    expect(await terminal.sale(150)).toMatchObject({ result: 'declined', code });
  });

  it('silent-after-approval: the sale is booked, the kiosk sees unknown with the trace, repeat receipt finds it', async () => {
    const { terminal, sim } = setup({ scenario: 'silent-after-approval' });
    const r = await terminal.sale(150);
    expect(r).toMatchObject({ result: 'unknown', trace: 1, receiptNo: 1 });
    expect(sim.ledger.netCharges).toHaveLength(1);
    sim.setScenario('approve');
    expect(await terminal.lastTransaction()).toMatchObject({ found: true, trace: 1, amountCents: 150 });
  });

  it('silent-before-ack: unknown, nothing booked', async () => {
    const { terminal, sim } = setup({ scenario: 'silent-before-ack' });
    expect(await terminal.sale(150)).toMatchObject({ result: 'unknown', reason: 'no answer to the payment command' });
    expect(sim.ledger.entries).toEqual([]);
  });

  it('nak-storm and garbled-crc: resent frames, then approved exactly once', async () => {
    for (const scenario of ['nak-storm', 'garbled-crc'] as const) {
      const { terminal, sim } = setup({ scenario });
      const errors: string[] = [];
      sim.onEvent((e) => e.type === 'link-error' && errors.push(e.code));
      expect(await terminal.sale(150)).toMatchObject({ result: 'approved', trace: 1 });
      expect(sim.ledger.netCharges).toHaveLength(1);
      if (scenario === 'nak-storm') expect(errors).toEqual(['bad-crc', 'bad-crc']);
    }
  });

  it('an ECR abort after the host approved is refused: the sale completes', async () => {
    const { terminal, sim } = setup({ scenario: 'approve' });
    sim.onEvent((e) => {
      if (e.type === 'booked') void terminal.abort().catch(() => undefined);
    });
    expect(await terminal.sale(150)).toMatchObject({ result: 'approved' });
    expect(sim.ledger.netCharges).toHaveLength(1);
  });
});
