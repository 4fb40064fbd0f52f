import type { PrintJournal } from '../../offline-cache/print-journal';
import type { Logger } from '../core/ports';

/**
 * Receipts are journaled (encrypted) for one purpose: a reprint while the shopper is still at the
 * result screen. They carry the shopper's name, so none outlives that purpose by long: a printed
 * receipt whose request the ministry acknowledged can never be printed again and goes at once; any
 * finished job (printed or failed) goes an hour after it was last touched, on a timer, because a
 * kiosk runs for months between restarts (issue 16, finding 7).
 */
export const RECEIPT_RETENTION_MS = 60 * 60 * 1000;
export const RECEIPT_PURGE_EVERY_MS = 5 * 60 * 1000;

export interface ReceiptRetention {
  /** The ministry acknowledged the request with this local reference; settles once its printed receipts are gone. */
  acknowledged(localRef: string): Promise<void>;
  /** A receipt of this request was printed; settles once it is gone if its request was acknowledged. */
  printed(localRef: string): Promise<void>;
  stop(): void;
}

/**
 * `copied` settles once the print queue has stored the PDF copies it owes: a printed job's copy
 * is stored after it prints, and a job deleted before that would count as a failed copy.
 */
export function keepReceiptsBriefly(
  journal: Pick<PrintJournal, 'purge' | 'purgePrinted'>,
  { log, copied = () => Promise.resolve() }: { log: Logger; copied?: () => Promise<void> },
): ReceiptRetention {
  const guarded = (what: string, purge: () => number) => {
    try {
      const purged = purge();
      if (purged > 0) log.info('receipts-purged', { why: what, count: purged });
    } catch (err) {
      // The next tick tries again; a shopper's session never waits on this.
      log.error('receipt-purge-failed', { why: what, error: err instanceof Error ? err.name : typeof err });
    }
  };
  // Online, the ministry answers before the printer has finished, so an acknowledgement is
  // remembered for the receipt printed after it; past the retention the sweep takes both.
  const acknowledgedAt = new Map<string, number>();
  const purgePrinted = (localRef: string) => copied().then(() => guarded('acknowledged', () => journal.purgePrinted(localRef)));
  const sweep = () => {
    for (const [localRef, at] of acknowledgedAt) if (at < Date.now() - RECEIPT_RETENTION_MS) acknowledgedAt.delete(localRef);
    guarded('retention', () => journal.purge(Date.now() - RECEIPT_RETENTION_MS));
  };
  sweep();
  const timer = setInterval(sweep, RECEIPT_PURGE_EVERY_MS);
  timer.unref();
  return {
    acknowledged: (localRef) => {
      acknowledgedAt.set(localRef, Date.now());
      return purgePrinted(localRef);
    },
    printed: (localRef) => (acknowledgedAt.has(localRef) ? purgePrinted(localRef) : Promise.resolve()),
    stop: () => clearInterval(timer),
  };
}
