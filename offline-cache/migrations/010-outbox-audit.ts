import { randomUUID } from 'node:crypto';
import type { Migration } from './types';

/**
 * Outbox step 5: technician audit entries go to the gateway through the outbox (issue 11), one
 * outbox entry (kind `audit-entry`, local reference `AUD-<seq>`, one line for all of them so
 * they leave in order) per audit log entry, written in the same transaction as the entry itself
 * (offline-cache/audit-log.ts). Its payload is the entry's chain fields, which hold nothing
 * personal, so it is stored as plain JSON like the audit log itself.
 *
 * The kind's CHECK cannot change in place, so the table is rebuilt as in step 2 (migration 005),
 * every column, index and the AUTOINCREMENT mark carried over. Entries written before this step
 * and never acknowledged are queued here, once. Delivery is recorded in `audit_shipped` by a
 * trigger, in the very transaction that records the gateway's answer, so the two never disagree.
 */
export const AUDIT_OUTBOX_LINE = 'kiosk-audit';

export const migration010: Migration = {
  version: 10,
  name: 'outbox-audit',
  up(db) {
    const mark = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`).get() as { seq: number } | undefined;
    db.exec(`
      CREATE TABLE outbox_v10 (
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
        requeued_at     INTEGER,
        lease_owner     TEXT,
        lease_until     INTEGER,
        claimed_at      INTEGER,
        set_aside_at    INTEGER,
        kind            TEXT    NOT NULL DEFAULT 'submission' CHECK (kind IN ('submission', 'config-report', 'audit-entry'))
      ) STRICT;
      INSERT INTO outbox_v10 (seq, id, service_id, person_key, payload, payload_format, payment_ref, local_ref,
          idempotency_key, state, attempts, next_attempt_at, created_at, updated_at, ministry_ref, reject_code,
          last_error, delivered_at, purged_at, requeued_at, lease_owner, lease_until, claimed_at, set_aside_at, kind)
        SELECT seq, id, service_id, person_key, payload, payload_format, payment_ref, local_ref,
          idempotency_key, state, attempts, next_attempt_at, created_at, updated_at, ministry_ref, reject_code,
          last_error, delivered_at, purged_at, requeued_at, lease_owner, lease_until, claimed_at, set_aside_at, kind
        FROM outbox;
      DROP TABLE outbox;
      ALTER TABLE outbox_v10 RENAME TO outbox;
      CREATE INDEX outbox_due ON outbox (state, next_attempt_at, seq);
      CREATE INDEX outbox_person_open ON outbox (person_key, seq) WHERE state IN ('queued', 'sending');
      CREATE INDEX outbox_dead ON outbox (state, seq) WHERE state IN ('rejected', 'expired');
      CREATE INDEX outbox_sending ON outbox (lease_until) WHERE state = 'sending';
      CREATE TRIGGER outbox_audit_shipped AFTER UPDATE OF state ON outbox
        WHEN NEW.kind = 'audit-entry' AND NEW.state = 'delivered' AND OLD.state <> 'delivered'
        BEGIN
          INSERT OR IGNORE INTO audit_shipped (seq, shipped_at) VALUES (CAST(substr(NEW.local_ref, 5) AS INTEGER), NEW.updated_at);
        END;
    `);
    if (mark) {
      const moved = db.prepare(`UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbox'`).run(mark.seq).changes;
      if (moved === 0) db.prepare(`INSERT INTO sqlite_sequence (name, seq) VALUES ('outbox', ?)`).run(mark.seq);
    }
    const waiting = db.prepare(`SELECT a.* FROM audit_log a LEFT JOIN audit_shipped s ON s.seq = a.seq WHERE s.seq IS NULL ORDER BY a.seq`).all() as {
      seq: number;
      at: number;
      actor: string;
      action: string;
      detail: string;
      prev_hash: string;
      hash: string;
    }[];
    const insert = db.prepare(`INSERT INTO outbox (id, kind, service_id, person_key, payload, payload_format, local_ref, idempotency_key,
        state, attempts, next_attempt_at, created_at, updated_at) VALUES (?, 'audit-entry', 'audit-entry', ?, ?, 'json', ?, ?, 'queued', 0, ?, ?, ?)`);
    const now = Date.now();
    for (const e of waiting) {
      const payload = Buffer.from(JSON.stringify({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, detail: e.detail, prevHash: e.prev_hash, hash: e.hash }), 'utf8');
      insert.run(randomUUID(), AUDIT_OUTBOX_LINE, payload, `AUD-${e.seq}`, randomUUID(), now, now, now);
    }
  },
};
