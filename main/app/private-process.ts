import { isMainThread } from 'node:worker_threads';

/**
 * Everything a kiosk process writes is its own user's alone: the database, keys, bundles, the
 * simulated printer's receipts (names on them), runtime.json with the lab token. Setting the
 * umask once, before the first file, covers what later code creates without each writer having
 * to remember a mode (issue 16, finding 7); the writers that matter most also chmod themselves.
 */
export function privateFilesFromNowOn(): void {
  // Only a process's main thread may set it; a shell is never started in a worker but in unit tests.
  if (isMainThread) process.umask(0o077);
}
