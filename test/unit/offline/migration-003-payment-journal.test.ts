import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const upTo = (v: number) => MIGRATIONS.filter((m) => m.version <= v);

function open(version: number) {
  const db = new Database(tmp.path());
  tmp.onCleanup(() => db.close());
  migrate(db, upTo(version));
  return db;
}

const insert = `INSERT INTO payment_journal (id, request_id, session_id, kind, amount_cents, currency, state, step, created_at, updated_at)
  VALUES (@id, @req, 's1', 'sale', @amount, 'QAR', @state, 'intent', 1, 1)`;

describe('migration 003: payment journal', () => {
  it('adds the journal and its event log on top of version 2', () => {
    const db = open(2);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'payment_journal'`).get()).toBeUndefined();
    expect(migrate(db, upTo(3))).toBe(3);
    db.prepare(insert).run({ id: 'p1', req: 'r1', amount: 150, state: 'pending' });
    db.prepare(`INSERT INTO payment_journal_events (payment_id, at, event) VALUES ('p1', 1, 'intent')`).run();
    expect(db.prepare('SELECT state, step, amount_cents FROM payment_journal').get()).toEqual({ state: 'pending', step: 'intent', amount_cents: 150 });
  });

  it('one payment per request, positive amounts, known states only', () => {
    const db = open(3);
    db.prepare(insert).run({ id: 'p1', req: 'r1', amount: 150, state: 'pending' });
    expect(() => db.prepare(insert).run({ id: 'p2', req: 'r1', amount: 150, state: 'pending' })).toThrow(/UNIQUE/);
    expect(() => db.prepare(insert).run({ id: 'p3', req: 'r3', amount: 0, state: 'pending' })).toThrow(/CHECK/);
    expect(() => db.prepare(insert).run({ id: 'p4', req: 'r4', amount: 10, state: 'paid' })).toThrow(/CHECK/);
  });

  it('events must belong to a journal entry', () => {
    const db = open(3);
    db.pragma('foreign_keys = ON');
    expect(() => db.prepare(`INSERT INTO payment_journal_events (payment_id, at, event) VALUES ('nope', 1, 'x')`).run()).toThrow(/FOREIGN KEY/);
  });
});
