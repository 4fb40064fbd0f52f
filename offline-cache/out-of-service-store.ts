import type { Statement } from 'better-sqlite3';
import type { KioskDatabase } from './db';

/**
 * The out of service a person asked for (migration 011), so that it outlives the process: a
 * kiosk a technician took out of service must not come back to shoppers after a crash or a
 * maintenance restart. Whether the kiosk is out of service is main/core/technician-out-of-service.ts's
 * decision; this only keeps the last request durably. Each write is its own committed statement.
 */
export interface OutOfServiceRecord {
  by: 'technician' | 'kioskctl';
  /** At most 200 characters (the table refuses more, kioskctl and the audit log keep as many). */
  reason: string;
  /** ms since epoch. */
  at: number;
}

export class OutOfServiceStore {
  private readonly s: Record<'read' | 'save' | 'clear', Statement>;

  constructor(db: KioskDatabase) {
    this.s = {
      read: db.prepare('SELECT set_by AS by, reason, set_at AS at FROM out_of_service WHERE id = 1'),
      save: db.prepare(
        `INSERT INTO out_of_service (id, reason, set_by, set_at) VALUES (1, @reason, @by, @at)
         ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, set_by = excluded.set_by, set_at = excluded.set_at`,
      ),
      clear: db.prepare('DELETE FROM out_of_service WHERE id = 1'),
    };
  }

  read(): OutOfServiceRecord | undefined {
    return this.s.read.get() as OutOfServiceRecord | undefined;
  }

  save(record: OutOfServiceRecord): void {
    this.s.save.run({ by: record.by, reason: record.reason, at: record.at });
  }

  clear(): void {
    this.s.clear.run();
  }
}
