import { encodeDocument, type EncodedJob } from './encode';
import { PrinterError } from './errors';
import { parseReceipt } from './format';
import { type ParsedReceipt, type Receipt } from './receipt';
import { renderReceipt, type RenderOptions } from './render';

/**
 * Making a receipt's two copies, the raster the printer prints and the PDF kept for reprint or
 * export, and noticing when the kiosk cannot. Kept apart from the printer's own status: a kiosk
 * whose raster renderer fails cannot print a single receipt even with a healthy printer, and one
 * whose PDF copies fail prints on paper but keeps nothing. Both are faults someone must see
 * (device health, logs, counters), never a quiet missing copy.
 */
export type ReceiptFaultKind = 'raster' | 'pdf';

export interface ReceiptFault {
  kind: ReceiptFaultKind;
  /** The print job that lost its copy; absent for the self-check. */
  jobId?: number;
  code: string;
  message: string;
  at: number;
}

export interface ReceiptFaultCounts {
  raster: number;
  pdf: number;
  /** Kinds failing right now: the last attempt of that kind failed. */
  active: ReceiptFaultKind[];
  last?: ReceiptFault;
}

export interface ReceiptCopiesOptions {
  render?: RenderOptions;
  makePdf?: (receipt: ParsedReceipt) => Promise<Buffer>;
  storePdf?: (jobId: number, pdf: Buffer) => void;
  /**
   * Rendered (raster and PDF) at start, off any shopper's path, and again while rasters fail:
   * a kiosk that cannot make receipts says so before anyone pays.
   */
  selfCheckReceipt?: Receipt;
  /** A fault began or ended. */
  onChange: (fault?: ReceiptFault) => void;
  now?: () => number;
}

export class ReceiptCopies {
  private readonly counts = { raster: 0, pdf: 0 };
  private readonly failing = new Set<ReceiptFaultKind>();
  private last: ReceiptFault | undefined;
  private pdfChain: Promise<void> = Promise.resolve();

  constructor(private readonly options: ReceiptCopiesOptions) {}

  /** The raster job for the printer; throws (after recording the fault) when it cannot be made. */
  raster(receipt: ParsedReceipt, jobId?: number): EncodedJob {
    try {
      const job = encodeDocument(renderReceipt(receipt, this.options.render));
      this.made('raster');
      return job;
    } catch (err) {
      throw this.failed('raster', err, jobId);
    }
  }

  /** Makes and stores the PDF copy in the background, one at a time. */
  pdf(receipt: ParsedReceipt, jobId?: number): void {
    const make = this.options.makePdf;
    const store = this.options.storePdf;
    if (!make || (jobId !== undefined && !store)) return;
    this.pdfChain = this.pdfChain.then(async () => {
      try {
        const pdf = await make(receipt);
        if (jobId !== undefined) store?.(jobId, pdf);
        this.made('pdf');
      } catch (err) {
        this.failed('pdf', err, jobId);
      }
    });
  }

  selfCheck(): void {
    const sample = this.options.selfCheckReceipt;
    if (!sample) return;
    const receipt = parseReceipt(sample);
    this.recheckRaster();
    this.pdf(receipt);
  }

  /** While rasters fail, tries the sample again (cheap: a few milliseconds), so a fix is noticed. */
  recheckRaster(): void {
    const sample = this.options.selfCheckReceipt;
    if (!sample) return;
    try {
      this.raster(parseReceipt(sample));
    } catch {
      // recorded by raster()
    }
  }

  /** The worst fault now: 'raster' (nothing can print) before 'pdf' (no copy kept). */
  get fault(): ReceiptFaultKind | undefined {
    return this.failing.has('raster') ? 'raster' : this.failing.has('pdf') ? 'pdf' : undefined;
  }

  snapshot(): ReceiptFaultCounts {
    return { ...this.counts, active: [...this.failing].sort(), ...(this.last ? { last: { ...this.last } } : {}) };
  }

  idle(): Promise<void> {
    return this.pdfChain;
  }

  private made(kind: ReceiptFaultKind): void {
    if (this.failing.delete(kind)) this.options.onChange();
  }

  private failed(kind: ReceiptFaultKind, err: unknown, jobId?: number): PrinterError {
    const error = err instanceof PrinterError ? err : new PrinterError('printer-error', `receipt ${kind} copy failed`, { cause: err });
    this.counts[kind]++;
    this.failing.add(kind);
    this.last = { kind, code: error.code, message: error.message, at: (this.options.now ?? Date.now)(), ...(jobId === undefined ? {} : { jobId }) };
    this.options.onChange(this.last);
    return error;
  }
}
