import type { Migration } from './types';

/**
 * Events for the ministry's telemetry collector that must not be lost (device faults, config
 * rollbacks, audit entries, crash-loop entries): written here first, in the same file and with
 * the same durability as the outbox, and removed only once the collector acknowledged them.
 * OpenTelemetry JS drops what it cannot send after its retries; this table is why nothing is.
 * `attributes` is a JSON object of codes (main/telemetry/attributes.ts): nothing personal.
 * `telemetry_counters` keeps what must survive a restart beside them (events dropped when the
 * table was full).
 */
export const migration007: Migration = {
  version: 7,
  name: 'telemetry-events',
  up(db) {
    db.exec(`
      CREATE TABLE telemetry_events (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        at         INTEGER NOT NULL,
        name       TEXT    NOT NULL,
        severity   TEXT    NOT NULL CHECK (severity IN ('info', 'warn', 'error')),
        attributes TEXT    NOT NULL
      ) STRICT;
      CREATE TABLE telemetry_counters (
        name  TEXT    PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
