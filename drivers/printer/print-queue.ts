import { errorCode } from '../../shared/coded-error';
import { EventEmitter } from 'node:events';
import type { ByteTransport } from '../transport/byte-transport';
import { ASB_ALL, canPrint, type PrinterLevel, statusLevel } from './asb';
import { PrinterError } from './errors';
import { parseReceipt } from './format';
import { EscPosPrinter } from './printer';
import { type ParsedReceipt, type Receipt } from './receipt';
import { renderReceiptPng } from './preview';
import { ReceiptCopies, type ReceiptFault, type ReceiptFaultCounts, type ReceiptFaultKind } from './receipt-copies';
import { type RenderOptions } from './render';
import { type PrinterStatus } from './status';

/**
 * The kiosk's printing service: one printer on a link that may come and go, a journal that
 * records every receipt before it is printed, and status changes as events.
 *
 * Guarantees: a job is printed at most once by the service itself. A job that fails (paper out,
 * cover open, unplug mid-job) stays 'failed' and only `reprint(jobId)` (a person asking) prints
 * it again; reconnecting never resends anything. After a failure the printer is told to drop
 * what it still holds (DLE ENQ 2), so the torn job's rest does not come out when paper is back.
 */
export type JobState = 'queued' | 'printing' | 'printed' | 'failed';

/** The journal the queue writes to (offline-cache/print-journal.ts `PrintJournal` fits). */
interface PrintQueueJournal {
  add(input: { localRef: string; lang: 'ar' | 'en'; receipt: unknown }): number;
  setPdf?(id: number, pdf: Buffer): void;
  markPrinting(id: number): void;
  markPrinted(id: number, bytes: number): void;
  markFailed(id: number, code: string): void;
  recoverInterrupted(): number[];
  get(id: number): { id: number; localRef: string; state: JobState };
  receipt(id: number): unknown;
  latest?(): { id: number; state: JobState } | undefined;
}

export interface PrintQueueOptions {
  journal: PrintQueueJournal;
  /** Opens the printer link (openPrinterLink(config) in the kiosk, a pty or a fake in tests). */
  connect: () => Promise<ByteTransport>;
  render?: RenderOptions;
  /** Makes the PDF copy stored with the job (receiptPdf); a failure is a receipt fault, never silent. */
  makePdf?: (receipt: ParsedReceipt) => Promise<Buffer>;
  /** Rendered at start (and while rasters fail) to find out early that receipts cannot be made. */
  selfCheckReceipt?: Receipt;
  /** DLE EOT poll interval while idle; ASB (when the printer has it) is faster. */
  pollMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  statusTimeoutMs?: number;
  writeTimeoutMs?: number;
  /** Ask for Automatic Status Back (GS a). Harmless on printers without it. */
  autoStatus?: boolean;
  log?: (event: string, fields?: Record<string, unknown>) => void;
}

export type PrintOutcome =
  | { jobId: number; state: 'printed'; bytes: number }
  | { jobId: number; state: 'failed'; code: string; message: string };

export interface PrinterStatusEvent {
  level: PrinterLevel;
  /** Jobs can be printed at this level (ready, or paper near end). */
  canPrint: boolean;
  /** For ops, not a stop: paper near end, or receipts printed without their PDF copy. */
  warning: boolean;
  status?: PrinterStatus;
  /** Receipts cannot be made right now ('raster': nothing can print; 'pdf': no copy is kept). */
  receiptFault?: ReceiptFaultKind;
}

/** No receipt content: a job event is safe to log and to show on the lab page. */
export interface PrintJobEvent {
  jobId: number;
  localRef: string;
  state: JobState;
  code?: string;
}

export interface PrintQueueEvents {
  status: [PrinterStatusEvent];
  job: [PrintJobEvent];
  /** A receipt's raster or PDF copy could not be made (no receipt content in it). */
  'receipt-fault': [ReceiptFault];
}

export class PrintQueue extends EventEmitter<PrintQueueEvents> {
  private printer: EscPosPrinter | undefined;
  private lastStatus: PrinterStatus | undefined;
  private lastReported: string | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly copies: ReceiptCopies;
  private stopped = true;
  private connecting: Promise<void> | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs: number;
  private busy = false;
  private readonly log: NonNullable<PrintQueueOptions['log']>;

