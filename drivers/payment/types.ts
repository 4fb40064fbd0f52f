import { type PaymentPrompt } from './zvt/intermediate';

export interface SaleProgress {
  prompt: PaymentPrompt;
  /** Terminal display text, or a standard English one for the status code. */
  text?: string;
  /** The 04 FF status byte. */
  code: number;
}

/**
 * Protocol milestones of a sale, reported the moment they happen (before the kiosk answers the
 * terminal), so a journal can write each one down before the conversation moves on.
 */
export type SaleEvent =
  | { type: 'accepted' }
  | { type: 'status'; resultCode?: number; amountCents?: number; trace?: number; receiptNo?: number };

export interface SaleOptions {
  onProgress?: (p: SaleProgress) => void;
  onEvent?: (e: SaleEvent) => void;
  /** Aborting asks the terminal to cancel (06 B0); a terminal past the point of no return may still approve. */
  signal?: AbortSignal;
}

export interface ApprovedSale {
  result: 'approved';
  amountCents: number;
  trace?: number;
  receiptNo?: number;
  cardType?: number;
  cardName?: string;
  /** At most the last four digits in clear. */
  panMasked?: string;
  authCode?: string;
  terminalId?: string;
  /** ISO 8601 local time from the terminal; `--MM-DDThh:mm:ss` when it gave no year. */
  dateTime?: string;
  receiptLines: string[];
}

/**
 * What happened to a sale. `unknown` means the command reached (or may have reached) the terminal
 * but the outcome was lost (link drop, silence): it must be recovered (status enquiry, repeat
 * receipt) and never assumed either way. Thrown ZvtErrors mean nothing was charged.
 */
export type SaleResult =
  | ApprovedSale
  | { result: 'declined'; code: number; reason: string }
  | { result: 'aborted'; code?: number }
  | { result: 'unknown'; reason: string; trace?: number; receiptNo?: number };
