import type { Migration } from './types';

/**
 * The outbox: submissions waiting for (or done with) delivery to the ministry gateway.
 * `seq` gives a total order even within one millisecond, which per-person ordering relies on.
 * Times are ms since the epoch. `payload` is whatever the payload codec wrote (see
 * payload-codec.ts); it is emptied once the ministry acknowledged the entry.
 */
export const migration001: Migration = {
  version: 1,
  name: 'outbox',
  up(db) {
    db.exec(`
      CREATE TABLE outbox (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        id              TEXT    NOT NULL UNIQUE,
        service_id      TEXT    NOT NULL,
        person_key      TEXT    NOT NULL,
        payload         BLOB,
        payload_format  TEXT    NOT NULL,
        payment_ref     TEXT,
        local_ref       TEXT    NOT NULL UNIQUE,
        idempotency_key TEXT    NOT NULL UNIQUE,
        state           TEXT    NOT NULL CHECK (state IN ('queued', 'sending', 'delivered', 'rejected')),
        attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at INTEGER NOT NULL,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        ministry_ref    TEXT,
        reject_code     TEXT,
        last_error      TEXT,
        delivered_at    INTEGER
      ) STRICT;
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at, seq);
      CREATE INDEX outbox_person_open ON outbox (person_key, seq) WHERE state IN ('queued', 'sending');
    `);
  },
};
