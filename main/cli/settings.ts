import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DATABASE_FILE, loadSettings, type KioskSettings, type LoadSettingsOptions } from '../config';
import { settingsWithSignedLayer } from '../config/bundle/signed-layer';
import { isPackagedInstallation } from '../config/installation';
import { environmentLayer, refuseSignedOnly } from '../config/sources';
import { CliError, stringOption } from './command';

/**
 * kioskctl's view of the settings: the same layers as the kiosk (main/config), the signed bundle
 * in force of the data folder included, with the command's own flags on top. `--data-dir` means
 * the same folder to every command, and without it every command and the kiosk agree on the
 * default. On a packaged kiosk's folder the environment may not name the gateway or a device,
 * as for the kiosk; a flag may, being a technician's choice for this one command, on its line.
 */
export function cliSettings(values: Record<string, unknown>, options: Omit<LoadSettingsOptions, 'env' | 'signed' | 'packaged'> = {}): KioskSettings {
  const load = (signed?: LoadSettingsOptions['signed']) => loadSettings({ ...options, signed, flags: { '--data-dir': ['dataDir', stringOption(values, 'data-dir')], ...options.flags } });
  // A bundle never names the data folder: the layers without it say where to look for one.
  const { dataDir } = load();
  if (isPackagedInstallation(dataDir)) refuseSignedOnly(environmentLayer(process.env));
  return settingsWithSignedLayer(dataDir, load);
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
