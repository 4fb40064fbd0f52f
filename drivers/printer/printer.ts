import { type ByteTransport, TransportError } from '../transport/byte-transport';
import { enableAsb, parseAsb, StatusStream } from './asb';
import { concatBytes, DLE, statusRequest, type StatusKind } from './escpos';
import { encodeDocument } from './encode';
import { PrinterError } from './errors';
import { type Receipt } from './receipt';
import { renderReceipt, type RenderOptions } from './render';
import { parseStatus, type PrinterStatus } from './status';

export interface EscPosPrinterOptions {
  /** How long to wait for each DLE EOT reply before calling the printer unavailable. */
  statusTimeoutMs?: number;
  /** Largest single write; small writes let a closing link fail fast. */
  chunkBytes?: number;
  /**
   * With a job given as command-aligned segments, status is asked again after this many bytes
   * so a paper-out mid-receipt stops the job (0 = check only before the job).
   */
  midJobStatusEveryBytes?: number;
  /** Layout used by printReceipt. */
  render?: RenderOptions;
  /**
   * A write that has not drained by then means the printer stopped taking data (powered off
   * behind a USB adapter, flow control held forever): the job fails instead of hanging.
   */
  writeTimeoutMs?: number;
}

export interface PrintResult {
  bytes: number;
}

/**
 * An ESC/POS receipt printer on a two-way byte link. Every job starts with a real-time status
 * check, because a printer out of paper accepts data silently and prints it (or garbage) later.
 * Calls are serialised: a status request must never land inside a job's command bytes.
 */
