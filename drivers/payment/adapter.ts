import type { SaleOptions, SaleResult } from './types';

/**
 * What the kiosk needs from any card-payment terminal, whatever protocol it speaks (ZVT today;
 * OPI or a vendor SDK could sit behind the same interface). Money-moving calls resolve with a
 * typed outcome; `unknown` means the terminal may have acted and the outcome must be recovered
 * with `lastTransaction()` before anything else is charged. They throw only when nothing can
 * have been charged (link closed before sending, busy, command refused outright).
 */
export interface PaymentTerminal {
  readonly protocol: string;
  readonly isOpen: boolean;
  /** Logs the kiosk on (ZVT 06 00); needed after the terminal restarted. */
  register(): Promise<void>;
  sale(amountCents: number, opts?: SaleOptions): Promise<SaleResult>;
  /** Cancels the running sale if the terminal still allows it. */
  abort(): Promise<void>;
  /** Cancels an approved transaction of today by its receipt number (before end of day). */
  reversal(ref: { receiptNo: number; amountCents?: number }): Promise<ReversalResult>;
  /** Pays an amount back to a card the shopper presents. */
  refund(amountCents: number, opts?: SaleOptions): Promise<SaleResult>;
  /** The terminal's last transaction as it recorded it (ZVT 06 20 repeat receipt). */
  lastTransaction(): Promise<LastTransaction>;
  /** Whether the terminal is ready for a transaction (ZVT 05 01). */
  status(): Promise<TerminalStatus>;
  /** Closes the day's batch and sends it to the acquirer (ZVT 06 50). */
  endOfDay(): Promise<AdminResult>;
  /** Terminal self-check and host connection test (ZVT 06 70). */
  diagnosis(): Promise<AdminResult>;
  close(): Promise<void>;
}

export type ReversalResult =
  | { result: 'reversed'; trace?: number; receiptNo?: number; receiptLines: string[] }
  /** The terminal says it was reversed before: as good as 'reversed' for the caller. */
  | { result: 'already-reversed'; code: number }
  | { result: 'refused'; code: number; reason: string }
  | { result: 'unknown'; reason: string };

export type LastTransaction =
  | {
      found: true;
      /** 'reversal' when the terminal's last booking was the reversal of `originalTrace`. */
      kind: 'sale' | 'reversal';
      resultCode: number;
      amountCents?: number;
      trace?: number;
      originalTrace?: number;
      receiptNo?: number;
      /** ISO 8601 local time from the terminal when it sent one. */
      dateTime?: string;
      receiptLines: string[];
      /** The whole approval, for a sale whose answer was lost and is now recovered. */
      sale?: SaleResult;
    }
  | { found: false; code?: number };

export interface TerminalStatus {
  ready: boolean;
  /** The terminal-status byte (00 ready, 9C please wait, DF out of order, ...). */
  code: number;
  text: string;
  softwareVersion?: string;
}

export interface AdminResult {
  ok: boolean;
  resultCode?: number;
  reason?: string;
  /** End of day: the batch total the terminal reported. */
  totalCents?: number;
  receiptLines: string[];
}
