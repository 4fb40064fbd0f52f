import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../core/log';
import type { SignedConfiguration } from '../load';
import { inForce } from './active';
import { signedConfigurationOf } from './schema';
import { BundleStore } from './store';

/**
 * The settings layer of the bundle in force in a data folder (the last known-good one when the
 * current one cannot be loaded), for a shell about to start the kiosk; none while the shipped
 * configuration is in force.
 */
export function signedLayerIn(dataDir: string): SignedConfiguration | undefined {
  // Nothing applied yet (or a fresh data folder, not to be created here with the wrong mode).
  if (!existsSync(join(dataDir, 'config', 'state.json'))) return undefined;
  const { bundle } = inForce(new BundleStore(dataDir), createLogger('config'));
  return bundle ? signedConfigurationOf(bundle) : undefined;
}
