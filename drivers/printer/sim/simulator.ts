import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ByteTransport } from '../../transport/byte-transport';
import { type StatusKind } from '../escpos';
import { type PrinterStatus, statusByte } from '../status';
import { type DecodedOp, EscPosDecoder } from './decoder';
import { PageRenderer } from './page';

export interface PrinterSimulatorOptions {
  /** Where receipt-<n>.png files are written. */
  outDir: string;
  widthDots?: number;
  /** Unknown commands and other oddities; defaults to silence. */
  log?: (message: string) => void;
  /** Operations held while the printer cannot print (paper out, cover open, offline). */
  maxHeldOps?: number;
}

export interface SimulatedReceipt {
  /** 1-based, in order of cutting. */
  index: number;
  path: string;
  /** Job bytes received for this receipt (status polls excluded), since the previous cut. */
  bytes: number;
  heightDots: number;
}

export interface PrinterSimulatorEvents {
  receipt: [SimulatedReceipt];
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
    mkdirSync(options.outDir, { recursive: true });
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
    this.state.paperOut = on;
    this.release();
  }

  setCoverOpen(on: boolean): void {
    this.state.coverOpen = on;
    this.release();
  }

  setOffline(on: boolean): void {
    this.state.offline = on;
    this.release();
  }

  setPaperNearEnd(on: boolean): void {
    this.state.paperNearEnd = on;
  }

  setError(on: boolean): void {
    this.state.error = on;
    this.release();
  }

  /** Feeds bytes as if they came from the link (used by the transport listener and tests). */
  receive(chunk: Uint8Array): void {
    this.bytesSinceCut += chunk.length;
    for (const op of this.decoder.push(chunk)) {
      if (op.op === 'status') {
        this.bytesSinceCut -= 3; // status polls are not part of the receipt
        this.reply(op.n as StatusKind);
        continue;
      }
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

  private reply(n: StatusKind): void {
    this.transport.write(Uint8Array.of(statusByte(n, this.status))).catch((err: Error) => this.log(`status reply not sent: ${err.message}`));
  }

  private release(): void {
    if (!this.status.online) return;
    for (const op of this.held.splice(0)) this.apply(op);
  }

  private apply(op: DecodedOp): void {
    const finished = this.page.apply(op);
    if (!finished) return;
    this.count++;
    const path = join(this.options.outDir, `receipt-${this.count}.png`);
    writeFileSync(path, finished.png);
    const receipt: SimulatedReceipt = { index: this.count, path, bytes: this.bytesSinceCut, heightDots: finished.heightDots };
    this.bytesSinceCut = 0;
    this.receipts.push(receipt);
    this.emit('receipt', receipt);
  }
}
