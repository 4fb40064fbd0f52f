import type { KioskDatabase } from './db';

/**
 * What the kiosk keeps, and for how long (the daily maintenance window, issue 13). Only rows
 * that are finished are removed: a request the ministry acknowledged or refused for good, and a
 * payment that is settled (fulfilled, reversed, refunded, declined, aborted) and no longer bought
 * a request still kept. Nothing open (a queued request, a payment whose outcome is unknown, a
 * refund owed) is ever removed, whatever its age; the audit log keeps its own retention
 * (audit-log.ts `prune`). Then VACUUM gives the pages back to the disk.
 */
export interface PruneCounts {
  requests: number;
  payments: number;
  paymentEvents: number;
  printJobs: number;
}

const SETTLED_PAYMENTS = `('fulfilled', 'reversed', 'refunded', 'declined', 'aborted')`;

/** Removes finished rows last changed before `before` (ms since epoch), in one transaction. */
export function pruneFinished(db: KioskDatabase, before: number): PruneCounts {
  return db.transaction(() => {
    const requests = db
      .prepare(
        `DELETE FROM outbox WHERE state IN ('delivered', 'rejected', 'expired') AND updated_at < @before
           AND (payment_ref IS NULL OR payment_ref IN (SELECT id FROM payment_journal WHERE state IN ${SETTLED_PAYMENTS}))`,
      )
      .run({ before }).changes;
    const unreferenced = `SELECT id FROM payment_journal WHERE state IN ${SETTLED_PAYMENTS} AND updated_at < @before
                            AND id NOT IN (SELECT payment_ref FROM outbox WHERE payment_ref IS NOT NULL)`;
    const paymentEvents = db.prepare(`DELETE FROM payment_journal_events WHERE payment_id IN (${unreferenced})`).run({ before }).changes;
    const payments = db.prepare(`DELETE FROM payment_journal WHERE id IN (${unreferenced})`).run({ before }).changes;
    const printJobs = db.prepare(`DELETE FROM print_jobs WHERE state IN ('printed', 'failed') AND updated_at < @before`).run({ before }).changes;
    return { requests, payments, paymentEvents, printJobs };
  })();
}

/** Gives freed pages back to the filesystem and empties the write-ahead log. */
export function compact(db: KioskDatabase): void {
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
