import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { OutboxError } from './errors';
import { MIGRATIONS, type Migration } from './migrations';
import { restrictToOwner, withPrivateUmask } from './private-files';

export type KioskDatabase = Database.Database;

export interface OpenKioskDbOptions {
  /**
   * For inspection tools (kioskctl queue status) next to a running kiosk: no migrations, no
   * writes. The file must exist.
   */
  readonly?: boolean;
  busyTimeoutMs?: number;
}

/** The schema version this build knows (the last migration's). */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/**
 * Opens (creating if needed) the kiosk's SQLite file and brings its schema up to date.
 * WAL lets a reader (diagnostics) run beside the writer; synchronous=FULL makes each commit
 * survive a power cut, which is what "written durably before the shopper is told" rests on.
 */
export function openKioskDb(path: string, opts: OpenKioskDbOptions = {}): KioskDatabase {
  if (opts.readonly || path === ':memory:') return setUp(new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false }), opts);
  // The file and its WAL/SHM companions are created 0600 (see private-files.ts).
  const db = withPrivateUmask(() => {
    mkdirSync(dirname(path), { recursive: true });
    return setUp(new Database(path), opts);
  });
  restrictToOwner(path);
  return db;
}

function setUp(db: KioskDatabase, opts: OpenKioskDbOptions): KioskDatabase {
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    if (opts.readonly) {
      checkVersion(db, { allowOlder: false });
      return db;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function userVersion(db: KioskDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkVersion(db: KioskDatabase, { allowOlder }: { allowOlder: boolean }): number {
  const version = userVersion(db);
  if (version > SCHEMA_VERSION) {
    throw new OutboxError('schema-too-new', `database schema is version ${version}, this kiosk knows up to ${SCHEMA_VERSION}; refusing to touch it`);
  }
  if (!allowOlder && version === 0) throw new OutboxError('schema-missing', 'database was never initialised by a kiosk');
  return version;
}

/**
 * Applies the pending steps strictly in order, each in its own transaction together with its
 * user_version bump, so a crash mid-way leaves the database at a whole step. schema_migrations
 * keeps when each step ran, for technicians.
 *
 * Steps are numbered 1, 2, 3… with no gap, and a database at version N has run exactly steps
 * 1..N: a step is never run after a later one, because a later step may rely on what an earlier
 * one made. A list or a database that breaks this is refused before anything is touched.
 */
export function migrate(db: KioskDatabase, migrations: readonly Migration[] = MIGRATIONS): number {
  assertConsecutive(migrations);
  const current = userVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new OutboxError('schema-too-new', `database schema is version ${current}, this kiosk knows up to ${latest}; refusing to touch it`);
  }
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT`);
  assertHistoryInOrder(db, current);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  // Foreign keys are off while steps run (SQLite ignores this pragma inside a transaction, so it
  // is set around them): a step that rebuilds a table must not cascade into tables that refer to
  // it. Each step checks the keys itself before it commits.
  const fk = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  try {
    for (const m of migrations.slice(current)) {
      try {
        db.transaction(() => {
          m.up(db);
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`${broken.length} foreign key reference(s) broken`);
          record.run(m.version, m.name, Date.now());
          db.pragma(`user_version = ${m.version}`);
        }).immediate();
      } catch (err) {
        throw new OutboxError('migration-failed', `migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    db.pragma(`foreign_keys = ${fk ? 'ON' : 'OFF'}`);
  }
  return userVersion(db);
}

function assertConsecutive(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new OutboxError('migration-out-of-order', `migration "${m.name}" has version ${m.version} at position ${i + 1}: steps are numbered 1, 2, 3… in order, with no gap`);
    }
  });
}

/**
 * A database at version N must have run steps 1..N and nothing else. Databases from before
 * schema_migrations existed have no records and count by user_version alone.
 */
function assertHistoryInOrder(db: KioskDatabase, current: number): void {
  const applied = (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => r.version);
  if (applied.length === 0) return;
  const inOrder = applied.length === current && applied.every((v, i) => v === i + 1);
  if (!inOrder) {
    throw new OutboxError('migration-out-of-order', `database is at schema version ${current} but ran steps ${applied.join(', ')}: its history is not 1..${current} in order; refusing to touch it`);
  }
}
