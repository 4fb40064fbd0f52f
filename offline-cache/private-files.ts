import { errorCode } from '../shared/coded-error';
import { chmodSync } from 'node:fs';

/**
 * The kiosk database holds queued submissions (encrypted payloads, but also references, payment
 * links and pseudonymous person keys) and the payment journal: only the kiosk's own user may
 * read it. SQLite creates the -wal and -shm files beside the database on its own schedule, with
 * the process umask on first creation and the database file's mode after that; so the umask is
 * narrowed while the database is opened and set up, and the files are then made 0600 whatever
 * an older kiosk left.
 */
const SQLITE_COMPANIONS = ['', '-wal', '-shm', '-journal'] as const;

/** Runs `fn` with umask 077 (new files 0600, new folders 0700), then puts the umask back. */
export function withPrivateUmask<T>(fn: () => T): T {
  let previous: number | undefined;
  try {
    previous = process.umask(0o077);
  } catch {
    // Worker threads may not change the umask: the chmod below still applies.
  }
  try {
    return fn();
  } finally {
    if (previous !== undefined) process.umask(previous);
  }
}

/** chmod 0600 the database and whichever of its companion files exist. */
export function restrictToOwner(dbPath: string): void {
  for (const suffix of SQLITE_COMPANIONS) {
    try {
      chmodSync(`${dbPath}${suffix}`, 0o600);
    } catch (err) {
      if (errorCode(err) !== 'ENOENT') throw err;
    }
  }
}
