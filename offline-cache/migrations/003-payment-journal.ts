import type { Migration } from './types';

/**
 * The payment journal: one row per card payment the kiosk asked a terminal for, written before
 * the terminal is asked and updated as each answer arrives, so that after a crash every payment
 * the terminal may have taken can be found and settled (see offline-cache/payment-journal.ts).
 *
 * `state` is where the payment stands for money; `step` is the last protocol answer seen while
 * it was pending. `trace`/`receipt_no`/`terminal_id` identify it on the terminal, for recovery
 * and reversal. No card holder data: the masked PAN stays on the printed receipt only.
 * `events` is an append-only history for technicians.
 */
export const migration003: Migration = {
  version: 3,
  name: 'payment-journal',
  up(db) {
    db.exec(`
      CREATE TABLE payment_journal (
        seq              INTEGER PRIMARY KEY AUTOINCREMENT,
        id               TEXT    NOT NULL UNIQUE,
        request_id       TEXT    NOT NULL UNIQUE,
        session_id       TEXT    NOT NULL,
        kind             TEXT    NOT NULL CHECK (kind IN ('sale', 'refund')),
        amount_cents     INTEGER NOT NULL CHECK (amount_cents > 0),
        currency         TEXT    NOT NULL,
        state            TEXT    NOT NULL CHECK (state IN ('pending', 'unknown', 'approved', 'declined', 'aborted',
                                   'fulfilled', 'reversal-pending', 'reversed', 'refund-owed', 'refunded')),
        step             TEXT    NOT NULL CHECK (step IN ('intent', 'accepted', 'status', 'done')),
        result_code      INTEGER,
        trace            INTEGER,
        receipt_no       INTEGER,
        terminal_id      TEXT,
        auth_code        TEXT,
        card_type        TEXT,
        receipt_lines    TEXT,
        submission_id    TEXT,
        reason           TEXT,
        reversal_trace   INTEGER,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL,
        settled_at       INTEGER
      ) STRICT;
      CREATE INDEX payment_journal_open ON payment_journal (state, seq)
        WHERE state IN ('pending', 'unknown', 'approved', 'reversal-pending', 'refund-owed');
      CREATE INDEX payment_journal_trace ON payment_journal (trace) WHERE trace IS NOT NULL;
      CREATE TABLE payment_journal_events (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        payment_id TEXT    NOT NULL REFERENCES payment_journal (id),
        at         INTEGER NOT NULL,
        event      TEXT    NOT NULL,
        detail     TEXT
      ) STRICT;
      CREATE INDEX payment_journal_events_by_payment ON payment_journal_events (payment_id, seq);
    `);
  },
};
