import { CodedError } from '../../shared/coded-error';
import type { JournalEntry, PaymentState } from '../../offline-cache/payment-journal';
import type { PaymentOutcome } from '../core/ports';

/** Where a payment that had to go back ended: reversal-pending means recover() will retry it. */
export type PaymentReturn = 'reversed' | 'refund-owed' | 'reversal-pending';

export type PaymentServiceState = 'ready' | 'recovering' | 'unavailable';

/** A PaymentOutcome plus the journal id the session links its submission to. */
export type JournaledOutcome = PaymentOutcome & { paymentId: string };

/**
 * Where a sale is, in protocol terms, for crash tests and diagnostics. Each step is reported
 * after the journal write that belongs to it has committed.
 */
export type SaleStep = 'intent-recorded' | 'accepted' | 'progress' | 'status-recorded' | 'approved-recorded' | 'outcome-recorded';

export interface RecoveryReport {
  /** Entries whose state changed, in the order they were settled. */
  settled: { id: string; from: PaymentState; to: PaymentState }[];
  /** Entries still needing the terminal (it did not answer); a new sale waits for them. */
  unresolved: string[];
  /** Approved payments nobody can complete or reverse: ops must pay them back. */
  refundOwed: string[];
}

export interface PaymentServiceEvents {
  state: (state: PaymentServiceState) => void;
  recovered: (report: RecoveryReport) => void;
  /** A sale's answer was lost; the terminal is being asked about it before the sale returns. */
  checking: (paymentId: string) => void;
  /** An approved payment became a refund owed: ops and technicians must see it. */
  'refund-owed': (entry: JournalEntry) => void;
}

export type PaymentErrorCode = 'terminal-unavailable' | 'previous-payment-unresolved' | 'busy' | 'not-found' | 'invalid-state';

/** What the session may branch on when a sale could not even start (nothing was charged). */
export class PaymentServiceError extends CodedError<PaymentErrorCode> {
  override readonly name = 'PaymentServiceError';
}
