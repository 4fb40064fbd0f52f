import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();

function v8(): Database.Database {
  const db = new Database(tmp.path());
  tmp.onCleanup(() => db.close());
  migrate(db, MIGRATIONS.slice(0, 8));
  return db;
}

const entry = { seq: 1, at: 1, actor: '290•••••77', action: 'enter', detail: '{}', prev_hash: '0'.repeat(64), hash: 'a'.repeat(64) };

describe('migration 008: technician audit log and lockout', () => {
  it('creates the audit log, its delivery record and the lockout table at user_version 8', () => {
    const db = v8();
    expect(db.pragma('user_version', { simple: true })).toBe(8);
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('audit_log', 'audit_shipped', 'technician_lockout') ORDER BY name`).all();
    expect(tables).toEqual([{ name: 'audit_log' }, { name: 'audit_shipped' }, { name: 'technician_lockout' }]);
  });

  it('refuses to update or delete an audit entry through SQLite', () => {
    const db = v8();
    db.prepare('INSERT INTO audit_log (seq, at, actor, action, detail, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @detail, @prev_hash, @hash)').run(entry);
    expect(() => db.prepare(`UPDATE audit_log SET action = 'exit' WHERE seq = 1`).run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(db.prepare('SELECT action FROM audit_log').get()).toEqual({ action: 'enter' });
  });

  it('records delivery only of entries that exist', () => {
    const db = v8();
    db.pragma('foreign_keys = ON');
    expect(() => db.prepare('INSERT INTO audit_shipped (seq, shipped_at) VALUES (9, 1)').run()).toThrow(/FOREIGN KEY/);
  });
});
