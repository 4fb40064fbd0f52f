import type { Statement } from 'better-sqlite3';
import type { KioskDatabase } from './db';

/**
 * Wrong technician PINs and the lockout they earned (migration 008), one row per scope (the
 * kiosk as a whole: a second card must not buy a second set of tries). The policy (how many
 * tries, how long) is main/core/technician-access.ts's; this only keeps its numbers durably, so
 * pulling the plug does not reset them.
 */
export interface LockoutRecord {
  failures: number;
  /** ms since epoch of the last wrong PIN; 0 when none. */
  lastFailure: number;
  /** ms since epoch until which no PIN is taken; 0 when not locked. */
  lockedUntil: number;
}

const EMPTY: LockoutRecord = { failures: 0, lastFailure: 0, lockedUntil: 0 };

export class TechnicianLockoutStore {
  private readonly s: Record<'read' | 'save' | 'clear', Statement>;

  constructor(
    db: KioskDatabase,
    private readonly scope = 'kiosk',
  ) {
    this.s = {
      read: db.prepare('SELECT failures, last_failure AS lastFailure, locked_until AS lockedUntil FROM technician_lockout WHERE scope = ?'),
      save: db.prepare(
        `INSERT INTO technician_lockout (scope, failures, last_failure, locked_until) VALUES (@scope, @failures, @lastFailure, @lockedUntil)
         ON CONFLICT (scope) DO UPDATE SET failures = excluded.failures, last_failure = excluded.last_failure, locked_until = excluded.locked_until`,
      ),
      clear: db.prepare('DELETE FROM technician_lockout WHERE scope = ?'),
    };
  }

  read(): LockoutRecord {
    return (this.s.read.get(this.scope) as LockoutRecord | undefined) ?? { ...EMPTY };
  }

  save(record: LockoutRecord): void {
    this.s.save.run({ scope: this.scope, ...record });
  }

  clear(): void {
    this.s.clear.run(this.scope);
  }
}