export class EscPosPrinter {
  private readonly statusTimeoutMs: number;
  private readonly chunkBytes: number;
  private readonly midJobEvery: number;
  private queue: Promise<unknown> = Promise.resolve();
  private waiter: ((byte: number) => void) | undefined;
  private closedError: PrinterError | undefined;
  private readonly unsubscribe: Array<() => void> = [];
  private readonly stream = new StatusStream();
  private readonly statusListeners = new Set<(s: PrinterStatus) => void>();
  /** The last unsolicited (ASB) status, so a job in flight stops as soon as the printer says so. */
  private pushed: PrinterStatus | undefined;

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: EscPosPrinterOptions = {},
  ) {
    this.statusTimeoutMs = options.statusTimeoutMs ?? 1000;
    this.chunkBytes = options.chunkBytes ?? 1024;
    this.midJobEvery = options.midJobStatusEveryBytes ?? 4096;
    this.unsubscribe.push(
      transport.onData((chunk) => {
        for (const m of this.stream.push(chunk)) {
          if (m.kind === 'asb') {
            this.pushed = parseAsb(m.bytes);
            for (const l of this.statusListeners) l(this.pushed);
          } else if (this.waiter) {
            // A reply nobody waits for (late, after a timeout) is dropped.
            const w = this.waiter;
            this.waiter = undefined;
            w(m.byte);
          }
        }
      }),
      transport.onClose((info) => {
        this.closedError = new PrinterError(
          'printer-unavailable',
          info.disconnected ? 'printer link lost (unplugged or powered off)' : 'printer link closed',
        );
      }),
    );
  }

  get isOpen(): boolean {
    return !this.closedError && this.transport.isOpen;
  }

  status(): Promise<PrinterStatus> {
    return this.exclusive(() => this.readStatus());
  }

  /** Status the printer sends by itself (ASB), after `enableAutoStatus`. Returns an unsubscribe. */
  onStatus(listener: (s: PrinterStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * GS a: asks the printer to push status changes. Printers without ASB ignore it, so callers
   * keep polling DLE EOT anyway; the pushed status only makes reactions faster.
   */
  enableAutoStatus(mask: number): Promise<void> {
    return this.exclusive(() => this.write(enableAsb(mask)));
  }

  /**
   * DLE ENQ 2 (real-time): recover from an error and throw away what the printer still holds.
   * After a job failed midway, its rest must never print when the paper comes back, or the
   * shopper's reprint would come out after a torn half copy.
   */
  clearBuffers(): Promise<void> {
    return this.exclusive(() => this.write(Uint8Array.of(DLE, 0x05, 2)));
  }

  /**
   * Sends a job after checking that the printer can print it. Given command-aligned segments
   * (EncodedJob.segments), it also re-checks status between segments as the job streams.
   */
  print(job: Uint8Array | readonly Uint8Array[]): Promise<PrintResult> {
    return this.exclusive(async () => {
      assertReady(await this.readStatus());
      const segments = job instanceof Uint8Array ? splitEvery(job, this.chunkBytes) : job;
      const total = segments.reduce((s, x) => s + x.length, 0);
      let sent = 0;
      let sinceCheck = 0;
      let batch: Uint8Array[] = [];
      let batchBytes = 0;
      this.pushed = undefined;
      const flush = async () => {
        if (batchBytes === 0) return;
        if (this.pushed) assertReady(this.pushed, ` after ${sent} of ${total} bytes`);
        await this.write(concatBytes(batch));
        sent += batchBytes;
        sinceCheck += batchBytes;
        batch = [];
        batchBytes = 0;
      };
      for (const seg of segments) {
        if (batchBytes > 0 && batchBytes + seg.length > this.chunkBytes) await flush();
        if (!(job instanceof Uint8Array) && this.midJobEvery > 0 && sinceCheck >= this.midJobEvery) {
          sinceCheck = 0;
          assertReady(await this.readStatus(), ` after ${sent} of ${total} bytes`);
        }
        batch.push(seg);
        batchBytes += seg.length;
      }
      await flush();
      return { bytes: total };
    });
  }

  /** Renders, encodes and prints a receipt; resolves with the bytes sent. */
  async printReceipt(receipt: Receipt): Promise<PrintResult> {
    const job = encodeDocument(renderReceipt(receipt, this.options.render));
    return this.print(job.segments);
  }

  async close(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    await this.transport.close();
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readStatus(): Promise<PrinterStatus> {
    const printer = await this.ask(1);
    const offlineCause = await this.ask(2);
    const errorCause = await this.ask(3);
    const paper = await this.ask(4);
    return parseStatus({ printer, offlineCause, errorCause, paper });
  }

  private ask(n: StatusKind): Promise<number> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new PrinterError('printer-unavailable', `printer did not answer status request ${n} within ${this.statusTimeoutMs} ms`));
      }, this.statusTimeoutMs);
      this.waiter = (b) => {
        clearTimeout(timer);
        resolve(b);
      };
      this.write(statusRequest(n)).catch((err: unknown) => {
        clearTimeout(timer);
        this.waiter = undefined;
        reject(err);
      });
    });
  }

  private async write(bytes: Uint8Array): Promise<void> {
    if (this.closedError) throw this.closedError;
    const limit = this.options.writeTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.closedError = new PrinterError('printer-unavailable', `printer stopped taking data (${bytes.length} bytes not sent within ${limit} ms)`);
        reject(this.closedError);
      }, limit);
    });
    try {
      await Promise.race([this.transport.write(bytes), stalled]);
    } catch (err) {
      if (err instanceof PrinterError) throw err;
      if (err instanceof TransportError && (err.code === 'disconnected' || err.code === 'not-open')) {
        throw new PrinterError('printer-unavailable', 'printer link lost while sending', { cause: err });
      }
      // A write error on a serial or HID link (EIO from a vanished pty or adapter) means the link
      // is gone even if its close event has not arrived yet: nothing more will get through it.
      this.closedError = new PrinterError('printer-unavailable', `printer link failed while sending: ${(err as Error).message}`, { cause: err });
      throw this.closedError;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Refuses a job the printer would not print now; the most specific cause wins. */
function assertReady(s: PrinterStatus, when = ''): void {
  if (s.paperOut) throw new PrinterError('paper-out', `printer is out of paper${when}`);
  if (s.coverOpen) throw new PrinterError('cover-open', `printer cover is open${when}`);
  if (s.error) throw new PrinterError('printer-error', `printer reports an error (cutter or head)${when}`);
  if (!s.online) throw new PrinterError('offline', `printer is offline${when}`);
}

function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

export interface OpenEscPosSerialOptions extends EscPosPrinterOptions {
  path: string;
  baudRate?: number;
}

/** Opens a serial (or pty) printer at 115200 8N1, the common default for receipt printers. */
export async function openEscPosSerial(options: OpenEscPosSerialOptions): Promise<EscPosPrinter> {
  const { openSerial } = await import('../transport/serial');
  let transport: ByteTransport;
  try {
    transport = await openSerial({ path: options.path, baudRate: options.baudRate ?? 115200 });
  } catch (err) {
    throw new PrinterError('printer-unavailable', (err as Error).message, { cause: err });
  }
  return new EscPosPrinter(transport, options);
}
