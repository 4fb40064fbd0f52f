import { CodedError } from '../../shared/coded-error';
import { BaseTransport } from './base';
import { type ByteTransport, TransportError } from './byte-transport';

/*
 * A ByteTransport over USB-HID (node-hid's HIDAsync).
 *
 * HID has no byte stream: the host writes OUTPUT reports and the device sends INPUT reports of a
 * fixed size. Devices that tunnel a serial protocol (ESC/POS, ZVT) through HID put a length in
 * each report; two layouts are common and both are supported:
 *
 * - `length-prefixed`: [reportId, n, b1..bn, 0-padding], usually unnumbered (reportId 0), as POS
 *   printers do; the device answers [n, b1..bn, padding]. hidapi strips report id 0 from input
 *   but keeps a non-zero one, so with a numbered report the input is [id, n, b1..bn].
 * - `report-id-length`: the report id IS the payload length (1..63), as the Silicon Labs CP2110
 *   HID-to-UART bridge does: [n, b1..bn] both ways.
 */

type HidFraming = 'length-prefixed' | 'report-id-length';

export interface HidFramingOptions {
  framing: HidFraming;
  /** Bytes in one report after the report id (a full-speed interrupt endpoint: 64). */
  reportSize: number;
  /** Report id for `length-prefixed` (0 = unnumbered). Ignored by `report-id-length`. */
  reportId: number;
}

export const DEFAULT_HID_FRAMING: HidFramingOptions = { framing: 'length-prefixed', reportSize: 64, reportId: 0 };

export class HidFramingError extends CodedError<'bad-hid-report'> {
  override readonly name = 'HidFramingError';
  constructor(message: string) {
    super('bad-hid-report', message);
  }
}

/** Payload bytes one OUTPUT report can carry. */
function payloadPerReport(opts: HidFramingOptions): number {
  return opts.framing === 'length-prefixed' ? opts.reportSize - 1 : Math.min(63, opts.reportSize - 1);
}

/** Splits a byte stream into OUTPUT reports, each ready for `HIDAsync.write` (report id first). */
export function encodeHidReports(data: Uint8Array, opts: HidFramingOptions): Buffer[] {
  const per = payloadPerReport(opts);
  if (per < 1) throw new HidFramingError(`HID report size ${opts.reportSize} leaves no room for data`);
  const reports: Buffer[] = [];
  for (let at = 0; at < data.length; at += per) {
    const chunk = data.subarray(at, Math.min(data.length, at + per));
    if (opts.framing === 'length-prefixed') {
      // Full report length: hidraw and Windows reject or truncate short OUTPUT reports.
      const report = Buffer.alloc(1 + opts.reportSize);
      report[0] = opts.reportId;
      report[1] = chunk.length;
      report.set(chunk, 2);
      reports.push(report);
    } else {
      const report = Buffer.alloc(1 + chunk.length);
      report[0] = chunk.length;
      report.set(chunk, 1);
      reports.push(report);
    }
  }
  return reports;
}

/** The payload of one INPUT report as node-hid delivers it (see the module comment). */
export function decodeHidReport(report: Uint8Array, opts: HidFramingOptions): Uint8Array {
  let body = report;
  if (opts.framing === 'length-prefixed' && opts.reportId !== 0) {
    if (report[0] !== opts.reportId) throw new HidFramingError(`unexpected HID report id ${report[0] ?? 'none'}`);
    body = report.subarray(1);
  }
  if (body.length === 0) return new Uint8Array(0);
  const n = body[0]!;
  if (n > body.length - 1) throw new HidFramingError(`HID report claims ${n} bytes but carries ${body.length - 1}`);
  return body.slice(1, 1 + n);
}

/** The part of node-hid's HIDAsync this transport uses (the fake in tests implements the same). */
export interface HidDeviceHandle {
  write(values: number[] | Buffer): Promise<number>;
  close(): Promise<void>;
  on(event: 'data', listener: (data: Buffer) => void): unknown;
  on(event: 'error', listener: (err: unknown) => void): unknown;
  removeAllListeners(event?: string): unknown;
}

