import { EventEmitter } from 'node:events';
import { BaseTransport } from '../../drivers/transport/base';
import { type ByteTransport, TransportError } from '../../drivers/transport/byte-transport';
import {
  decodeHidReport,
  DEFAULT_HID_FRAMING,
  encodeHidReports,
  type HidDeviceHandle,
  type HidFramingOptions,
  type HidOpener,
} from '../../drivers/transport/hid';

/**
 * A stand-in for node-hid's HIDAsync (no HID device can exist on these machines: no uhid, no USB).
 * It enforces the rules of the real module that a transport can get wrong:
 *  - open by path or by vendor/product id; an absent device rejects with node-hid's message;
 *  - writes take a Buffer or an array of integers, report id first, at most the report length;
 *    they run one at a time in order (HIDAsync's work queue) and resolve with the byte count;
 *  - reading starts when a 'data' listener is added; `read(timeout)` while it runs rejects;
 *  - input reports that arrive while nobody reads are buffered by the kernel, 64 at most;
 *  - an unplug makes the read thread emit 'error' with a string and stop, pending and later
 *    writes reject with "Cannot write to hid device"; a closed device rejects everything.
 */
export interface FakeHidDeviceSpec {
  path: string;
  vendorId: number;
  productId: number;
  /** OUTPUT report length including the report id byte (64 data + 1 id by default). */
  outputReportLength?: number;
  /** Write latency in ms (USB full speed: one report per 1 ms frame). */
  writeDelayMs?: number;
}

export class FakeHidDevice {
  /** Every OUTPUT report the host wrote, in order, as written (report id first). */
  readonly reports: Buffer[] = [];
  plugged = true;
  readonly handles = new Set<FakeHidAsync>();
  private readonly writeListeners = new Set<(report: Buffer) => void>();
  private readonly unplugListeners = new Set<() => void>();

  constructor(readonly spec: Required<FakeHidDeviceSpec>) {}

  /** The device sends an INPUT report (as hidapi hands it to node-hid). */
  sendInput(report: Uint8Array | number[]): void {
    for (const handle of this.handles) handle.deliver(Buffer.from(report));
  }

  /** Called for each OUTPUT report, e.g. to decode it and answer like a device would. */
  onReport(listener: (report: Buffer) => void): () => void {
    this.writeListeners.add(listener);
    return () => this.writeListeners.delete(listener);
  }

  /** Called when the device leaves the bus (the device's own view of an unplug). */
  onUnplug(listener: () => void): () => void {
    this.unplugListeners.add(listener);
    return () => this.unplugListeners.delete(listener);
  }

  unplug(): void {
    this.plugged = false;
    for (const handle of this.handles) handle.unplugged();
    for (const l of [...this.unplugListeners]) l();
  }

  replug(): void {
    this.plugged = true;
  }

  received(report: Buffer): void {
    this.reports.push(report);
    for (const l of this.writeListeners) l(report);
  }
}

export class FakeHidAsync extends EventEmitter implements HidDeviceHandle {
  private closed = false;
  private reading = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly pendingInput: Buffer[] = [];

  constructor(private readonly device: FakeHidDevice) {
    super();
    this.on('newListener', (event: string) => {
      if (event === 'data') process.nextTick(() => this.startReading());
    });
    this.on('removeListener', (event: string) => {
      if (event === 'data' && this.listenerCount('data') === 0) this.reading = false;
    });
  }

