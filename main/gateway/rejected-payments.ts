import type { KioskDatabase } from '../../offline-cache/db';
import { PaymentJournal } from '../../offline-cache/payment-journal';
import { returnPayment } from '../payments/recovery';

/**
 * For a process that delivers without a payment terminal (kioskctl queue drain): a paid request
 * the gateway refuses for good (422, idempotency conflict) must return the money, as when the
 * kiosk delivers it. Its payment is marked to be returned in the payment journal (reversal
 * pending the same day, refund owed after), and the kiosk reverses it on the terminal at its next
 * payment recovery.
 */
export function rejectedPaymentReturns(db: KioskDatabase) {
  const journal = new PaymentJournal(db);
  const pending: Promise<unknown>[] = [];
  let linked = 0;
  return {
    /** Payments marked to be returned so far. */
    get linked() {
      return linked;
    },
    link(entry: { id: string; rejectCode?: string }): void {
      const payment = journal.findBySubmission(entry.id);
      if (!payment || payment.state !== 'fulfilled') return;
      linked += 1;
      pending.push(returnPayment(journal, undefined, payment, `gateway rejected: ${entry.rejectCode ?? 'unknown'}`, Date.now()));
    },
    /** Resolves once every marking is written (before the database is closed). */
    settled: () => Promise.allSettled(pending),
  };
}
