import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { migration004 } from '../../../offline-cache/migrations/004-print-jobs';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();

/** The steps before 4 as the build has them, then step 4 itself (independent of later steps). */
function dbAtVersion4() {
  const db = new Database(tmp.path());
  tmp.onCleanup(() => db.close());
  migrate(db, MIGRATIONS.filter((m) => m.version < 4));
  db.transaction(() => migration004.up(db))();
  return db;
}

const insert = `INSERT INTO print_jobs (local_ref, lang, state, receipt, receipt_format, failure_code, created_at, updated_at)
  VALUES (?, ?, ?, x'7b7d', 'plain', ?, 1, 1)`;

describe('migration 004: print job journal', () => {
  it('is version 4 and adds print_jobs on top of the earlier steps', () => {
    expect(migration004.version).toBe(4);
    const db = dbAtVersion4();
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'print_jobs'`).get()).toEqual({ name: 'print_jobs' });
    db.prepare(insert).run('K01-20261128-000001', 'ar', 'queued', null);
    expect(db.prepare('SELECT state, attempts, pdf FROM print_jobs').get()).toEqual({ state: 'queued', attempts: 0, pdf: null });
  });

  it('accepts only the four states and ar/en', () => {
    const db = dbAtVersion4();
    expect(() => db.prepare(insert).run('K1', 'ar', 'lost', null)).toThrow(/CHECK/);
    expect(() => db.prepare(insert).run('K1', 'fr', 'queued', null)).toThrow(/CHECK/);
  });

  it('a failed job must say why, and only a failed one has a failure code', () => {
    const db = dbAtVersion4();
    expect(() => db.prepare(insert).run('K1', 'en', 'failed', null)).toThrow(/CHECK/);
    expect(() => db.prepare(insert).run('K1', 'en', 'printed', 'paper-out')).toThrow(/CHECK/);
    expect(db.prepare(insert).run('K1', 'en', 'failed', 'paper-out').changes).toBe(1);
  });

  it('a PDF is stored together with its format', () => {
    const db = dbAtVersion4();
    db.prepare(insert).run('K1', 'en', 'queued', null);
    expect(() => db.prepare(`UPDATE print_jobs SET pdf = x'25504446'`).run()).toThrow(/CHECK/);
    expect(db.prepare(`UPDATE print_jobs SET pdf = x'25504446', pdf_format = 'plain'`).run().changes).toBe(1);
  });
});
