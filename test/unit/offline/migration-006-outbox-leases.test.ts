import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { migration006 } from '../../../offline-cache/migrations/006-outbox-leases';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const before006 = MIGRATIONS.filter((m) => m.version < 6);

function insert(db: Database.Database, id: string, state: string) {
  db.prepare(`INSERT INTO outbox (id, service_id, person_key, payload, payload_format, local_ref, idempotency_key,
    state, next_attempt_at, created_at, updated_at) VALUES (?, 's', 'p', X'7B7D', 'json', ?, ?, ?, 0, 10, 20)`).run(id, `K01-20260101-00000${id}`, `key-${id}`, state);
}

describe('migration 006: outbox leases and set-aside', () => {
  it('adds the lease and set-aside columns, empty on existing rows, keeping every row', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    migrate(db, before006);
    insert(db, '1', 'sending');
    insert(db, '2', 'queued');
    expect(migrate(db, [...before006, migration006])).toBe(6);
    const rows = db.prepare('SELECT id, state, idempotency_key, lease_owner, lease_until, claimed_at, set_aside_at FROM outbox ORDER BY seq').all();
    expect(rows).toEqual([
      { id: '1', state: 'sending', idempotency_key: 'key-1', lease_owner: null, lease_until: null, claimed_at: null, set_aside_at: null },
      { id: '2', state: 'queued', idempotency_key: 'key-2', lease_owner: null, lease_until: null, claimed_at: null, set_aside_at: null },
    ]);
  });

  it('keeps the table STRICT: a lease time must be an integer', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    migrate(db, [...before006, migration006]);
    insert(db, '1', 'sending');
    expect(() => db.prepare(`UPDATE outbox SET lease_until = 'soon'`).run()).toThrow(/cannot store TEXT value in INTEGER column/);
    db.prepare(`UPDATE outbox SET lease_owner = 'kiosk@h:1//#00000000', lease_until = 5`).run();
  });

  it('indexes the sending entries by lease end, which recovery scans', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    migrate(db, [...before006, migration006]);
    const names = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND name NOT LIKE 'sqlite_%'`).all() as { name: string }[]).map((r) => r.name);
    expect(names.sort()).toEqual(['outbox_dead', 'outbox_due', 'outbox_person_open', 'outbox_sending']);
  });
});
