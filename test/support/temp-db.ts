import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { type KioskDatabase, openKioskDb, type OpenKioskDbOptions } from '../../offline-cache/db';

/**
 * Real SQLite files for tests, never `:memory:` (WAL, file modes and a second process reading
 * the same file only exist on disk). Each call makes a fresh directory; after each test the
 * databases it opened are closed and the directories removed.
 */
export interface TempFiles {
  /** A path in a fresh directory (the file is not created). */
  path(name?: string): string;
  /** A fresh directory. */
  dir(): string;
  /** The kiosk database in a fresh directory, opened as the kiosk opens it (pragmas, every migration). */
  db(opts?: OpenKioskDbOptions & { name?: string }): { db: KioskDatabase; path: string };
  /** Runs after the test, before the directories go (last registered, first run). */
  onCleanup(fn: () => void): void;
}

export function useTempDir(prefix = 'kiosk-test-'): TempFiles {
  const dirs: string[] = [];
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const fn of cleanups.splice(0).reverse()) fn();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  return {
    dir,
    path: (name = 'kiosk.db') => join(dir(), name),
    db(opts = {}) {
      const path = join(dir(), opts.name ?? 'kiosk.db');
      const db = openKioskDb(path, opts);
      cleanups.push(() => db.open && db.close());
      return { db, path };
    },
    onCleanup(fn) {
      cleanups.push(fn);
    },
  };
}
