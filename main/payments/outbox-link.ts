import type { KioskDatabase } from '../../offline-cache';
import type { JournalEntry } from '../../offline-cache/payment-journal';

/**
 * How recovery finds the submission a payment paid for: the outbox row whose payment_ref is the
 * payment's journal id. Compose must therefore enqueue with `paymentRef: outcome.paymentId`.
 */
export function outboxSubmissionFinder(db: KioskDatabase): (entry: JournalEntry) => string | undefined {
  const find = db.prepare('SELECT id FROM outbox WHERE payment_ref = ? LIMIT 1');
  return (entry) => (find.get(entry.id) as { id: string } | undefined)?.id;
}
