import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeDocument, EscPosPrinter, PrinterError, PrinterSimulator, escpos } from '../../../drivers/printer';
import { createMemoryPair } from '../../support/transport';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PrinterError) return e.code;
    throw e;
  }
  return 'no error';
}

describe('EscPosPrinter (in-memory link to the simulator)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'printer-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads status with DLE EOT 1, 2, 3 and 4, one request at a time', async () => {
    const link = createMemoryPair();
    const sim = new PrinterSimulator(link.device, { outDir: dir });
    const printer = new EscPosPrinter(link.host);
    expect(await printer.status()).toEqual({ online: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: false });
    sim.setPaperNearEnd(true);
    sim.setCoverOpen(true);
    expect(await printer.status()).toMatchObject({ online: false, coverOpen: true, paperNearEnd: true });
    expect(link.host.written.map((b) => Buffer.from(b).toString('hex'))).toEqual(['100401', '100402', '100403', '100404', '100401', '100402', '100403', '100404']);
  });

  it('refuses a job with a typed error for each fault, sending none of it', async () => {
    const link = createMemoryPair();
    const sim = new PrinterSimulator(link.device, { outDir: dir });
    const printer = new EscPosPrinter(link.host);
    const job = encodeDocument({ widthDots: 576, ops: [{ op: 'text', text: 'X' }, { op: 'cut' }] }).bytes;
    sim.setPaperOut(true);
    expect(await codeOf(printer.print(job))).toBe('paper-out');
    sim.setPaperOut(false);
    sim.setCoverOpen(true);
    expect(await codeOf(printer.print(job))).toBe('cover-open');
    sim.setCoverOpen(false);
    sim.setOffline(true);
    expect(await codeOf(printer.print(job))).toBe('offline');
    sim.setOffline(false);
    sim.setError(true);
    expect(await codeOf(printer.print(job))).toBe('printer-error');
    expect(link.host.written.every((b) => b[0] === 0x10)).toBe(true); // only status requests went out
    sim.setError(false);
    expect(await printer.print(job)).toEqual({ bytes: job.length });
    await new Promise((r) => setImmediate(r));
    expect(sim.receipts).toHaveLength(1);
  });

  it("says 'printer-unavailable' when nothing answers, and ignores stray bytes", async () => {
    const link = createMemoryPair();
    // A device that only ever sends XON/XOFF: not status replies.
    link.device.onData(() => void link.device.write(Uint8Array.of(0x11, 0x13)));
    const printer = new EscPosPrinter(link.host, { statusTimeoutMs: 80 });
    const started = Date.now();
    expect(await codeOf(printer.status())).toBe('printer-unavailable');
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    expect(await codeOf(printer.print(escpos.textLine('x')))).toBe('printer-unavailable');
  });

  it('stops a streaming job when the paper runs out in the middle', async () => {
    const link = createMemoryPair();
    const sim = new PrinterSimulator(link.device, { outDir: dir });
    const printer = new EscPosPrinter(link.host, { chunkBytes: 100, midJobStatusEveryBytes: 200 });
    const segments = Array.from({ length: 20 }, (_, i) => escpos.textLine(`line ${i}`.padEnd(40, '.')));
    let lines = 0;
    link.device.onData((c) => {
      lines += [...c].filter((b) => b === 0x0a).length;
      if (lines >= 5) sim.setPaperOut(true);
    });
    const err = await printer.print(segments).catch((e: PrinterError) => e);
    expect(err).toBeInstanceOf(PrinterError);
    expect((err as PrinterError).code).toBe('paper-out');
    expect((err as PrinterError).message).toMatch(/after \d+ of 820 bytes/);
    expect(lines).toBeLessThan(20);
  });

  it("turns an unplugged link into 'printer-unavailable'", async () => {
    const link = createMemoryPair();
    new PrinterSimulator(link.device, { outDir: dir });
    const printer = new EscPosPrinter(link.host);
    link.unplug();
    expect(await codeOf(printer.status())).toBe('printer-unavailable');
  });

  it('holds data sent while out of paper and prints it when paper is loaded', async () => {
    const link = createMemoryPair();
    const sim = new PrinterSimulator(link.device, { outDir: dir });
    sim.setPaperOut(true);
    // A host that does not check status first (e.g. another driver): the data waits.
    await link.host.write(encodeDocument({ widthDots: 576, ops: [{ op: 'text', text: 'late' }, { op: 'cut' }] }).bytes);
    await new Promise((r) => setImmediate(r));
    expect(sim.receipts).toHaveLength(0);
    sim.setPaperOut(false);
    expect(sim.receipts).toHaveLength(1);
  });
});
