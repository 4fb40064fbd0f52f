import type { Migration } from './types';

/**
 * Outbox step 4: what an entry is. Besides a shopper's submission, the kiosk now reports to the
 * gateway a configuration bundle it rolled back or refused (issue 12), and that report must be
 * delivered exactly once even when the network is down, which is what the outbox already does.
 * The kind decides which gateway operation sends the entry; every existing row is a submission.
 * A column with a constant default is added in place: no rebuild, the rows are not rewritten.
 */
export const migration009: Migration = {
  version: 9,
  name: 'outbox-kind',
  up(db) {
    db.exec(`ALTER TABLE outbox ADD COLUMN kind TEXT NOT NULL DEFAULT 'submission' CHECK (kind IN ('submission', 'config-report'))`);
  },
};
