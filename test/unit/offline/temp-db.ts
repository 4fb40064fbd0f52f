import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** A fresh directory per test for real SQLite files, removed afterwards (and its open dbs closed). */
export function useTempDir(): { path(name?: string): string; onCleanup(fn: () => void): void } {
  const dirs: string[] = [];
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const fn of cleanups.splice(0).reverse()) fn(); // last registered, first undone
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    path(name = 'kiosk.db') {
      const dir = mkdtempSync(join(tmpdir(), 'kiosk-outbox-'));
      dirs.push(dir);
      return join(dir, name);
    },
    onCleanup(fn) {
      cleanups.push(fn);
    },
  };
}
