import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrinterSimulator, type Receipt, SAMPLE_RECEIPT_PATH } from '../../../drivers/printer';
import { describePrinterLink, openPrinterLink, parsePrinterLink } from '../../../drivers/printer/link';
import { PrinterError } from '../../../drivers/printer/errors';
import { PrintQueue, type PrintQueueOptions, type PrinterStatusEvent } from '../../../drivers/printer/print-queue';
import type { ReceiptFault } from '../../../drivers/printer/receipt-copies';
import { PrintJournal } from '../../../offline-cache/print-journal';
import { untilLevel, untilReceipts } from '../../support/printing';
import { useTempDir } from '../../support/temp-db';
import { FakeHidBus, type FakeHidDevice, fakeHidDeviceTransport } from '../../support/transport';
import { eventOf, waitFor } from '../../support/wait';

const sample = () => JSON.parse(readFileSync(SAMPLE_RECEIPT_PATH, 'utf8')) as Receipt;

describe('printer link configuration', () => {
  it('serial defaults to 115200; HID needs a path or both ids', () => {
    expect(parsePrinterLink({ kind: 'serial', path: '/dev/ttyS0' })).toEqual({ kind: 'serial', path: '/dev/ttyS0', baudRate: 115200 });
    expect(parsePrinterLink({ kind: 'hid', vendorId: 0x0519, productId: 0x2013 })).toMatchObject({ framing: 'length-prefixed', reportSize: 64 });
    expect(() => parsePrinterLink({ kind: 'hid', vendorId: 1 })).toThrow(expect.objectContaining({ code: 'invalid-config' }));
    expect(() => parsePrinterLink({ kind: 'hid', path: 'a', vendorId: 1, productId: 2 })).toThrow(/either path/);
    expect(() => parsePrinterLink({ kind: 'usb', path: 'x' })).toThrow(/invalid printer link/);
    expect(describePrinterLink({ kind: 'hid', vendorId: 0x519, productId: 0x2013 })).toBe('HID 0519:2013');
  });

  it('an absent HID printer is printer-unavailable', async () => {
    const bus = new FakeHidBus();
    await expect(openPrinterLink({ kind: 'hid', path: '/dev/hidraw3' }, { hid: bus.hid })).rejects.toMatchObject({ code: 'printer-unavailable' });
  });
});

/**
 * The same print service with the printer on USB-HID (config kind 'hid'), against the
 * node-hid-shaped fake with the printer simulator behind it: no HID device can exist here.
 */
