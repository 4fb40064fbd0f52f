import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();

describe('migration 002: local reference counter', () => {
  it('adds the per-day counter on top of version 1', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    migrate(db, MIGRATIONS.slice(0, 1));
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'local_ref_counter'`).get()).toBeUndefined();
    expect(migrate(db, MIGRATIONS.slice(0, 2))).toBe(2);
    const next = db.prepare(`INSERT INTO local_ref_counter (day, last) VALUES (?, 1)
      ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last`);
    expect(next.get('20261128')).toEqual({ last: 1 });
    expect(next.get('20261128')).toEqual({ last: 2 });
    expect(next.get('20261129')).toEqual({ last: 1 });
  });

  it('accepts only yyyymmdd days', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    migrate(db, MIGRATIONS.slice(0, 2));
    expect(() => db.prepare(`INSERT INTO local_ref_counter (day, last) VALUES ('2026-11-28', 1)`).run()).toThrow(/CHECK/);
  });
});
