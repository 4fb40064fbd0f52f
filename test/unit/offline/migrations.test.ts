import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrate, openKioskDb, OutboxError, SCHEMA_VERSION } from '../../../offline-cache';
import { useTempDir } from './temp-db';

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

  it('runs a step that landed late (a lower version added after a higher one ran), once', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    const step = (version: number, table: string) => ({ version, name: table, up: (d: Database.Database) => d.exec(`CREATE TABLE ${table} (x INTEGER)`) });
    expect(migrate(db, [step(1, 'a'), step(5, 'e')])).toBe(5);
    expect(migrate(db, [step(1, 'a'), step(3, 'c'), step(5, 'e')])).toBe(5);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'c'`).get()).toEqual({ name: 'c' });
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()).toEqual([{ version: 1 }, { version: 3 }, { version: 5 }]);
    const fresh = new Database(':memory:');
    expect(() => migrate(fresh, [step(3, 'c'), step(1, 'a')])).toThrow(expect.objectContaining({ code: 'migration-failed' }));
    fresh.close();
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
