import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrinterSimulator, renderReceiptBitmap } from '../../../drivers/printer';
import { openPrinterLink } from '../../../drivers/printer/link';
import { receiptPdf } from '../../../drivers/printer/pdf';
import { PrintQueue, type PrinterStatusEvent, type PrintJobEvent } from '../../../drivers/printer/print-queue';
import { openSerial } from '../../../drivers/transport/serial';
import { PrintJournal } from '../../../offline-cache/print-journal';
import { compareImages } from '../../support/image-diff';
import { untilLevel, untilReceipts } from '../../support/printing';
import { useTempDir } from '../../support/temp-db';
import { createPtyPair, type PtyPair } from '../../support/transport';
import { sample } from './helpers';

/**
 * The print service over real ptys (socat) and a real SQLite journal: printing, status events
 * and every fault the issue names, including unplug mid-job and reconnect.
 */
describe('PrintQueue over a real pty pair', () => {
  const tmp = useTempDir('print-queue-');
  let dir: string;
  let linkDir: string;
  let pty: PtyPair;
  let sim: PrinterSimulator;
  let journal: PrintJournal;
  let queue: PrintQueue;
  let statuses: PrinterStatusEvent[];
  let jobs: PrintJobEvent[];

  async function startSim(): Promise<PrinterSimulator> {
    sim = new PrinterSimulator(await openSerial({ path: pty.devicePath, baudRate: 115200 }), { outDir: join(dir, 'out') });
    return sim;
  }

  beforeEach(async () => {
    dir = tmp.dir();
    linkDir = tmp.dir();
    pty = await createPtyPair(linkDir);
    await startSim();
    journal = new PrintJournal(tmp.db().db);
    statuses = [];
    jobs = [];
    queue = new PrintQueue({
      journal,
      connect: () => openPrinterLink({ kind: 'serial', path: pty.hostPath }),
      pollMs: 100,
      reconnectMinMs: 100,
      reconnectMaxMs: 200,
      statusTimeoutMs: 300,
      writeTimeoutMs: 1500,
      makePdf: (r) => receiptPdf(r),
    });
    queue.on('status', (s) => statuses.push(s));
    queue.on('job', (j) => jobs.push(j));
  });

  afterEach(async () => {
    await queue.stop();
    await sim.close().catch(() => undefined);
    await pty.close();
  });

  const levels = () => statuses.map((s) => s.level);
  // "Nothing more prints" is never checked by waiting a while: the next job goes down the same
  // ordered link, so whatever the queue had sent (or would send) before it comes out first, and
  // the receipts after that job are all there will be.

  it('prints a receipt: journal queued -> printing -> printed, the simulator cuts one complete receipt', async () => {
    await queue.start();
    await untilLevel(queue, 'ready');
    const outcome = await queue.print(sample());
    expect(outcome).toMatchObject({ state: 'printed' });
    expect(outcome.state === 'printed' && outcome.bytes).toBeLessThanOrEqual(12_000);
    expect(jobs.map((j) => j.state)).toEqual(['queued', 'printing', 'printed']);
    expect(journal.get(outcome.jobId)).toMatchObject({ state: 'printed', attempts: 1 });
    await untilReceipts(sim, 1, 'receipt');
    expect(sim.receipts[0]).toMatchObject({ complete: true });
    expect(levels()).toEqual(['unavailable', 'ready']);
    // The PDF copy is stored with the job, after printing.
    await queue.idle();
    expect(journal.get(outcome.jobId).hasPdf).toBe(true);
    expect(journal.pdf(outcome.jobId)!.subarray(0, 5).toString()).toBe('%PDF-');
    // The lab page's "last receipt": the newest job and its picture, which is the reviewed one.
    const last = queue.lastReceipt()!;
    expect(last).toMatchObject({ jobId: outcome.jobId, state: 'printed' });
    expect(compareImages(last.png, readFileSync(join(process.cwd(), 'test/fixtures/receipts/sample-ar-576.png')), 'last-receipt').differing).toBeLessThanOrEqual(8);
    expect(sim.lastReceipt?.path).toMatch(/receipt-1\.png$/);
  });

  it('paper near end is a warning event, and receipts still print', async () => {
    await queue.start();
    await untilLevel(queue, 'ready');
    sim.setPaperNearEnd(true);
    await untilLevel(queue, 'paper-near-end');
    expect(statuses.at(-1)).toMatchObject({ level: 'paper-near-end', warning: true, canPrint: true });
    expect((await queue.print(sample())).state).toBe('printed');
  });

  it('paper out before printing: failed with paper-out, nothing printed; reprint when paper is back prints it once', async () => {
    await queue.start();
    await untilLevel(queue, 'ready');
    sim.setPaperOut(true);
    await untilLevel(queue, 'paper-out');
    const outcome = await queue.print(sample());
    expect(outcome).toMatchObject({ state: 'failed', code: 'paper-out' });
    expect(journal.get(outcome.jobId)).toMatchObject({ state: 'failed', failureCode: 'paper-out' });
    sim.setPaperOut(false);
    await untilLevel(queue, 'ready');
    expect(sim.receipts).toHaveLength(0);
    expect(await queue.reprint(outcome.jobId)).toMatchObject({ state: 'printed', jobId: outcome.jobId });
    expect(journal.get(outcome.jobId)).toMatchObject({ state: 'printed', attempts: 2 });
    await untilReceipts(sim, 1, 'reprint');
    await queue.idle();
    expect(sim.receipts.map((r) => r.complete)).toEqual([true]);
    await expect(queue.reprint(outcome.jobId)).rejects.toMatchObject({ code: 'not-reprintable' });
  });

  for (const fault of ['paper-out', 'cover-open'] as const) {
    it(`${fault} mid-job: failed, the torn rest never prints when the fault clears, the reprint prints once`, async () => {
      await queue.start();
      await untilLevel(queue, 'ready');
      sim.injectFaults([{ kind: fault, afterBytes: 3000 }]);
      const outcome = await queue.print(sample());
      expect(outcome).toMatchObject({ state: 'failed', code: fault });
      expect(jobs.map((j) => j.state)).toEqual(['queued', 'printing', 'failed']);
      expect(sim.receipts.map((r) => r.complete)).toEqual([false]); // the torn first part
      if (fault === 'paper-out') sim.setPaperOut(false);
      else sim.setCoverOpen(false);
      await untilLevel(queue, 'ready');
      // The data held during the fault was cleared (DLE ENQ 2): nothing more came out.
      expect(sim.receipts).toHaveLength(1);
      expect(sim.pageInProgress).toBe(false);
      expect((await queue.reprint(outcome.jobId)).state).toBe('printed');
      await untilReceipts(sim, 2, 'reprint');
      await queue.idle();
      // The reprint is exactly one receipt, with no leftover of the torn job in front of it.
      expect(sim.receipts).toHaveLength(2);
      expect(sim.receipts[1]).toMatchObject({ complete: true, heightDots: renderReceiptBitmap(sample()).height });
    });
  }

  it('ASB: with polling far off, status changes still arrive at once, pushed by the printer', async () => {
    await queue.stop();
    const pushed = new PrintQueue({
      journal,
      connect: () => openPrinterLink({ kind: 'serial', path: pty.hostPath }),
      pollMs: 600_000,
      statusTimeoutMs: 300,
    });
    const seen: string[] = [];
    pushed.on('status', (e) => seen.push(e.level));
    try {
      await pushed.start();
      await untilLevel(pushed, 'ready');
      sim.setCoverOpen(true);
      await untilLevel(pushed, 'cover-open', 1000);
      sim.setCoverOpen(false);
      sim.setPaperNearEnd(true);
      await untilLevel(pushed, 'paper-near-end', 1000);
      expect(seen).toEqual(['unavailable', 'ready', 'cover-open', 'ready', 'paper-near-end']);
    } finally {
      await pushed.stop();
    }
  });

  it('offline: refused with offline, status event, back when online', async () => {
    await queue.start();
    await untilLevel(queue, 'ready');
    sim.setOffline(true);
    await untilLevel(queue, 'offline');
    expect(await queue.print(sample())).toMatchObject({ state: 'failed', code: 'offline' });
    sim.setOffline(false);
    await untilLevel(queue, 'ready');
    expect(levels()).toEqual(['unavailable', 'ready', 'offline', 'ready']);
  });

  it('unplug mid-job: failed, the queue reconnects by itself and never prints the job again; reprint prints it once', async () => {
    await queue.start();
    await untilLevel(queue, 'ready');
    sim.injectFaults([{ kind: 'vanish', afterBytes: 4000 }]);
    sim.once('fault', () => void pty.close()); // the cable is pulled: the link itself goes away
    const outcome = await queue.print(sample());
    expect(outcome).toMatchObject({ state: 'failed', code: 'printer-unavailable' });
    await untilLevel(queue, 'unavailable');
    // Plugged back in: the same device path appears again, with a fresh printer behind it.
    pty = await createPtyPair(linkDir);
    await startSim();
    await untilLevel(queue, 'ready', 5000);
    expect(sim.receipts).toHaveLength(0);
    expect(journal.get(outcome.jobId).state).toBe('failed');
    expect((await queue.reprint(outcome.jobId)).state).toBe('printed');
    await untilReceipts(sim, 1, 'reprint');
    await queue.idle();
    expect(sim.receipts).toHaveLength(1); // the reconnect sent nothing of its own ahead of the reprint
    expect(journal.list({ state: 'printed' })).toHaveLength(1);
  });

  it('no printer connected: the receipt is still recorded and failed as printer-unavailable', async () => {
    await pty.close();
    await queue.start();
    const outcome = await queue.print(sample());
    expect(outcome).toMatchObject({ state: 'failed', code: 'printer-unavailable' });
    expect(journal.get(outcome.jobId).state).toBe('failed');
    expect(journal.receipt(outcome.jobId)).toMatchObject({ localRef: sample().localRef });
    pty = await createPtyPair(linkDir);
    await startSim();
  });

  it('a job a crash left printing is failed as interrupted at start, not printed', async () => {
    const id = journal.add({ localRef: 'K-1', lang: 'en', receipt: sample() });
    journal.markPrinting(id);
    await queue.start();
    expect(journal.get(id)).toMatchObject({ state: 'failed', failureCode: 'interrupted' });
    expect(jobs).toEqual([{ jobId: id, localRef: 'K-1', state: 'failed', code: 'interrupted' }]);
    await untilLevel(queue, 'ready');
    expect(sim.receipts).toHaveLength(0);
    // A new receipt after start: had the interrupted job been sent again, it would come out first.
    expect((await queue.print({ ...sample(), localRef: 'K-0001-20261128-000124' })).state).toBe('printed');
    await untilReceipts(sim, 1, 'the next receipt');
    await queue.idle();
    expect(sim.receipts).toHaveLength(1);
    expect(journal.get(id)).toMatchObject({ state: 'failed', failureCode: 'interrupted' });
  });
});
