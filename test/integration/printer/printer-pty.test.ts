import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type EscPosPrinter,
  openEscPosSerial,
  PrinterError,
  PrinterSimulator,
  type Receipt,
  SAMPLE_RECEIPT_PATH,
  type SimulatedReceipt,
} from '../../../drivers/printer';
import { untilReceipts } from '../../support/printing';
import { createPtyPair, type PtyPair } from '../../support/transport';
import { eventOf, waitFor } from '../../support/wait';
import { openSerial } from '../../../drivers/transport/serial';

const sample = (): Receipt => JSON.parse(readFileSync(SAMPLE_RECEIPT_PATH, 'utf8')) as Receipt;
const ARTIFACTS = join(process.cwd(), 'test', 'artifacts', 'receipts');
const run = promisify(execFile);

describe('receipt printer over a real pty pair (socat)', () => {
  let pty: PtyPair;
  let dir: string;
  let sim: PrinterSimulator | undefined;
  let printer: EscPosPrinter | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'printer-int-'));
    pty = await createPtyPair();
  });
  afterEach(async () => {
    await printer?.close().catch(() => undefined);
    await sim?.close().catch(() => undefined);
    printer = undefined;
    sim = undefined;
    await pty.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startSim(): Promise<PrinterSimulator> {
    sim = new PrinterSimulator(await openSerial({ path: pty.devicePath, baudRate: 115200 }), { outDir: join(dir, 'out') });
    return sim;
  }

  it('prints the sample receipt to the simulator, which writes a PNG', async () => {
    const s = await startSim();
    printer = await openEscPosSerial({ path: pty.hostPath });
    const got = new Promise<SimulatedReceipt>((resolve) => s.once('receipt', resolve));
    const { bytes } = await printer.printReceipt(sample());
    const receipt = await got;
    console.log(`sample receipt over the pty: ${bytes} bytes sent, ${receipt.bytes} received, ${receipt.heightDots} dots long`);
    expect(bytes).toBeLessThanOrEqual(12_000);
    expect(receipt.bytes).toBe(bytes);
    expect(receipt.path).toBe(join(dir, 'out', 'receipt-1.png'));
    const png = readFileSync(receipt.path);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(576 + 64); // width from the IHDR chunk: paper with margins
    expect(receipt.heightDots).toBeGreaterThan(1500);
    mkdirSync(ARTIFACTS, { recursive: true });
    copyFileSync(receipt.path, join(ARTIFACTS, 'pty-sample-ar.png'));
  });

  it("refuses to print with 'paper-out' and sends no job bytes", async () => {
    const s = await startSim();
    s.setPaperOut(true);
    printer = await openEscPosSerial({ path: pty.hostPath });
    expect(await printer.status()).toMatchObject({ paperOut: true, online: false });
    const err = await printer.printReceipt(sample()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrinterError);
    expect((err as PrinterError).code).toBe('paper-out');
    s.setPaperOut(false);
    expect(s.receipts).toHaveLength(0);
    expect(existsSync(join(dir, 'out', 'receipt-1.png'))).toBe(false);
  });

  it("says 'printer-unavailable' when no printer answers on the line", async () => {
    printer = await openEscPosSerial({ path: pty.hostPath, statusTimeoutMs: 300 });
    const err = await printer.status().catch((e: unknown) => e);
    expect((err as PrinterError).code).toBe('printer-unavailable');
  });

  it('prints two receipts in a row as two PNGs, 58 mm layout too', async () => {
    const s = await startSim();
    printer = await openEscPosSerial({ path: pty.hostPath, render: { widthDots: 384 } });
    await printer.printReceipt({ ...sample(), lang: 'en' });
    await printer.printReceipt(sample());
    await untilReceipts(s, 2, 'two receipts', 5000);
    expect(s.receipts.map((r) => r.index)).toEqual([1, 2]);
    for (const r of s.receipts) expect(statSync(r.path).size).toBeGreaterThan(1000);
  });

  it('kioskctl: printer status, print and sim printer work end to end', async () => {
    const out = join(dir, 'cli-out');
    const simProc = spawn(process.execPath, ['bin/kioskctl.mjs', 'sim', 'printer', '--port', pty.devicePath, '--out', out], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let simOut = '';
      simProc.stdout.on('data', (d: Buffer) => (simOut += d.toString()));
      let simErr = '';
      simProc.stderr.on('data', (d: Buffer) => (simErr += d.toString()));
      await waitFor(() => simErr.includes('listening'), { what: 'the printer simulator to listen', timeoutMs: 15_000, on: eventOf(simProc.stderr, 'data') });
      const status = await run(process.execPath, ['bin/kioskctl.mjs', 'printer', 'status', '--port', pty.hostPath, '--json']);
      expect(JSON.parse(status.stdout)).toMatchObject({ online: true, paperOut: false });
      const printed = await run(process.execPath, ['bin/kioskctl.mjs', 'print', '--port', pty.hostPath, '--receipt', SAMPLE_RECEIPT_PATH, '--json']);
      expect(JSON.parse(printed.stdout)).toMatchObject({ printed: true });
      await waitFor(() => simOut.includes('receipt 1:'), { what: 'the simulator to cut receipt 1', on: eventOf(simProc.stdout, 'data'), describeLast: () => simOut });
      expect(existsSync(join(out, 'receipt-1.png'))).toBe(true);
    } finally {
      simProc.kill('SIGINT');
      await new Promise((r) => simProc.once('exit', r));
    }
    expect(simProc.exitCode).toBe(0);
  });
});
