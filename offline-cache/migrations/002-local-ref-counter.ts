import type { Migration } from './types';

/**
 * Per-day counter behind local references like K01-20261128-000123: short enough to read out
 * over the phone, unique per kiosk, and it restarts each day so the number stays six digits.
 */
export const migration002: Migration = {
  version: 2,
  name: 'local-ref-counter',
  up(db) {
    db.exec(`
      CREATE TABLE local_ref_counter (
        day  TEXT    PRIMARY KEY CHECK (length(day) = 8),
        last INTEGER NOT NULL CHECK (last >= 0)
      ) STRICT;
    `);
  },
};
