import type { Migration } from './types';

/**
 * Out of service asked for by a person (issue 11): a technician at the kiosk or `kioskctl diag
 * out-of-service on`. It lived in memory only, so a crash or a maintenance restart handed a kiosk
 * a technician had taken out of service back to shoppers. One row at most (`id` is always 1):
 * the kiosk is out of service or not, and the newer request replaces the older. Out of service
 * caused by the devices is not kept: it is judged again from the devices at every start.
 */
export const migration011: Migration = {
  version: 11,
  name: 'out-of-service',
  up(db) {
    db.exec(`
      CREATE TABLE out_of_service (
        id     INTEGER PRIMARY KEY CHECK (id = 1),
        reason TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
        set_by TEXT    NOT NULL CHECK (set_by IN ('technician', 'kioskctl')),
        set_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
