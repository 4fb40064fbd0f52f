import Database from 'better-sqlite3';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKioskDb, Outbox } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const mode = (path: string) => statSync(path).mode & 0o777;
let umask: number;
// A typical login umask: without care, SQLite would create the files 0644 (readable by all).
beforeEach(() => (umask = process.umask(0o022)));
afterEach(() => process.umask(umask));

describe('kiosk.db file modes', () => {
  it('creates the database and its WAL and SHM files 0600, and puts the umask back', () => {
    const file = tmp.path('data/kiosk.db');
    const db = openKioskDb(file);
    tmp.onCleanup(() => db.close());
    new Outbox(db).enqueue({ serviceId: 's', personKey: 'p', payload: { idNumber: '28463400123' } });
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      expect(existsSync(f), f).toBe(true);
      expect(mode(f).toString(8), f).toBe('600');
    }
    expect(mode(dirname(file)).toString(8)).toBe('700');
    expect(process.umask()).toBe(0o022);
  });

  it('tightens a database an older kiosk left readable by others', () => {
    const file = tmp.path();
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.close();
    chmodSync(file, 0o644);
    const db = openKioskDb(file);
    tmp.onCleanup(() => db.close());
    expect(mode(file).toString(8)).toBe('600');
    expect(mode(`${file}-wal`).toString(8)).toBe('600');
  });

  it('WAL files SQLite recreates later (after a clean close) are 0600 too', () => {
    const file = tmp.path();
    openKioskDb(file).close(); // a clean close removes -wal and -shm
    expect(existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file); // any later opener, outside openKioskDb, under umask 022
    tmp.onCleanup(() => db.close());
    db.prepare('CREATE TABLE t (x)').run();
    expect(mode(`${file}-wal`).toString(8)).toBe('600');
    expect(mode(`${file}-shm`).toString(8)).toBe('600');
  });

  it('a read-only look changes no mode', () => {
    const file = tmp.path();
    openKioskDb(file).close();
    chmodSync(file, 0o640);
    const db = openKioskDb(file, { readonly: true });
    db.close();
    expect(mode(file).toString(8)).toBe('640');
  });
});