  write(values: number[] | Buffer): Promise<number> {
    if (this.closed) return Promise.reject(new TypeError('device has been closed'));
    let report: Buffer;
    if (Buffer.isBuffer(values)) report = Buffer.from(values);
    else if (Array.isArray(values) && values.every((v) => Number.isInteger(v))) report = Buffer.from(values);
    else return Promise.reject(new TypeError('unexpected array element in array to send, expecting only integers'));
    if (report.length === 0) return Promise.reject(new TypeError('HID write requires one argument'));
    const run = this.queue.then(async () => {
      if (this.device.spec.writeDelayMs > 0) await new Promise((r) => setTimeout(r, this.device.spec.writeDelayMs));
      if (this.closed) throw new Error('device has been closed');
      if (!this.device.plugged) throw new Error('Cannot write to hid device');
      if (report.length > this.device.spec.outputReportLength) throw new Error('Cannot write to hid device');
      this.device.received(report);
      return report.length;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async read(timeoutMs = -1): Promise<Buffer | undefined> {
    if (this.closed) throw new TypeError('device has been closed');
    if (this.reading) throw new TypeError('Cannot use read while async read is running');
    if (!this.device.plugged) throw new Error('could not read data from device');
    const queued = this.pendingInput.shift();
    if (queued) return queued;
    return new Promise((resolve, reject) => {
      const timer = timeoutMs >= 0 ? setTimeout(() => done(Buffer.alloc(0)), timeoutMs) : undefined;
      const done = (b: Buffer | Error) => {
        if (timer) clearTimeout(timer);
        this.waiter = undefined;
        if (b instanceof Error) reject(b);
        else resolve(b);
      };
      this.waiter = done;
    });
  }

  private waiter: ((b: Buffer | Error) => void) | undefined;

  async close(): Promise<void> {
    if (this.closed) throw new TypeError('device is already closed');
    this.closed = true;
    this.reading = false;
    this.device.handles.delete(this);
    this.removeAllListeners();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** @internal the device side delivers an INPUT report. */
  deliver(report: Buffer): void {
    if (this.closed) return;
    if (this.waiter) return this.waiter(report);
    if (this.reading) {
      setImmediate(() => this.reading && this.emit('data', report));
      return;
    }
    // The kernel keeps a bounded queue of input reports nobody read; the oldest go first.
    this.pendingInput.push(report);
    if (this.pendingInput.length > 64) this.pendingInput.shift();
  }

  /** @internal */
  unplugged(): void {
    if (this.closed) return;
    this.waiter?.(new Error('could not read data from device'));
    if (this.reading) {
      this.reading = false;
      // node-hid's read thread passes a string, not an Error, and then stops; a device being
      // closed swallows it (node-hid's _closing flag).
      setImmediate(() => !this.closed && this.emit('error', 'could not read from HID device'));
    }
  }

  private startReading(): void {
    if (this.closed || this.reading || this.listenerCount('data') === 0) return;
    this.reading = true;
    if (!this.device.plugged) {
      this.reading = false;
      setImmediate(() => !this.closed && this.emit('error', 'could not read from HID device'));
      return;
    }
    for (const report of this.pendingInput.splice(0)) setImmediate(() => this.reading && this.emit('data', report));
  }
}

/** A USB bus with fake HID devices; `bus.hid` is passed as `openHid(..., { hid })`. */
export class FakeHidBus {
  private readonly devices: FakeHidDevice[] = [];
  opens = 0;

  add(spec: FakeHidDeviceSpec): FakeHidDevice {
    const device = new FakeHidDevice({ outputReportLength: 65, writeDelayMs: 0, ...spec });
    this.devices.push(device);
    return device;
  }

  readonly hid: HidOpener = {
    open: (async (a: string | number, b?: number | { nonExclusive?: boolean }) => {
      this.opens += 1;
      let device: FakeHidDevice | undefined;
      if (typeof a === 'string') {
        device = this.devices.find((d) => d.plugged && d.spec.path === a);
        if (!device) throw new Error(`cannot open device with path ${a}`);
      } else {
        if (typeof b !== 'number') throw new TypeError('VendorId and ProductId must be integers');
        device = this.devices.find((d) => d.plugged && d.spec.vendorId === a && d.spec.productId === b);
        if (!device) throw new Error(`cannot open device with vendor id 0x${a.toString(16)} and product id 0x${b.toString(16)}`);
      }
      await new Promise((r) => setImmediate(r));
      const handle = new FakeHidAsync(device);
      device.handles.add(handle);
      return handle;
    }) as HidOpener['open'],
  };
}

/**
 * The device's end of a fake HID link as a ByteTransport, so a device simulator written for a
 * byte link (printer, terminal) can sit behind a fake HID device: OUTPUT reports from the host
 * are unframed into bytes, bytes the simulator writes go back as INPUT reports. An unplug ends
 * it with `disconnected: true`, as the device's own firmware would lose the bus.
 */
export function fakeHidDeviceTransport(device: FakeHidDevice, framing: HidFramingOptions = DEFAULT_HID_FRAMING): ByteTransport {
  return new FakeHidDeviceEnd(device, framing);
}

class FakeHidDeviceEnd extends BaseTransport {
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly device: FakeHidDevice,
    private readonly framing: HidFramingOptions,
  ) {
    super(`fake HID device ${device.spec.path}`);
    this.unsubscribe = [
      // OUTPUT reports carry the report id first; unframe like the device firmware would.
      device.onReport((report) => {
        const body = framing.framing === 'length-prefixed' ? report.subarray(1) : report;
        this.receive(decodeHidReport(body, { ...framing, reportId: 0 }));
      }),
      device.onUnplug(() => this.ended({ disconnected: true })),
    ];
  }

  protected override deviceIsOpen(): boolean {
    return this.device.plugged;
  }

  protected async writeBytes(bytes: Uint8Array): Promise<void> {
    const unnumbered = this.framing.framing === 'length-prefixed' && this.framing.reportId === 0;
    for (const report of encodeHidReports(bytes, this.framing)) {
      // One INPUT report each time the host polls the interrupt endpoint, not a burst: a burst
      // of more than the kernel's 64 queued reports would be lost before the host reads.
      await new Promise((r) => setImmediate(r));
      if (!this.isOpen) throw new TransportError(`${this.name} closed during a write`, 'disconnected', true);
      // hidapi strips an unnumbered report id from INPUT reports and keeps a numbered one.
      this.device.sendInput(unnumbered ? report.subarray(1) : report);
    }
  }

  protected closeDevice(): void {
    for (const u of this.unsubscribe) u();
  }
}
