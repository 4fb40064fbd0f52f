import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();

function v1(): Database.Database {
  const db = new Database(tmp.path());
  tmp.onCleanup(() => db.close());
  migrate(db, MIGRATIONS.slice(0, 1));
  return db;
}

const row = (over: Record<string, unknown> = {}) => ({
  id: 'e1',
  service_id: 'pay-traffic-fines',
  person_key: 'p1',
  payload: Buffer.from('{}'),
  payload_format: 'json',
  local_ref: 'K01-20261128-000001',
  idempotency_key: 'k1',
  state: 'queued',
  next_attempt_at: 1,
  created_at: 1,
  updated_at: 1,
  ...over,
});
const insert = (db: Database.Database, r: Record<string, unknown>) =>
  db
    .prepare(`INSERT INTO outbox (${Object.keys(r).join(', ')}) VALUES (${Object.keys(r).map((k) => `@${k}`).join(', ')})`)
    .run(r);

describe('migration 001: outbox', () => {
  it('creates the outbox table and its indexes at user_version 1', () => {
    const db = v1();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE tbl_name = 'outbox' ORDER BY name`).all();
    expect(names).toEqual([{ name: 'outbox' }, { name: 'outbox_due' }, { name: 'outbox_person_open' }, { name: 'sqlite_autoindex_outbox_1' }, { name: 'sqlite_autoindex_outbox_2' }, { name: 'sqlite_autoindex_outbox_3' }]);
  });

  it('accepts a well-formed row and numbers rows in insertion order', () => {
    const db = v1();
    insert(db, row());
    insert(db, row({ id: 'e2', local_ref: 'K01-20261128-000002', idempotency_key: 'k2' }));
    expect(db.prepare('SELECT id, seq FROM outbox ORDER BY seq').all()).toEqual([
      { id: 'e1', seq: 1 },
      { id: 'e2', seq: 2 },
    ]);
  });

  it('enforces unique ids, local refs and idempotency keys', () => {
    const db = v1();
    insert(db, row());
    expect(() => insert(db, row({ local_ref: 'other', idempotency_key: 'other' }))).toThrow(/UNIQUE/);
    expect(() => insert(db, row({ id: 'x', idempotency_key: 'other' }))).toThrow(/UNIQUE/);
    expect(() => insert(db, row({ id: 'x', local_ref: 'other' }))).toThrow(/UNIQUE/);
  });

  it('rejects unknown states, negative attempts and wrongly typed values (STRICT)', () => {
    const db = v1();
    expect(() => insert(db, row({ state: 'lost' }))).toThrow(/CHECK/);
    expect(() => insert(db, row({ attempts: -1 }))).toThrow(/CHECK/);
    expect(() => insert(db, row({ created_at: 'yesterday' }))).toThrow(/cannot store TEXT value in INTEGER column/);
  });
});
