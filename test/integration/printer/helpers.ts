import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { migration004 } from '../../../offline-cache/migrations/004-print-jobs';
import { PrintJournal } from '../../../offline-cache/print-journal';
import { type Receipt, SAMPLE_RECEIPT_PATH } from '../../../drivers/printer';

export const sample = (): Receipt => JSON.parse(readFileSync(SAMPLE_RECEIPT_PATH, 'utf8')) as Receipt;

/**
 * A journal on a real SQLite file. Step 4 is applied by hand when the build's migration list does
 * not carry it yet (steps are added to the list by the lead, in order).
 */
export function openJournal(dir: string): { db: Database.Database; journal: PrintJournal } {
  const db = new Database(join(dir, 'kiosk.db'));
  db.pragma('journal_mode = WAL');
  migrate(db, MIGRATIONS.filter((m) => m.version < 4));
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'print_jobs'`).get()) db.transaction(() => migration004.up(db))();
  return { db, journal: new PrintJournal(db) };
}

export async function waitFor(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
