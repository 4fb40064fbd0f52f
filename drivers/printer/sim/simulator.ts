import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ByteTransport } from '../../transport/byte-transport';
import { asbBytes } from '../asb';
import { type StatusKind } from '../escpos';
import { type PrinterStatus, statusByte } from '../status';
import { type DecodedOp, EscPosDecoder } from './decoder';
import { type FinishedPage, PageRenderer } from './page';

export interface PrinterSimulatorOptions {
  /** Where receipt-<n>.png files are written. */
  outDir: string;
  widthDots?: number;
  /** Unknown commands and other oddities; defaults to silence. */
  log?: (message: string) => void;
  /** Operations held while the printer cannot print (paper out, cover open, offline). */
  maxHeldOps?: number;
}

/** A fault the simulator injects by itself once it has received `afterBytes` job bytes. */
export interface SimulatedFault {
  kind: 'paper-out' | 'cover-open' | 'offline' | 'vanish';
  afterBytes: number;
}

export interface SimulatedReceipt {
  /** 1-based, in order of cutting. */
  index: number;
  path: string;
  /** False for a page torn off by a fault (paper ran out, cover opened) before its cut. */
  complete: boolean;
  /** Job bytes received for this receipt (status polls excluded), since the previous cut. */
  bytes: number;
  heightDots: number;
}

export interface PrinterSimulatorEvents {
  receipt: [SimulatedReceipt];
  /** An injected fault fired; for 'vanish' the link has been closed. */
  fault: [SimulatedFault['kind']];
}

/**
 * A receipt printer at the device end of a link: decodes ESC/POS, answers real-time status at
 * once, and renders each cut receipt to a PNG. Like a real printer, data that arrives while it
 * cannot print is held and printed when the fault clears (bounded, the excess is dropped).
 */
export class PrinterSimulator extends EventEmitter<PrinterSimulatorEvents> {
  private readonly decoder = new EscPosDecoder();
  private readonly page: PageRenderer;
  private readonly held: DecodedOp[] = [];
  private readonly log: (message: string) => void;
  private readonly maxHeld: number;
  private readonly unsubscribe: Array<() => void> = [];
  private state = { paperOut: false, coverOpen: false, offline: false, paperNearEnd: false, error: false };
  private bytesSinceCut = 0;
  private jobBytes = 0;
  private faults: SimulatedFault[] = [];
  private asbMask = 0;
  private count = 0;
  readonly receipts: SimulatedReceipt[] = [];

  constructor(
    private readonly transport: ByteTransport,
    private readonly options: PrinterSimulatorOptions,
  ) {
    super();
    this.log = options.log ?? (() => {});
    this.maxHeld = options.maxHeldOps ?? 10_000;
    this.page = new PageRenderer({ widthDots: options.widthDots ?? 576, log: this.log });
    mkdirSync(options.outDir, { recursive: true, mode: 0o700 });
    this.unsubscribe.push(
      transport.onData((chunk) => {
        // A bug in drawing must not take the link (or the kiosk process running the sim) down.
        try {
          this.receive(chunk);
        } catch (err) {
          this.log(`cannot process printer data: ${(err as Error).message}`);
        }
      }),
    );
  }

  get status(): PrinterStatus {
    const s = this.state;
    return {
      online: !(s.offline || s.paperOut || s.coverOpen || s.error),
      coverOpen: s.coverOpen,
      paperOut: s.paperOut,
      paperNearEnd: s.paperNearEnd,
      error: s.error,
    };
  }

  setPaperOut(on: boolean): void {
    // The paper that was in the printer comes out with whatever it had on it.
    if (on && !this.state.paperOut) this.tearOff();
    this.change(() => (this.state.paperOut = on));
  }

  setCoverOpen(on: boolean): void {
    if (on && !this.state.coverOpen) this.tearOff();
    this.change(() => (this.state.coverOpen = on));
  }

  setOffline(on: boolean): void {
    this.change(() => (this.state.offline = on));
  }

  setPaperNearEnd(on: boolean): void {
    this.change(() => (this.state.paperNearEnd = on));
  }

  setError(on: boolean): void {
    this.change(() => (this.state.error = on));
  }

  /**
   * Arms faults that fire by themselves mid-job, counted in job bytes received from now on
   * (status polls excluded): paper runs out, the cover opens, the printer goes offline, or it
   * vanishes (the link is closed, like a pulled cable).
   */
  injectFaults(faults: SimulatedFault[]): void {
    this.jobBytes = 0;
    this.faults = [...faults].sort((a, b) => a.afterBytes - b.afterBytes);
  }