describe('PrintQueue over USB-HID (fake node-hid)', () => {
  const tmp = useTempDir('pq-hid-');
  let dir: string;
  let journal: PrintJournal;
  let bus: FakeHidBus;
  let device: FakeHidDevice;
  let sim: PrinterSimulator;
  let queue: PrintQueue;

  const plugPrinter = () => {
    sim = new PrinterSimulator(fakeHidDeviceTransport(device), { outDir: join(dir, 'out') });
  };

  beforeEach(() => {
    dir = tmp.dir();
    journal = new PrintJournal(tmp.db().db);
    bus = new FakeHidBus();
    device = bus.add({ path: '/dev/hidraw3', vendorId: 0x0519, productId: 0x2013 });
    plugPrinter();
    queue = newQueue();
  });

  const newQueue = (extra: Partial<PrintQueueOptions> = {}) =>
    new PrintQueue({
      journal,
      connect: () => openPrinterLink({ kind: 'hid', vendorId: 0x0519, productId: 0x2013 }, { hid: bus.hid }),
      pollMs: 50,
      reconnectMinMs: 30,
      reconnectMaxMs: 60,
      statusTimeoutMs: 200,
      ...extra,
    });

  afterEach(async () => {
    await queue.stop();
  });

  it('prints the standard receipt in 65-byte reports', async () => {
    await queue.start();
    await untilLevel(queue, 'ready');
    const outcome = await queue.print(sample());
    expect(outcome.state).toBe('printed');
    await untilReceipts(sim, 1);
    expect(device.reports.every((r) => r.length === 65)).toBe(true);
    expect(sim.receipts[0]).toMatchObject({ complete: true });
  });

  it('unplugged mid-job: failed; replugged: reconnects by itself, prints nothing until a reprint, which prints once', async () => {
    await queue.start();
    await untilLevel(queue, 'ready');
    sim.injectFaults([{ kind: 'vanish', afterBytes: 4000 }]);
    sim.once('fault', () => device.unplug());
    const outcome = await queue.print(sample());
    expect(outcome).toMatchObject({ state: 'failed', code: 'printer-unavailable' });
    await untilLevel(queue, 'unavailable');
    const opensBefore = bus.opens;
    device.replug();
    plugPrinter();
    await untilLevel(queue, 'ready');
    expect(bus.opens).toBeGreaterThan(opensBefore);
    expect(sim.receipts).toHaveLength(0);
    expect((await queue.reprint(outcome.jobId)).state).toBe('printed');
    await untilReceipts(sim, 1, 'the reprint');
    await queue.idle();
    // The reprint went down the same ordered link as anything the reconnect might have sent:
    // one receipt after it means the reconnect printed nothing of its own.
    expect(sim.receipts).toHaveLength(1);
    expect(journal.get(outcome.jobId)).toMatchObject({ state: 'printed', attempts: 2 });
  });

  it('a PDF copy that cannot be made is a receipt fault: typed, counted, printer health a warning, the paper receipt still printed', async () => {
    const faults: ReceiptFault[] = [];
    const statuses: PrinterStatusEvent[] = [];
    let failPdf = true;
    queue = newQueue({
      selfCheckReceipt: sample(),
      makePdf: async () => {
        if (failPdf) throw new PrinterError('fonts-missing', 'receipt font cannot be read');
        return Buffer.from('%PDF-1.3 test copy');
      },
    });
    queue.on('receipt-fault', (f) => faults.push(f));
    queue.on('status', (s) => statuses.push(s));
    await queue.start();
    await waitFor(() => queue.level === 'ready' && faults.length === 1, {
      what: 'the printer ready and the self-check fault',
      on: (wake) => {
        const offs = [eventOf(queue, 'status')(wake), eventOf(queue, 'receipt-fault')(wake)];
        return () => offs.forEach((off) => off());
      },
      describeLast: () => ({ level: queue.level, faults: faults.length }),
    });
    expect(faults[0]).toMatchObject({ kind: 'pdf', code: 'fonts-missing' });
    expect(faults[0]!.jobId).toBeUndefined(); // the start-up self-check found it, before any shopper
    expect(statuses.at(-1)).toMatchObject({ level: 'ready', canPrint: true, warning: true, receiptFault: 'pdf' });

    const outcome = await queue.print(sample());
    expect(outcome.state).toBe('printed');
    await queue.idle();
    expect(faults[1]).toMatchObject({ kind: 'pdf', code: 'fonts-missing', jobId: outcome.jobId });
    expect(journal.get(outcome.jobId).hasPdf).toBe(false);
    expect(queue.receiptFaults()).toMatchObject({ pdf: 2, raster: 0, active: ['pdf'] });

    failPdf = false;
    const next = await queue.print(sample());
    await queue.idle();
    expect(journal.get(next.jobId).hasPdf).toBe(true);
    expect(queue.receiptFaults()).toMatchObject({ pdf: 2, active: [] });
    expect(statuses.at(-1)).toMatchObject({ level: 'ready', warning: false });
    expect(statuses.at(-1)!.receiptFault).toBeUndefined();
  });

  it('a raster that cannot be made stops printing: the job fails with the typed code and the printer cannot print', async () => {
    const faults: ReceiptFault[] = [];
    const statuses: PrinterStatusEvent[] = [];
    // A width no receipt printer has: every raster fails, as with unreadable fonts.
    queue = newQueue({ selfCheckReceipt: sample(), render: { widthDots: 100 } });
    queue.on('receipt-fault', (f) => faults.push(f));
    queue.on('status', (s) => statuses.push(s));
    await queue.start();
    await untilLevel(queue, 'ready');
    expect(faults[0]).toMatchObject({ kind: 'raster', code: 'invalid-config' });
    expect(statuses.at(-1)).toMatchObject({ level: 'ready', canPrint: false, receiptFault: 'raster' });

    const outcome = await queue.print(sample());
    expect(outcome).toMatchObject({ state: 'failed', code: 'invalid-config' });
    expect(journal.get(outcome.jobId).state).toBe('failed');
    expect(faults.at(-1)).toMatchObject({ kind: 'raster', jobId: outcome.jobId });
    expect(sim.receipts).toHaveLength(0);
    expect(queue.receiptFaults()).toMatchObject({ active: ['raster'] });
    expect(queue.receiptFaults().raster).toBeGreaterThanOrEqual(2);
  });
});
