import type { Migration } from './types';

/**
 * A work-order code opens one visit at a kiosk (issue 11): before this, nothing recorded that a
 * code had been used, and it could be typed again for as long as it was valid. One row per code
 * that opened a visit: the SHA-256 of its Ed25519 signature, never the code, the technician or
 * the card, and when the code stops being valid. The kiosk refuses an expired code before it
 * looks here, so the store removes a row a day after that (in case the clock is set back into
 * the code's validity; offline-cache/work-order-used.ts): the table holds at most the codes
 * used here that are still valid or ended less than a day ago.
 */
export const migration015: Migration = {
  version: 15,
  name: 'work-order-used',
  up(db) {
    db.exec(`
      CREATE TABLE work_order_used (
        signature_hash TEXT    PRIMARY KEY CHECK (length(signature_hash) = 64 AND signature_hash NOT GLOB '*[^0-9a-f]*'),
        expires_at     INTEGER NOT NULL CHECK (expires_at > 0)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX work_order_used_expiry ON work_order_used (expires_at);
    `);
  },
};