  private change(apply: () => void): void {
    const before = JSON.stringify(this.status);
    apply();
    if (this.asbMask !== 0 && JSON.stringify(this.status) !== before) this.sendAsb();
    this.release();
  }

  private sendAsb(): void {
    this.transport.write(asbBytes(this.status)).catch((err: Error) => this.log(`ASB not sent: ${err.message}`));
  }

  /** A fault mid-page: what was printed so far comes out as an incomplete receipt. */
  private tearOff(): void {
    if (!this.page.hasContent) return;
    this.save(this.page.finish(), false);
  }

  /** Something is on the paper past the last cut (or held to print once the fault clears). */
  get pageInProgress(): boolean {
    return this.page.hasContent || this.held.length > 0;
  }

  /** The newest receipt PNG (for the lab page's "last receipt"). */
  get lastReceipt(): SimulatedReceipt | undefined {
    return this.receipts.at(-1);
  }

  /** Feeds bytes as if they came from the link (used by the transport listener and tests). */
  receive(chunk: Uint8Array): void {
    if (this.vanished) return;
    this.bytesSinceCut += chunk.length;
    for (const op of this.decoder.push(chunk)) {
      if (op.op === 'status') {
        this.bytesSinceCut -= 3; // status polls are not part of the receipt
        this.reply(op.n as StatusKind);
        continue;
      }
      if (op.op === 'recover') {
        this.bytesSinceCut -= 3;
        // DLE ENQ 2: the rest of a failed job is thrown away, never printed later.
        if (op.n === 2) this.held.length = 0;
        continue;
      }
      if (op.op === 'asb') {
        this.asbMask = op.mask;
        if (op.mask !== 0) this.sendAsb();
        continue;
      }
      if (this.faults.length > 0 && this.fireFaults(op)) return;
      if (op.op === 'skipped') this.log(`skipped unsupported command ${op.command} (${op.length} bytes)`);
      if (!this.status.online) {
        if (this.held.length < this.maxHeld) this.held.push(op);
        else this.log('receive buffer full while not printing: data dropped');
        continue;
      }
      this.apply(op);
    }
  }

  async close(): Promise<void> {
    for (const u of this.unsubscribe.splice(0)) u();
    await this.transport.close();
  }

  private vanished = false;

  /** Counts job bytes towards armed faults; true when the printer vanished. */
  private fireFaults(op: DecodedOp): boolean {
    this.jobBytes += opLength(op);
    while (this.faults.length > 0 && this.jobBytes >= this.faults[0]!.afterBytes) {
      const fault = this.faults.shift()!;
      this.log(`injected fault: ${fault.kind} after ${this.jobBytes} job bytes`);
      if (fault.kind === 'vanish') {
        this.vanished = true;
        this.emit('fault', fault.kind);
        void this.close();
        return true;
      }
      if (fault.kind === 'paper-out') this.setPaperOut(true);
      else if (fault.kind === 'cover-open') this.setCoverOpen(true);
      else this.setOffline(true);
      this.emit('fault', fault.kind);
    }
    return false;
  }

  private reply(n: StatusKind): void {
    this.transport.write(Uint8Array.of(statusByte(n, this.status))).catch((err: Error) => this.log(`status reply not sent: ${err.message}`));
  }

  private release(): void {
    if (!this.status.online) return;
    for (const op of this.held.splice(0)) this.apply(op);
  }

  private apply(op: DecodedOp): void {
    const finished = this.page.apply(op);
    if (finished) this.save(finished, true);
  }

  private save(finished: FinishedPage, complete: boolean): void {
    this.count++;
    const path = join(this.options.outDir, complete ? `receipt-${this.count}.png` : `receipt-${this.count}-torn.png`);
    writeFileSync(path, finished.png);
    const receipt: SimulatedReceipt = { index: this.count, path, complete, bytes: this.bytesSinceCut, heightDots: finished.heightDots };
    this.bytesSinceCut = 0;
    this.receipts.push(receipt);
    this.emit('receipt', receipt);
  }
}

/** Approximate wire size of a decoded op, for counting bytes towards injected faults. */
function opLength(op: DecodedOp): number {
  switch (op.op) {
    case 'raster':
      return 8 + op.bitmap.data.length;
    case 'text':
      return op.bytes.length;
    case 'qrStore':
      return 8 + op.data.length;
    case 'skipped':
      return op.length;
    default:
      return 3;
  }
}
