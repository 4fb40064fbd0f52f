import { afterEach, describe, expect, it } from 'vitest';
import { openZvtHid, type ZvtPaymentTerminal, ZvtTerminalSimulator } from '../../../drivers/payment';
import type { ByteTransport } from '../../../drivers/transport/byte-transport';
import { FakeHidBus, type FakeHidDevice, fakeHidDeviceTransport } from '../../support/transport';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(stepDelayMs = 5): Promise<{ kiosk: ZvtPaymentTerminal; sim: ZvtTerminalSimulator; device: FakeHidDevice; end: ByteTransport }> {
  const bus = new FakeHidBus();
  const device = bus.add({ path: '/dev/hidraw-zvt', vendorId: 0x079b, productId: 0x0028 });
  // The terminal's end of the USB cable: a length-prefixed HID serial tunnel, 63 bytes a report.
  const end = fakeHidDeviceTransport(device);
  const sim = new ZvtTerminalSimulator(end, { stepDelayMs, ecrTimeoutMs: 1000 });
  const kiosk = await openZvtHid({ target: { vendorId: 0x079b, productId: 0x0028 }, hid: { hid: bus.hid }, ackTimeoutMs: 300, masterTimeoutMs: 1000 });
  cleanups.push(async () => {
    await kiosk.close();
    await sim.close();
  });
  return { kiosk, sim, device, end };
}

describe('ZVT over USB-HID (node-hid-shaped fake)', () => {
  it('registers and sells; frames longer than one report are split and reassembled', async () => {
    const { kiosk, device } = await setup();
    await kiosk.register();
    const result = await kiosk.sale(12_345);
    expect(result).toMatchObject({ result: 'approved', amountCents: 12_345, trace: 1 });
    if (result.result !== 'approved') throw new Error('expected approval');
    expect(result.receiptLines).toContain('SALE QAR 123.45');
    // Every OUTPUT report is a full 65-byte report with report id 0, as hidraw wants.
    expect(device.reports.length).toBeGreaterThan(5);
    expect(device.reports.every((r) => r.length === 65 && r[0] === 0)).toBe(true);
  });

  it('recovery commands work the same: status, repeat receipt, reversal', async () => {
    const { kiosk } = await setup();
    const sale = await kiosk.sale(150);
    if (sale.result !== 'approved') throw new Error('expected approval');
    expect((await kiosk.status()).ready).toBe(true);
    expect(await kiosk.lastTransaction()).toMatchObject({ found: true, trace: sale.trace });
    expect(await kiosk.reversal({ receiptNo: sale.receiptNo! })).toMatchObject({ result: 'reversed' });
  });

  it('unplugged mid-sale: the outcome is unknown (to be recovered), never an exception or a hang', async () => {
    const { kiosk, device } = await setup(100);
    // Unplugged while the kiosk waits for the next message (not mid-write: see the report).
    const result = await kiosk.sale(150, { onProgress: () => void setTimeout(() => device.unplug(), 20) });
    expect(result.result).toBe('unknown');
    expect(kiosk.isOpen).toBe(false);
  });
});
