import { describe, expect, it } from 'vitest';
import {
  decodeHidReport,
  encodeHidReports,
  HidFramingError,
  openHid,
  type HidFramingOptions,
} from '../../../drivers/transport/hid';
import { TransportError } from '../../../drivers/transport/byte-transport';
import { type FakeHidAsync, FakeHidBus } from '../../support/transport';
import { waitFor } from '../../support/wait';
import { fuzzIt } from '../../support/fuzz';

const LP: HidFramingOptions = { framing: 'length-prefixed', reportSize: 8, reportId: 0 };
const CP: HidFramingOptions = { framing: 'report-id-length', reportSize: 64, reportId: 0 };

describe('HID report framing', () => {
  it('length-prefixed: full-length reports, report id first, length, data, zero padding', () => {
    const reports = encodeHidReports(Uint8Array.from([0x1b, 0x40, 1, 2, 3, 4, 5, 6, 7]), LP);
    expect(reports.map((r) => [...r])).toEqual([
      [0x00, 7, 0x1b, 0x40, 1, 2, 3, 4, 5],
      [0x00, 2, 6, 7, 0, 0, 0, 0, 0],
    ]);
  });

  it('length-prefixed with a numbered report carries the id both ways', () => {
    const opts = { ...LP, reportId: 2 };
    expect([...encodeHidReports(Uint8Array.from([9]), opts)[0]!]).toEqual([2, 1, 9, 0, 0, 0, 0, 0, 0]);
    expect([...decodeHidReport(Uint8Array.from([2, 2, 0x12, 0x34, 0]), opts)]).toEqual([0x12, 0x34]);
    expect(() => decodeHidReport(Uint8Array.from([3, 1, 0]), opts)).toThrow(HidFramingError);
  });

  it('report-id-length (CP2110): the id is the length, at most 63 bytes per report', () => {
    const data = Uint8Array.from({ length: 70 }, (_, i) => i);
    const reports = encodeHidReports(data, CP);
    expect(reports.map((r) => r.length)).toEqual([64, 8]);
    expect(reports[0]![0]).toBe(63);
    expect([...reports[1]!]).toEqual([7, 63, 64, 65, 66, 67, 68, 69]);
    expect([...decodeHidReport(Uint8Array.from([2, 0x10, 0x04, 0xff]), CP)]).toEqual([0x10, 0x04]);
  });

  it('rejects a report claiming more bytes than it carries, and reads an empty report as nothing', () => {
    expect(() => decodeHidReport(Uint8Array.from([5, 1, 2]), LP)).toThrow(/claims 5 bytes/);
    expect(decodeHidReport(new Uint8Array(0), LP).length).toBe(0);
  });
});

function setup() {
  const bus = new FakeHidBus();
  const device = bus.add({ path: '/dev/hidraw7', vendorId: 0x0519, productId: 0x2013 });
  return { bus, device };
}

