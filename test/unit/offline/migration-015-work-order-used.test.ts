import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();

function v15(): Database.Database {
  const db = new Database(tmp.path());
  tmp.onCleanup(() => db.close());
  migrate(db, MIGRATIONS.slice(0, 14));
  migrate(db, MIGRATIONS.slice(0, 15));
  return db;
}

describe('migration 015: the work-order codes used', () => {
  it('adds the table to a database at version 14, with only a signature hash and an expiry per row', () => {
    const db = v15();
    expect(db.pragma('user_version', { simple: true })).toBe(15);
    const columns = db.prepare(`SELECT name FROM pragma_table_info('work_order_used') ORDER BY cid`).all();
    expect(columns).toEqual([{ name: 'signature_hash' }, { name: 'expires_at' }]);
  });

  it('keeps one row per signature hash, and refuses what is not a hash or an expiry', () => {
    const db = v15();
    const insert = db.prepare('INSERT INTO work_order_used (signature_hash, expires_at) VALUES (?, ?)');
    insert.run('a'.repeat(64), 1);
    expect(() => insert.run('a'.repeat(64), 2)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => insert.run('A'.repeat(64), 2)).toThrow(/CHECK constraint/);
    expect(() => insert.run('a'.repeat(63), 2)).toThrow(/CHECK constraint/);
    expect(() => insert.run('28463400001'.padEnd(64, 'z'), 2)).toThrow(/CHECK constraint/);
    expect(() => insert.run('b'.repeat(64), 0)).toThrow(/CHECK constraint/);
    expect(db.prepare('SELECT signature_hash AS h, expires_at AS e FROM work_order_used').all()).toEqual([{ h: 'a'.repeat(64), e: 1 }]);
  });
});
