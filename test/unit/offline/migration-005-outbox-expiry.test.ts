import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { migration005 } from '../../../offline-cache/migrations/005-outbox-expiry';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const before005 = MIGRATIONS.filter((m) => m.version < 5);

function insertV1(db: Database.Database, id: string, state: string, payload: Buffer | null) {
  db.prepare(`INSERT INTO outbox (id, service_id, person_key, payload, payload_format, local_ref, idempotency_key,
    state, next_attempt_at, created_at, updated_at) VALUES (?, 's', 'p', ?, 'json', ?, ?, ?, 0, 10, 20)`).run(id, payload, `K01-20260101-00000${id}`, `key-${id}`, state);
}

describe('migration 005: outbox expiry, purge and requeue times', () => {
  it('keeps every row, its sequence and keys; marks purged delivered rows', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    migrate(db, before005);
    insertV1(db, '1', 'delivered', null);
    insertV1(db, '2', 'queued', Buffer.from('{}'));
    insertV1(db, '3', 'rejected', Buffer.from('{}'));
    db.prepare(`DELETE FROM outbox WHERE id = '3'`).run(); // AUTOINCREMENT must not hand out 3 again
    expect(migrate(db, [...before005, migration005])).toBe(5);
    const rows = db.prepare('SELECT seq, id, state, idempotency_key, purged_at, requeued_at FROM outbox ORDER BY seq').all();
    expect(rows).toEqual([
      { seq: 1, id: '1', state: 'delivered', idempotency_key: 'key-1', purged_at: 20, requeued_at: null },
      { seq: 2, id: '2', state: 'queued', idempotency_key: 'key-2', purged_at: null, requeued_at: null },
    ]);
    insertV1(db, '4', 'expired', null);
    expect(db.prepare(`SELECT seq FROM outbox WHERE id = '4'`).get()).toEqual({ seq: 4 });
  });

  it("accepts 'expired' and still refuses unknown states", () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    migrate(db, before005);
    expect(() => insertV1(db, '1', 'expired', null)).toThrow(/CHECK/);
    migrate(db, [...before005, migration005]);
    insertV1(db, '1', 'expired', null);
    expect(() => insertV1(db, '2', 'lost', null)).toThrow(/CHECK/);
  });

  it('recreates the indexes the delivery queries rely on', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    migrate(db, [...before005, migration005]);
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name);
    expect(names.sort()).toEqual(['outbox_dead', 'outbox_due', 'outbox_person_open']);
  });

  it('leaves rows of a table that refers to the outbox alone (no cascade during the rebuild)', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    db.pragma('foreign_keys = ON');
    migrate(db, before005);
    db.exec(`CREATE TABLE ref (outbox_id TEXT NOT NULL REFERENCES outbox (id) ON DELETE CASCADE)`);
    insertV1(db, '1', 'queued', Buffer.from('{}'));
    db.prepare(`INSERT INTO ref VALUES ('1')`).run();
    migrate(db, [...before005, migration005]);
    expect(db.prepare('SELECT outbox_id FROM ref').all()).toEqual([{ outbox_id: '1' }]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
  });
});