describe('openHid over a node-hid-shaped device', () => {
  it('opens by path or by vendor/product id and writes the stream as 65-byte reports', async () => {
    const { bus, device } = setup();
    const byPath = await openHid({ path: '/dev/hidraw7' }, { hid: bus.hid });
    await byPath.write(Uint8Array.from({ length: 100 }, (_, i) => i));
    expect(device.reports.map((r) => r.length)).toEqual([65, 65]);
    expect(device.reports[0]![1]).toBe(63);
    expect(device.reports[1]![1]).toBe(37);
    expect(device.reports[1]![2]).toBe(63);
    await byPath.close();
    const byId = await openHid({ vendorId: 0x0519, productId: 0x2013 }, { hid: bus.hid });
    expect(byId.isOpen).toBe(true);
    await byId.close();
  });

  it('an absent device is a typed open failure naming the device', async () => {
    const { bus } = setup();
    await expect(openHid({ path: '/dev/hidraw9' }, { hid: bus.hid })).rejects.toMatchObject({
      code: 'open-failed',
      message: expect.stringContaining('/dev/hidraw9'),
    });
    await expect(openHid({ vendorId: 1, productId: 2 }, { hid: bus.hid })).rejects.toThrow(/0001:0002/);
  });

  it('delivers input reports as bytes, including those sent before onData', async () => {
    const { bus, device } = setup();
    const t = await openHid({ path: '/dev/hidraw7' }, { hid: bus.hid });
    device.sendInput([1, 0x12, 0, 0]);
    const got: number[] = [];
    t.onData((c) => got.push(...c));
    device.sendInput([2, 0x14, 0x15, 0]);
    device.sendInput([0]); // an empty report carries nothing
    device.sendInput([1, 0x7e, 0]); // a last byte: once it is here, everything before it is too
    await waitFor(() => got.includes(0x7e), { what: 'the last input report' });
    expect(got).toEqual([0x12, 0x14, 0x15, 0x7e]);
    await t.close();
  });

  it('concurrent writes do not interleave', async () => {
    const bus = new FakeHidBus();
    const device = bus.add({ path: 'p', vendorId: 1, productId: 1, writeDelayMs: 1 });
    const t = await openHid({ path: 'p' }, { hid: bus.hid, framing: 'report-id-length' });
    const a = new Uint8Array(100).fill(0xaa);
    const b = new Uint8Array(100).fill(0xbb);
    await Promise.all([t.write(a), t.write(b)]);
    const stream = device.reports.flatMap((r) => [...r.subarray(1, 1 + r[0]!)]);
    expect(stream).toEqual([...a, ...b]);
    await t.close();
  });

  it('unplug while idle: the read thread error becomes a disconnected close', async () => {
    const { bus, device } = setup();
    const t = await openHid({ path: '/dev/hidraw7' }, { hid: bus.hid });
    const closed = new Promise((resolve) => t.onClose(resolve));
    device.unplug();
    await expect(closed).resolves.toMatchObject({ disconnected: true });
    expect(t.isOpen).toBe(false);
    await expect(t.write(Uint8Array.from([1]))).rejects.toBeInstanceOf(TransportError);
    // The handle was closed for good: a replugged device can be opened afresh.
    expect([...device.handles]).toHaveLength(0);
    device.replug();
    const again = await openHid({ path: '/dev/hidraw7' }, { hid: bus.hid });
    await again.write(Uint8Array.from([7]));
    expect(device.reports.at(-1)![2]).toBe(7);
    await again.close();
  });

  it('unplug mid-write rejects the write as disconnected and closes the transport', async () => {
    const bus = new FakeHidBus();
    const device = bus.add({ path: 'p', vendorId: 1, productId: 1, writeDelayMs: 2 });
    const t = await openHid({ path: 'p' }, { hid: bus.hid });
    const infos: unknown[] = [];
    t.onClose((i) => infos.push(i));
    // Pulled out after the fifth report of twenty reached the device.
    device.onReport(() => device.reports.length === 5 && device.unplug());
    const writing = t.write(new Uint8Array(63 * 20));
    await expect(writing).rejects.toMatchObject({ disconnected: true });
    expect(device.reports).toHaveLength(5);
    expect(infos).toEqual([expect.objectContaining({ disconnected: true })]);
  });

  it('close is not a disconnect, and the device handle is closed exactly once', async () => {
    const { bus, device } = setup();
    const t = await openHid({ path: '/dev/hidraw7' }, { hid: bus.hid });
    const infos: unknown[] = [];
    t.onClose((i) => infos.push(i));
    await t.close();
    await t.close();
    await new Promise((r) => setImmediate(r));
    expect(infos).toEqual([{ disconnected: false }]);
    expect(device.handles.size).toBe(0);
  });
});

describe('the fake enforces node-hid rules', () => {
  it('read(timeout) while the read thread runs is refused; oversized and closed writes reject', async () => {
    const { bus } = setup();
    const h = (await bus.hid.open('/dev/hidraw7')) as FakeHidAsync;
    h.on('data', () => undefined);
    await new Promise((r) => process.nextTick(r));
    await expect(h.read(10)).rejects.toThrow('Cannot use read while async read is running');
    await expect(h.write(Buffer.alloc(66))).rejects.toThrow('Cannot write to hid device');
    await expect(h.write(['x' as unknown as number])).rejects.toThrow(/expecting only integers/);
    await h.close();
    await expect(h.write([0, 1])).rejects.toThrow('device has been closed');
    await expect(h.close()).rejects.toThrow('device is already closed');
  });
});

describe('HID framing, fuzzed', () => {
  fuzzIt('any byte stream survives encode -> device decode for every framing and report size', 100, async (numRuns) => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        fc.constantFrom<HidFramingOptions['framing']>('length-prefixed', 'report-id-length'),
        fc.integer({ min: 2, max: 128 }),
        fc.integer({ min: 0, max: 3 }),
        (data, framing, reportSize, reportId) => {
          const opts = { framing, reportSize, reportId };
          const reports = encodeHidReports(data, opts);
          const back: number[] = [];
          for (const r of reports) {
            // What the device reads from an OUTPUT report is what it would send back as INPUT.
            const input = framing === 'length-prefixed' && reportId === 0 ? r.subarray(1) : r;
            back.push(...decodeHidReport(input, opts));
          }
          expect(back).toEqual([...data]);
        },
      ),
      { numRuns },
    );
  });
});
