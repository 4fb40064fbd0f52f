import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrinterSimulator, type Receipt, SAMPLE_RECEIPT_PATH } from '../../../drivers/printer';
import { describePrinterLink, openPrinterLink, parsePrinterLink } from '../../../drivers/printer/link';
import { PrintQueue } from '../../../drivers/printer/print-queue';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { migration004 } from '../../../offline-cache/migrations/004-print-jobs';
import { PrintJournal } from '../../../offline-cache/print-journal';
import { FakeHidBus, type FakeHidDevice, fakeHidDeviceTransport } from '../transport/fake-hid';

const sample = () => JSON.parse(readFileSync(SAMPLE_RECEIPT_PATH, 'utf8')) as Receipt;

async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

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
  let dir: string;
  let db: Database.Database;
  let journal: PrintJournal;
  let bus: FakeHidBus;
  let device: FakeHidDevice;
  let sim: PrinterSimulator;
  let queue: PrintQueue;

  const plugPrinter = () => {
    sim = new PrinterSimulator(fakeHidDeviceTransport(device), { outDir: join(dir, 'out') });
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pq-hid-'));
    db = new Database(join(dir, 'kiosk.db'));
    migrate(db, MIGRATIONS.filter((m) => m.version < 4));
    if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'print_jobs'`).get()) db.transaction(() => migration004.up(db))();
    journal = new PrintJournal(db);
    bus = new FakeHidBus();
    device = bus.add({ path: '/dev/hidraw3', vendorId: 0x0519, productId: 0x2013 });
    plugPrinter();
    queue = new PrintQueue({
      journal,
      connect: () => openPrinterLink({ kind: 'hid', vendorId: 0x0519, productId: 0x2013 }, { hid: bus.hid }),
      pollMs: 50,
      reconnectMinMs: 30,
      reconnectMaxMs: 60,
      statusTimeoutMs: 200,
    });
  });

  afterEach(async () => {
    await queue.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the standard receipt in 65-byte reports', async () => {
    await queue.start();
    await waitFor(() => queue.level === 'ready');
    const outcome = await queue.print(sample());
    expect(outcome.state).toBe('printed');
    await waitFor(() => sim.receipts.length === 1);
    expect(device.reports.every((r) => r.length === 65)).toBe(true);
    expect(sim.receipts[0]).toMatchObject({ complete: true });
  });

  it('unplugged mid-job: failed; replugged: reconnects by itself, prints nothing until a reprint, which prints once', async () => {
    await queue.start();
    await waitFor(() => queue.level === 'ready');
    sim.injectFaults([{ kind: 'vanish', afterBytes: 4000 }]);
    sim.once('fault', () => device.unplug());
    const outcome = await queue.print(sample());
    expect(outcome).toMatchObject({ state: 'failed', code: 'printer-unavailable' });
    await waitFor(() => queue.level === 'unavailable');
    const opensBefore = bus.opens;
    device.replug();
    plugPrinter();
    await waitFor(() => queue.level === 'ready');
    expect(bus.opens).toBeGreaterThan(opensBefore);
    await new Promise((r) => setTimeout(r, 200));
    expect(sim.receipts).toHaveLength(0);
    expect((await queue.reprint(outcome.jobId)).state).toBe('printed');
    await waitFor(() => sim.receipts.length === 1);
    expect(journal.get(outcome.jobId)).toMatchObject({ state: 'printed', attempts: 2 });
  });
});
