import type { Migration } from './types';

/**
 * Audit entries may expire (issue 11), but only from the oldest end, only once the gateway has
 * acknowledged them, and only behind an anchor: `audit_anchor` (one row) keeps the seq and hash
 * of the newest entry removed, so the chain still verifies from there (offline-cache/audit-log.ts
 * `prune`, `verify`). The ministry keeps the whole chain it was sent.
 *
 * The append-only guard is replaced by one that lets a DELETE through only for an entry at or
 * behind the anchor; the anchor itself moves only forward, only to an entry that is there with
 * that very hash, and only over entries that are all acknowledged; it is never deleted. Someone
 * who drops these triggers with another tool is still found by the chain (and by the gateway's
 * copy): what is behind an anchor is only as good as the anchor, which `kioskctl diag audit`
 * names.
 */
export const migration014: Migration = {
  version: 14,
  name: 'audit-retention',
  up(db) {
    db.exec(`
      CREATE TABLE audit_anchor (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        seq       INTEGER NOT NULL CHECK (seq >= 1),
        hash      TEXT    NOT NULL CHECK (length(hash) = 64),
        pruned    INTEGER NOT NULL CHECK (pruned >= 1),
        pruned_at INTEGER NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_anchor_set BEFORE INSERT ON audit_anchor
        WHEN NEW.hash IS NOT (SELECT hash FROM audit_log WHERE seq = NEW.seq)
          OR EXISTS (SELECT 1 FROM audit_log a LEFT JOIN audit_shipped s ON s.seq = a.seq WHERE a.seq <= NEW.seq AND s.seq IS NULL)
        BEGIN SELECT RAISE(ABORT, 'the audit anchor names an entry that is there and every entry up to it acknowledged'); END;
      CREATE TRIGGER audit_anchor_moves BEFORE UPDATE ON audit_anchor
        WHEN NEW.seq <= OLD.seq
          OR NEW.hash IS NOT (SELECT hash FROM audit_log WHERE seq = NEW.seq)
          OR EXISTS (SELECT 1 FROM audit_log a LEFT JOIN audit_shipped s ON s.seq = a.seq WHERE a.seq <= NEW.seq AND s.seq IS NULL)
        BEGIN SELECT RAISE(ABORT, 'the audit anchor moves only forward, to an entry that is there, over acknowledged entries'); END;
      CREATE TRIGGER audit_anchor_kept BEFORE DELETE ON audit_anchor
        BEGIN SELECT RAISE(ABORT, 'the audit anchor is never removed'); END;
      DROP TRIGGER audit_log_no_delete;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        WHEN OLD.seq > COALESCE((SELECT seq FROM audit_anchor WHERE id = 1), 0)
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: only entries behind the anchor expire'); END;
      CREATE TRIGGER audit_shipped_kept BEFORE DELETE ON audit_shipped
        WHEN OLD.seq > COALESCE((SELECT seq FROM audit_anchor WHERE id = 1), 0)
        BEGIN SELECT RAISE(ABORT, 'an acknowledgement is removed only with its entry'); END;
    `);
  },
};