  constructor(private readonly options: PrintQueueOptions) {
    super();
    this.retryMs = options.reconnectMinMs ?? 500;
    this.log = options.log ?? (() => {});
    this.copies = new ReceiptCopies({
      render: options.render,
      makePdf: options.makePdf,
      storePdf: options.journal.setPdf?.bind(options.journal),
      selfCheckReceipt: options.selfCheckReceipt,
      onChange: (fault) => {
        // The fault itself is an event (the kiosk logs it as an error); its end is only news.
        if (fault) this.emit('receipt-fault', fault);
        else this.log('receipt-fault-cleared');
        this.emitStatus();
      },
    });
  }

  /** Current level ('unavailable' until the printer answered). */
  get level(): PrinterLevel {
    return statusLevel(this.printer ? this.lastStatus : undefined);
  }

  /** Marks jobs a crash left half-printed as failed, then connects (and keeps reconnecting). */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    for (const id of this.options.journal.recoverInterrupted()) this.emitJob(id, 'interrupted');
    this.emitStatus();
    this.copies.selfCheck();
    await this.connect();
  }

  /** Receipts that could not be made since start, by kind, and which kinds fail now. */
  receiptFaults(): ReceiptFaultCounts {
    return this.copies.snapshot();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearTimeout(this.retryTimer);
    await this.connecting?.catch(() => undefined);
    await this.idle();
    const p = this.printer;
    this.printer = undefined;
    await p?.close().catch(() => undefined);
  }

  /**
   * Records the receipt, then prints it; resolves with the outcome (never throws for printer
   * faults). The PDF copy is made afterwards, off the shopper's path, and stored with the job.
   */
  async print(input: Receipt): Promise<PrintOutcome> {
    const receipt = parseReceipt(input);
    // The parsed receipt is stored: its card number and ID number are already masked.
    const jobId = this.options.journal.add({ localRef: receipt.localRef, lang: receipt.lang, receipt });
    this.emitJob(jobId);
    const outcome = await this.run(jobId, receipt);
    this.copies.pdf(receipt, jobId);
    return outcome;
  }

  /** Resolves once every PDF copy started so far is stored (tests, orderly shutdown). */
  async idle(): Promise<void> {
    await this.chain.catch(() => undefined);
    await this.copies.idle();
  }

  /** Prints a failed job again, on a person's request. */
  async reprint(jobId: number): Promise<PrintOutcome> {
    const job = this.options.journal.get(jobId);
    if (job.state !== 'failed') throw new PrinterError('not-reprintable', `print job ${jobId} is ${job.state}; only a failed job is printed again`);
    return this.run(jobId, parseReceipt(this.options.journal.receipt(jobId)));
  }

  /**
   * The newest job and a picture of its receipt as the printer prints it (for the lab page's
   * "last receipt"; with the simulator, `PrinterSimulator.lastReceipt.path` is the paper itself).
   */
  lastReceipt(): { jobId: number; state: JobState; png: Buffer } | undefined {
    const latest = this.options.journal.latest?.();
    if (!latest) return undefined;
    const png = renderReceiptPng(parseReceipt(this.options.journal.receipt(latest.id)), this.options.render);
    return { jobId: latest.id, state: latest.state, png };
  }

  /** Asks the printer now (also what the poll does); resolves with the level. */
  async refresh(): Promise<PrinterLevel> {
    const p = this.printer;
    if (!p) return this.level;
    try {
      this.setStatus(await p.status());
    } catch (err) {
      // No answer on an open link: powered off behind a USB adapter, or a pty with no printer.
      if (errorCode(err) === 'printer-unavailable') this.setStatus(undefined);
    }
    return this.level;
  }

  private run(jobId: number, receipt: ParsedReceipt): Promise<PrintOutcome> {
    const job = this.chain.then(() => this.printOne(jobId, receipt));
    this.chain = job.catch(() => undefined);
    return job;
  }

  private async printOne(jobId: number, receipt: ParsedReceipt): Promise<PrintOutcome> {
    const journal = this.options.journal;
    const p = this.printer;
    if (!p) return this.fail(jobId, new PrinterError('printer-unavailable', 'printer is not connected'));
    let job: ReturnType<ReceiptCopies['raster']>;
    try {
      job = this.copies.raster(receipt, jobId);
    } catch (err) {
      return this.fail(jobId, err);
    }
    journal.markPrinting(jobId);
    this.emitJob(jobId);
    this.busy = true;
    try {
      const { bytes } = await p.print(job.segments);
      journal.markPrinted(jobId, bytes);
      this.emitJob(jobId);
      return { jobId, state: 'printed', bytes };
    } catch (err) {
      const outcome = this.fail(jobId, err);
      if (p.isOpen) {
        await p.clearBuffers().catch(() => undefined);
        await this.refresh();
      } else {
        // The link died or stopped taking data: start over with a fresh one.
        this.lost(p, true);
      }
      return outcome;
    } finally {
      this.busy = false;
    }
  }

  private fail(jobId: number, err: unknown): PrintOutcome {
    const code = err instanceof PrinterError ? err.code : 'printer-error';
    const message = err instanceof PrinterError ? err.message : 'the printer failed';
    const job = this.options.journal.get(jobId);
    if (job.state === 'queued' || job.state === 'printing') this.options.journal.markFailed(jobId, code);
    this.emitJob(jobId, code);
    this.log('print-job-failed', { jobId, code });
    return { jobId, state: 'failed', code, message };
  }

  private connect(): Promise<void> {
    if (this.connecting || this.stopped || this.printer) return this.connecting ?? Promise.resolve();
    this.connecting = (async () => {
      let transport: ByteTransport | undefined;
      try {
        transport = await this.options.connect();
        const printer = new EscPosPrinter(transport, { statusTimeoutMs: this.options.statusTimeoutMs ?? 1000,
          writeTimeoutMs: this.options.writeTimeoutMs,
          render: this.options.render,
        });
        transport.onClose((info) => this.lost(printer, info.disconnected));
        if (this.stopped) {
          await printer.close();
          return;
        }
        this.printer = printer;
        printer.onStatus((s) => this.setStatus(s));
        if (this.options.autoStatus ?? true) await printer.enableAutoStatus(ASB_ALL).catch(() => undefined);
        this.retryMs = this.options.reconnectMinMs ?? 500;
        this.log('printer-connected');
        await this.refresh();
        this.schedulePoll();
      } catch (err) {
        this.log('printer-connect-failed', { code: errorCode(err) ?? 'error' });
        await transport?.close().catch(() => undefined);
        this.scheduleReconnect();
      }
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private lost(printer: EscPosPrinter, disconnected: boolean): void {
    if (this.printer !== printer) return;
    this.printer = undefined;
    clearTimeout(this.pollTimer);
    this.log('printer-lost', { disconnected });
    this.emitStatus();
    void printer.close().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), this.retryMs);
    this.retryMs = Math.min(this.options.reconnectMaxMs ?? 10_000, this.retryMs * 2);
  }

  private schedulePoll(): void {
    clearTimeout(this.pollTimer);
    if (this.stopped) return;
    this.pollTimer = setTimeout(async () => {
      // A job checks status itself; polling between its bytes would only slow it down.
      if (!this.busy) await this.refresh();
      if (this.copies.fault === 'raster') this.copies.recheckRaster();
      if (this.printer) this.schedulePoll();
    }, this.options.pollMs ?? 3000);
  }

  private setStatus(s: PrinterStatus | undefined): void {
    this.lastStatus = s;
    this.emitStatus();
  }

  private emitStatus(): void {
    // A stopped queue no longer speaks for the printer: after a restart on a new port, a late
    // answer (or time-out) of the old link would overwrite what the new queue reported.
    if (this.stopped) return;
    const level = this.level;
    const receiptFault = this.copies.fault;
    const reported = `${level}/${receiptFault ?? ''}`;
    if (reported === this.lastReported) return;
    this.lastReported = reported;
    this.log('printer-status', { level, ...(receiptFault ? { receiptFault } : {}) });
    this.emit('status', {
      level,
      canPrint: canPrint(level) && receiptFault !== 'raster',
      warning: level === 'paper-near-end' || receiptFault === 'pdf',
      status: this.printer ? this.lastStatus : undefined,
      ...(receiptFault ? { receiptFault } : {}),
    });
  }

  private emitJob(jobId: number, code?: string): void {
    const job = this.options.journal.get(jobId);
    this.emit('job', { jobId, localRef: job.localRef, state: job.state, ...(code && job.state === 'failed' ? { code } : {}) });
  }
}
