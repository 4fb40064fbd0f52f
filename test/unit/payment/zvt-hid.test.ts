import { afterEach, describe, expect, it } from 'vitest';
import { openZvtHid, type ZvtPaymentTerminal, ZvtTerminalSimulator } from '../../../drivers/payment';
import type { ByteTransport, TransportClosedInfo } from '../../../drivers/transport/byte-transport';
import { FakeHidBus, type FakeHidDevice } from '../transport/fake-hid';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * The terminal's end of the USB cable: OUTPUT reports from the kiosk ([0, n, bytes…, padding])
 * become a byte stream for the simulator, and its bytes go back as INPUT reports ([n, bytes…]),
 * 63 payload bytes at most per 64-byte report, as a length-prefixed HID serial tunnel does.
 */
function deviceEnd(device: FakeHidDevice): ByteTransport & { unplug(): void } {
  const data = new Set<(c: Uint8Array) => void>();
  const closes = new Set<(i: TransportClosedInfo) => void>();
  let open = true;
  device.onReport((report) => {
    const n = report[1]!;
    const payload = report.subarray(2, 2 + n);
    setImmediate(() => open && data.forEach((l) => l(payload)));
  });
  const shut = (info: TransportClosedInfo) => {
    if (!open) return;
    open = false;
    closes.forEach((l) => l(info));
  };
  return {
    get isOpen() {
      return open;
    },
    async write(bytes) {
      for (let at = 0; at < bytes.length; at += 63) {
        const chunk = bytes.subarray(at, at + 63);
        const report = new Uint8Array(64);
        report[0] = chunk.length;
        report.set(chunk, 1);
        device.sendInput(report);
      }
    },
    onData: (l) => (data.add(l), () => data.delete(l)),
    onClose: (l) => (closes.add(l), () => closes.delete(l)),
    close: async () => shut({ disconnected: false }),
    unplug() {
      device.unplug();
      shut({ disconnected: true });
    },
  };
}

async function setup(stepDelayMs = 5): Promise<{ kiosk: ZvtPaymentTerminal; sim: ZvtTerminalSimulator; device: FakeHidDevice; end: ReturnType<typeof deviceEnd> }> {
  const bus = new FakeHidBus();
  const device = bus.add({ path: '/dev/hidraw-zvt', vendorId: 0x079b, productId: 0x0028 });
  const end = deviceEnd(device);
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
    const { kiosk, end } = await setup(100);
    // Unplugged while the kiosk waits for the next message (not mid-write: see the report).
    const result = await kiosk.sale(150, { onProgress: () => void setTimeout(() => end.unplug(), 20) });
    expect(result.result).toBe('unknown');
    expect(kiosk.isOpen).toBe(false);
  });
});
