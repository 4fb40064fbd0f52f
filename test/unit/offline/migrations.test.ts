import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, openKioskDb, OutboxError, SCHEMA_VERSION } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();

describe('openKioskDb', () => {
  it('creates the file with WAL, synchronous=FULL, foreign keys and the latest schema', () => {
    const file = tmp.path('nested/dir/kiosk.db');
    const db = openKioskDb(file);
    tmp.onCleanup(() => db.close());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const applied = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    expect(applied).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('is idempotent: reopening does not re-run steps', () => {
    const file = tmp.path();
    openKioskDb(file).close();
    const db = openKioskDb(file);
    tmp.onCleanup(() => db.close());
    const n = db.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number };
    expect(n.n).toBe(MIGRATIONS.length);
  });

  it('upgrades a database left at an older version, keeping its rows', () => {
    const file = tmp.path();
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 1));
    old.prepare(`INSERT INTO outbox (id, service_id, person_key, payload, payload_format, local_ref, idempotency_key,
      state, next_attempt_at, created_at, updated_at) VALUES ('a', 's', 'p', NULL, 'json', 'K01-20260101-000001', 'k', 'queued', 0, 0, 0)`).run();
    old.close();
    const db = openKioskDb(file);
    tmp.onCleanup(() => db.close());
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT id FROM outbox').all()).toEqual([{ id: 'a' }]);
  });

  it('refuses a database written by a newer kiosk', () => {
    const file = tmp.path();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openKioskDb(file)).toThrow(expect.objectContaining({ code: 'schema-too-new' }));
  });

  it('rolls a failing step back whole and reports it as migration-failed', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    const broken = [
      ...MIGRATIONS,
      {
        version: SCHEMA_VERSION + 1,
        name: 'broken',
        up(d: Database.Database) {
          d.exec('CREATE TABLE half_done (x INTEGER)');
          d.exec('THIS IS NOT SQL');
        },
      },
    ];
    const err = (() => {
      try {
        migrate(db, broken);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(OutboxError);
    expect((err as OutboxError).code).toBe('migration-failed');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
  });

  it('opens read-only without writing, and refuses an uninitialised file', () => {
    const file = tmp.path();
    openKioskDb(file).close();
    const ro = openKioskDb(file, { readonly: true });
    tmp.onCleanup(() => ro.close());
    expect(() => ro.exec('CREATE TABLE x (y)')).toThrow(/readonly/);
    const empty = tmp.path();
    new Database(empty).close();
    expect(() => openKioskDb(empty, { readonly: true })).toThrow(expect.objectContaining({ code: 'schema-missing' }));
  });

  const step = (version: number, table: string) => ({ version, name: table, up: (d: Database.Database) => d.exec(`CREATE TABLE ${table} (x INTEGER)`) });
  const tables = (db: Database.Database) => (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'schema_migrations' ORDER BY name`).all() as { name: string }[]).map((r) => r.name);

  it.each([
    ['out of order', [step(2, 'b'), step(1, 'a')]],
    ['with a gap', [step(1, 'a'), step(3, 'c')]],
    ['not starting at 1', [step(2, 'b')]],
    ['with a repeated version', [step(1, 'a'), step(1, 'again')]],
  ])('refuses a list of steps %s before running any of them', (_how, steps) => {
    const db = new Database(':memory:');
    try {
      expect(() => migrate(db, steps)).toThrow(expect.objectContaining({ name: 'OutboxError', code: 'migration-out-of-order' }));
      expect(tables(db)).toEqual([]);
      expect(db.pragma('user_version', { simple: true })).toBe(0);
    } finally {
      db.close();
    }
  });

  it('refuses a database whose history skipped a step (a late step is never run after a later one)', () => {
    const file = tmp.path();
    const db = new Database(file);
    tmp.onCleanup(() => db.close());
    migrate(db, [step(1, 'a'), step(2, 'b'), step(3, 'c')]);
    // What the earlier, lenient migrate could leave behind: step 2 never ran, yet the file is at 3.
    db.prepare('DELETE FROM schema_migrations WHERE version = 2').run();
    db.exec('DROP TABLE b');
    expect(() => migrate(db, [step(1, 'a'), step(2, 'b'), step(3, 'c'), step(4, 'd')])).toThrow(
      expect.objectContaining({ code: 'migration-out-of-order', message: expect.stringContaining('ran steps 1, 3') }),
    );
    expect(tables(db)).toEqual(['a', 'c']);
    expect(db.pragma('user_version', { simple: true })).toBe(3);
  });

  it('continues a database whose history is whole, running only the steps after its version, in order', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    const order: number[] = [];
    const tracked = (version: number, table: string) => ({ ...step(version, table), up: (d: Database.Database) => (order.push(version), step(version, table).up(d)) });
    expect(migrate(db, [tracked(1, 'a'), tracked(2, 'b')])).toBe(2);
    expect(migrate(db, [tracked(1, 'a'), tracked(2, 'b'), tracked(3, 'c'), tracked(4, 'd')])).toBe(4);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual([1, 2, 3, 4].map((version) => ({ version })));
  });

  it('the shipped steps are numbered 1..N', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_m, i) => i + 1));
  });

  it('turns foreign keys off while a step runs and back on after, refusing a step that breaks a reference', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    db.pragma('foreign_keys = ON');
    const parent = { version: 1, name: 'parent', up: (d: Database.Database) => d.exec('CREATE TABLE p (id TEXT PRIMARY KEY); CREATE TABLE c (pid TEXT REFERENCES p (id))') };
    const breaks = { version: 2, name: 'breaks', up: (d: Database.Database) => d.exec(`INSERT INTO c VALUES ('nobody')`) };
    migrate(db, [parent]);
    expect(() => migrate(db, [parent, breaks])).toThrow(/foreign key/);
    expect(db.prepare('SELECT count(*) AS n FROM c').get()).toEqual({ n: 0 });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