export interface HidOpener {
  open(path: string, options?: { nonExclusive?: boolean }): Promise<HidDeviceHandle>;
  open(vendorId: number, productId: number, options?: { nonExclusive?: boolean }): Promise<HidDeviceHandle>;
}

export type HidTarget = { path: string } | { vendorId: number; productId: number };

export interface HidOptions extends Partial<HidFramingOptions> {
  nonExclusive?: boolean;
  /** node-hid's HIDAsync by default; tests pass the fake (no HID device can exist on CI). */
  hid?: HidOpener;
}

function describeHidTarget(target: HidTarget): string {
  return 'path' in target
    ? `HID device ${target.path}`
    : `HID device ${hex4(target.vendorId)}:${hex4(target.productId)}`;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/**
 * Opens a HID device as a ByteTransport. An unplug shows up in node-hid as an 'error' from the
 * read thread (which then stops) or as a rejected write; both become a close with
 * `disconnected: true`, exactly like a vanished serial port, so reconnect logic is shared.
 */
export async function openHid(target: HidTarget, opts: HidOptions = {}): Promise<ByteTransport> {
  const framing: HidFramingOptions = {
    framing: opts.framing ?? DEFAULT_HID_FRAMING.framing,
    reportSize: opts.reportSize ?? DEFAULT_HID_FRAMING.reportSize,
    reportId: opts.reportId ?? DEFAULT_HID_FRAMING.reportId,
  };
  if (payloadPerReport(framing) < 1) throw new HidFramingError(`HID report size ${framing.reportSize} is too small`);
  const hid = opts.hid ?? (await loadNodeHid());
  const openOpts = { nonExclusive: opts.nonExclusive ?? false };
  let device: HidDeviceHandle;
  try {
    device =
      'path' in target
        ? await hid.open(target.path, openOpts)
        : await hid.open(target.vendorId, target.productId, openOpts);
  } catch (err) {
    throw new TransportError(`cannot open ${describeHidTarget(target)}: ${errorText(err)}`, 'open-failed');
  }
  return new HidTransport(device, framing, describeHidTarget(target));
}

async function loadNodeHid(): Promise<HidOpener> {
  // Lazy: the native module is only loaded on kiosks configured for HID.
  const mod = (await import('node-hid')) as unknown as { HIDAsync: HidOpener; default?: { HIDAsync: HidOpener } };
  return mod.HIDAsync ?? mod.default!.HIDAsync;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

class HidTransport extends BaseTransport {
  constructor(
    private readonly device: HidDeviceHandle,
    private readonly framing: HidFramingOptions,
    name: string,
  ) {
    super(name);
    // Reading starts when the first 'data' listener is added, so the device's input is never
    // lost between open and the caller's onData (the base holds it until then).
    device.on('data', (report) => this.onReport(report));
    device.on('error', (err) => this.lose(err));
  }

  /** HIDAsync runs writes in a work queue; the base's write queue keeps whole writes from interleaving. */
  protected async writeBytes(data: Uint8Array): Promise<void> {
    for (const report of encodeHidReports(data, this.framing)) {
      if (!this.isOpen) throw new TransportError(`${this.name} closed during a write`, 'disconnected', true);
      try {
        await this.device.write(report);
      } catch (err) {
        // A failed HID write means the device is gone: nothing later in the queue can succeed.
        this.lose(err);
        throw new TransportError(`${this.name} write failed: ${errorText(err)}`, 'write-failed', true);
      }
    }
  }

  protected closeDevice(): void {
    this.release();
  }

  private onReport(report: Buffer): void {
    let payload: Uint8Array;
    try {
      payload = decodeHidReport(report, this.framing);
    } catch {
      return; // a malformed report is noise on the line: the protocol above recovers by timeout
    }
    this.receive(payload);
  }

  private lose(err: unknown): void {
    if (!this.isOpen) return;
    this.release();
    this.ended({ disconnected: true, error: new Error(errorText(err)) });
  }

  private release(): void {
    this.device.removeAllListeners('data');
    this.device.removeAllListeners('error');
    // Keep an 'error' listener: node-hid emits late read errors while closing.
    this.device.on('error', () => undefined);
    // Not awaited: the link is closed for the kiosk at once; node-hid lets go in the background.
    void this.device.close().catch(() => undefined);
  }
}
