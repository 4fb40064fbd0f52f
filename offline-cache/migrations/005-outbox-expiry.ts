import type { Migration } from './types';

/**
 * Outbox step 2: the 'expired' state (entries older than the kiosk's maximum age become dead
 * letters instead of waiting forever), purged_at (when the payload was dropped after the
 * ministry acknowledged it; the row stays as a non-personal record) and requeued_at (a technician
 * sent a dead letter back to the queue: its maximum age counts from then).
 *
 * SQLite cannot change a CHECK constraint in place, so the table is rebuilt the documented way
 * (create, copy, drop, rename). migrate() turns foreign key enforcement off around each step and
 * checks the keys before committing, so tables that refer to outbox rows (payment journal) keep
 * their references and nothing cascades during the drop.
 */
export const migration005: Migration = {
  version: 5,
  name: 'outbox-expiry',
  up(db) {
    // AUTOINCREMENT's high-water mark lives in sqlite_sequence under the table's name and goes
    // with the dropped table: carry it over so a sequence number is never handed out twice.
    const mark = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`).get() as { seq: number } | undefined;
    db.exec(`
      CREATE TABLE outbox_v5 (
        seq             INTEGER PRIMARY KEY AUTOINCREMENT,
        id              TEXT    NOT NULL UNIQUE,
        service_id      TEXT    NOT NULL,
        person_key      TEXT    NOT NULL,
        payload         BLOB,
        payload_format  TEXT    NOT NULL,
        payment_ref     TEXT,
        local_ref       TEXT    NOT NULL UNIQUE,
        idempotency_key TEXT    NOT NULL UNIQUE,
        state           TEXT    NOT NULL CHECK (state IN ('queued', 'sending', 'delivered', 'rejected', 'expired')),
        attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at INTEGER NOT NULL,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        ministry_ref    TEXT,
        reject_code     TEXT,
        last_error      TEXT,
        delivered_at    INTEGER,
        purged_at       INTEGER,
        requeued_at     INTEGER
      ) STRICT;
      INSERT INTO outbox_v5 (seq, id, service_id, person_key, payload, payload_format, payment_ref, local_ref,
          idempotency_key, state, attempts, next_attempt_at, created_at, updated_at, ministry_ref, reject_code,
          last_error, delivered_at, purged_at)
        SELECT seq, id, service_id, person_key, payload, payload_format, payment_ref, local_ref,
          idempotency_key, state, attempts, next_attempt_at, created_at, updated_at, ministry_ref, reject_code,
          last_error, delivered_at,
          CASE WHEN state = 'delivered' AND payload IS NULL THEN updated_at END
        FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_v5 RENAME TO outbox;
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at, seq);
      CREATE INDEX outbox_person_open ON outbox (person_key, seq) WHERE state IN ('queued', 'sending');
      CREATE INDEX outbox_dead ON outbox (state, seq) WHERE state IN ('rejected', 'expired');
    `);
    if (mark) {
      const moved = db.prepare(`UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbox'`).run(mark.seq).changes;
      if (moved === 0) db.prepare(`INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)`).run(mark.seq);
    }
  },
};
