import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { auditHash, AUDIT_GENESIS } from '../../../offline-cache/audit-log';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { Outbox } from '../../../offline-cache/outbox';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const before010 = MIGRATIONS.filter((m) => m.version < 10);

function open(): Database.Database {
  const db = new Database(tmp.path());
  tmp.onCleanup(() => db.close());
  return db;
}

/** An audit entry written the way migration 008's log writes it. */
function appendRaw(db: Database.Database, seq: number, prev: string): string {
  const row = { seq, at: 1000 * seq, actor: '290•••••77', action: 'selftest', detail: `{"test":"printer","n":${seq}}` };
  const hash = auditHash(prev, row);
  db.prepare('INSERT INTO audit_log (seq, at, actor, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)').run(row.seq, row.at, row.actor, row.action, row.detail, prev, hash);
  return hash;
}

describe('migration 010: audit entries in the outbox', () => {
  it('rebuilds the outbox keeping every row, column, index and the sequence mark', () => {
    const db = open();
    migrate(db, before010);
    // A row that went (retention) leaves its sequence number behind.
    db.prepare(`INSERT INTO outbox (id, service_id, person_key, payload_format, local_ref, idempotency_key, state, next_attempt_at, created_at, updated_at)
      VALUES ('a', 's', 'p', 'json', 'K01-20260101-000001', 'k-a', 'delivered', 0, 10, 20)`).run();
    db.prepare(`DELETE FROM outbox`).run();
    db.prepare(`INSERT INTO outbox (id, kind, service_id, person_key, payload, payload_format, local_ref, idempotency_key, state, next_attempt_at,
      created_at, updated_at, lease_owner, lease_until, claimed_at, set_aside_at, requeued_at) VALUES ('b', 'config-report', 's', 'p', X'7B7D', 'json',
      'K01-CFG-5', 'k-b', 'sending', 0, 10, 20, 'kiosk:1', 99, 15, 16, 12)`).run();
    const row = db.prepare('SELECT * FROM outbox').get();
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 10))).toBe(10);
    expect(db.prepare('SELECT * FROM outbox').get()).toEqual(row);
    const indexes = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND sql IS NOT NULL ORDER BY name`).all();
    expect(indexes).toEqual([{ name: 'outbox_dead' }, { name: 'outbox_due' }, { name: 'outbox_person_open' }, { name: 'outbox_sending' }]);
    // The deleted row's sequence number is never handed out again (by today's outbox, on today's schema).
    migrate(db);
    const next = new Outbox(db).enqueue({ serviceId: 's', personKey: 'p', payload: {} });
    expect((db.prepare('SELECT seq FROM outbox WHERE id = ?').get(next.id) as { seq: number }).seq).toBe(3);
  });

  it('queues once, in order, the entries written before it that the gateway never acknowledged', () => {
    const db = open();
    migrate(db, before010);
    let prev = AUDIT_GENESIS;
    const hashes = [1, 2, 3].map((seq) => (prev = appendRaw(db, seq, prev)));
    db.prepare('INSERT INTO audit_shipped (seq, shipped_at) VALUES (1, 5)').run();
    migrate(db);
    const queued = new Outbox(db).list();
    expect(queued.map((e) => [e.kind, e.localRef, e.personKey, e.state])).toEqual([
      ['audit-entry', 'AUD-2', 'kiosk-audit', 'queued'],
      ['audit-entry', 'AUD-3', 'kiosk-audit', 'queued'],
    ]);
    expect(queued[0]!.payload).toEqual({ seq: 2, at: 2000, actor: '290•••••77', action: 'selftest', detail: '{"test":"printer","n":2}', prevHash: hashes[0], hash: hashes[1] });
  });

  it('records delivery in audit_shipped in the transaction that records the answer, once', () => {
    const db = open();
    migrate(db, before010);
    appendRaw(db, 1, AUDIT_GENESIS);
    migrate(db);
    const t = Date.now() + 1000;
    const outbox = new Outbox(db, { now: () => t });
    const [entry] = outbox.claimDue();
    outbox.markDelivered(entry!.id, 'abc');
    outbox.markDelivered(entry!.id, 'abc');
    expect(db.prepare('SELECT seq, shipped_at FROM audit_shipped').all()).toEqual([{ seq: 1, shipped_at: t }]);
  });

  it('refuses a kind it does not know', () => {
    const db = open();
    migrate(db);
    expect(() =>
      db.prepare(`INSERT INTO outbox (id, kind, service_id, person_key, payload_format, local_ref, idempotency_key, state, next_attempt_at, created_at, updated_at)
        VALUES ('x', 'postcard', 's', 'p', 'json', 'r', 'k', 'queued', 0, 0, 0)`).run(),
    ).toThrow(/CHECK constraint failed/);
  });
});
