import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATABASE_FILE, loadSettings, type KioskSettings, type LoadSettingsOptions } from '../config';
import { CliError, stringOption } from './command';

/**
 * kioskctl's view of the settings: the same layers as the kiosk (main/config), with the command's
 * own flags on top. `--data-dir` means the same folder to every command, and without it every
 * command and the kiosk agree on the default.
 */
export function cliSettings(values: Record<string, unknown>, options: Omit<LoadSettingsOptions, 'env'> = {}): KioskSettings {
  return loadSettings({ ...options, flags: { '--data-dir': ['dataDir', stringOption(values, 'data-dir')], ...options.flags } });
}

/** The kiosk's database: --db when given, else kiosk.db in the configured data folder. */
export function databasePath(values: Record<string, unknown>): string {
  const explicit = stringOption(values, 'db');
  const path = explicit ? resolve(explicit) : join(cliSettings(values).dataDir, DATABASE_FILE);
  if (!existsSync(path)) throw new CliError(`no kiosk database at ${path} (set --db, --data-dir or KIOSK_DATA_DIR)`);
  return path;
}

/** Options every command that reads the kiosk's data takes. */
export const DATA_OPTIONS = { db: { type: 'string' }, 'data-dir': { type: 'string' } } as const;
