import type { Migration } from './types';

/**
 * The print job journal: every receipt is recorded before a byte of it goes to the printer, so a
 * crash, an unplug or a paper-out leaves a row that says what happened to it. A job is printed
 * at most once by the kiosk on its own: 'failed' jobs are only printed again when a person asks
 * (reprint), never by a reconnect. The receipt (and its PDF copy) are stored through the kiosk's
 * payload codec, since they carry the shopper's name.
 */
export const migration004: Migration = {
  version: 4,
  name: 'print-jobs',
  up(db) {
    db.exec(`
      CREATE TABLE print_jobs (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        local_ref      TEXT    NOT NULL CHECK (length(local_ref) BETWEEN 1 AND 64),
        lang           TEXT    NOT NULL CHECK (lang IN ('ar', 'en')),
        state          TEXT    NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
        receipt        BLOB    NOT NULL,
        receipt_format TEXT    NOT NULL,
        pdf            BLOB,
        pdf_format     TEXT,
        attempts       INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        failure_code   TEXT,
        bytes          INTEGER,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        printed_at     INTEGER,
        CHECK ((state = 'failed') = (failure_code IS NOT NULL)),
        CHECK ((pdf IS NULL) = (pdf_format IS NULL))
      ) STRICT;
      CREATE INDEX print_jobs_state ON print_jobs (state, id);
      CREATE INDEX print_jobs_local_ref ON print_jobs (local_ref);
    `);
  },
};
