import type { Migration } from './types';

/**
 * Device settings a technician changed on site (issue 11): the reader's name pattern, the
 * printer's port and speed, the terminal's port. One row per setting, with who set it and when,
 * so they outlive a restart and stay a layer of their own above the signed configuration
 * (main/config/device-overrides.ts says which wins). `value` is the setting as JSON text (a
 * string or a number), checked by main before it is written; clearing a setting deletes its row.
 */
export const migration012: Migration = {
  version: 12,
  name: 'device-overrides',
  up(db) {
    db.exec(`
      CREATE TABLE device_overrides (
        key    TEXT    PRIMARY KEY CHECK (key IN ('reader', 'printer-port', 'printer-baud', 'terminal-port')),
        value  TEXT    NOT NULL CHECK (json_valid(value) AND length(value) <= 256),
        set_by TEXT    NOT NULL CHECK (length(set_by) BETWEEN 1 AND 64),
        set_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
