import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openKioskDb, type KioskDatabase } from '../../offline-cache/db';
import { fileKeyProvider, KEY_FILE_NAME, type KeyProvider } from '../../offline-cache/key-provider';
import { DATABASE_FILE } from '../config/settings';

/**
 * What the kiosk keeps on disk in its data folder: the database (the one opener, so kioskctl and
 * the kiosk agree on schema and pragmas), the payload key and the person-key secret.
 */
export interface KioskStore {
  db: KioskDatabase;
  /** Personal data at rest (queued submissions, journaled receipts) is encrypted with this key. */
  keys: KeyProvider;
  /** Keys the pseudonymous person keys of the outbox. */
  secret: string;
  close(): void;
}

export function openStore(dataDir: string, keyProvider?: KeyProvider): KioskStore {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = openKioskDb(join(dataDir, DATABASE_FILE));
  return {
    db,
    keys: keyProvider ?? fileKeyProvider(join(dataDir, KEY_FILE_NAME)),
    secret: kioskSecret(dataDir),
    close: () => db.close(),
  };
}

/** A per-kiosk secret for pseudonymous person keys; created once, readable by the kiosk user only. */
function kioskSecret(dataDir: string): string {
  const file = join(dataDir, 'kiosk-secret');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}
