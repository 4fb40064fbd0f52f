import type { KioskDatabase } from './db';

/**
 * The device settings a technician changed on site (migration 012), kept so a restart does not
 * undo them. Which keys exist and what a valid value is are main/config/device-overrides.ts's;
 * this keeps them durably, all the changes of one request in one transaction, so a request is
 * kept whole or not at all.
 */
export interface DeviceOverrideRow {
  key: string;
  value: string | number;
  /** Who set it: the technician card's masked id, or `kioskctl`. */
  by: string;
  /** ms since epoch. */
  at: number;
}

export class DeviceOverridesStore {
  constructor(private readonly db: KioskDatabase) {}

  read(): DeviceOverrideRow[] {
    const rows = this.db.prepare('SELECT key, value, set_by AS by, set_at AS at FROM device_overrides ORDER BY key').all() as { key: string; value: string; by: string; at: number }[];
    return rows.map((r) => ({ ...r, value: JSON.parse(r.value) as string | number }));
  }

  /** Sets (a value) or clears (undefined) each key, all or none. */
  apply(changes: readonly { key: string; value: string | number | undefined }[], by: string, at: number): void {
    const save = this.db.prepare(
      `INSERT INTO device_overrides (key, value, set_by, set_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, set_by = excluded.set_by, set_at = excluded.set_at`,
    );
    const clear = this.db.prepare('DELETE FROM device_overrides WHERE key = ?');
    this.db.transaction(() => {
      for (const c of changes) {
        if (c.value === undefined) clear.run(c.key);
        else save.run(c.key, JSON.stringify(c.value), by, at);
      }
    })();
  }
}
