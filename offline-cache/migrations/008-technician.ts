import type { Migration } from './types';

/**
 * Technician diagnostics (issue 11).
 *
 * `audit_log`: every technician action, append-only and tamper-evident. Each row carries the
 * SHA-256 of its own content chained to the previous row's hash (offline-cache/audit-log.ts
 * computes and verifies it), so editing, removing or reordering a row breaks the chain from that
 * row on. Triggers refuse UPDATE and DELETE through SQLite itself; the chain is what catches
 * someone who edits the file with another tool. `actor` is the technician card's masked id and
 * `detail` a JSON object of codes: nothing personal.
 *
 * `audit_shipped`: which entries the gateway has acknowledged (the log itself is never
 * updated, so delivery is recorded beside it).
 *
 * `technician_lockout`: wrong technician PINs and the lockout they caused, kept in the same
 * durable file so a restart (or a crash provoked on purpose) does not hand out fresh tries.
 */
export const migration008: Migration = {
  version: 8,
  name: 'technician',
  up(db) {
    db.exec(`
      CREATE TABLE audit_log (
        seq       INTEGER PRIMARY KEY,
        at        INTEGER NOT NULL,
        actor     TEXT    NOT NULL,
        action    TEXT    NOT NULL,
        detail    TEXT    NOT NULL,
        prev_hash TEXT    NOT NULL,
        hash      TEXT    NOT NULL UNIQUE
      ) STRICT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TABLE audit_shipped (
        seq        INTEGER PRIMARY KEY REFERENCES audit_log (seq),
        shipped_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE technician_lockout (
        scope         TEXT    PRIMARY KEY,
        failures      INTEGER NOT NULL,
        last_failure  INTEGER NOT NULL,
        locked_until  INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
