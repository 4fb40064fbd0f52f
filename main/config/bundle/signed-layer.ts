import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode } from '../../../shared/coded-error';
import { createLogger } from '../../core/log';
import type { Logger } from '../../core/ports';
import { ConfigError } from '../errors';
import type { SignedConfiguration } from '../load';
import type { KioskSettings } from '../settings';
import { BundleError } from './errors';
import { signedConfigurationOf } from './schema';
import { type BundleRecord, BundleStore } from './store';

/**
 * The settings layers a shell may start with, best first: the bundle in force, then the last
 * known-good one. A new kiosk that has applied nothing yet but holds a verified, staged bundle
 * (`kioskctl config check-now` at installation) starts with that one: a packaged kiosk takes its
 * gateway and devices from a bundle only, and the agent applies it, health gate and all, at the
 * first idle moment. None while the shipped configuration is all there is.
 */
function signedLayers(dataDir: string, log: Logger): SignedConfiguration[] {
  // Nothing applied yet (or a fresh data folder, not to be created here with the wrong mode).
  if (!existsSync(join(dataDir, 'config', 'state.json'))) return [];
  const store = new BundleStore(dataDir);
  let records: BundleRecord[];
  try {
    const state = store.read();
    records = state.current || state.lastKnownGood ? [state.current, state.lastKnownGood].filter((r): r is BundleRecord => r !== undefined) : state.staged ? [state.staged] : [];
  } catch (err) {
    log.error('config-store-unreadable', { code: errorCode(err), error: (err as Error).message });
    return [];
  }
  const layers: SignedConfiguration[] = [];
  for (const record of records) {
    if (layers.some((l) => l.source === `signed bundle ${record.version}`)) continue;
    try {
      layers.push(signedConfigurationOf(store.load(record)));
    } catch (err) {
      log.error('config-bundle-unloadable', { version: record.version, code: err instanceof BundleError ? err.code : 'bundle-corrupt', error: (err as Error).message });
    }
  }
  return layers;
}

/** The first of signedLayers: the layer of the bundle in force. */
export function signedLayerIn(dataDir: string): SignedConfiguration | undefined {
  return signedLayers(dataDir, createLogger('config'))[0];
}

/**
 * Loads a shell's settings with the best signed layer whose values hold as a whole. A bundle's
 * parts were validated when it was verified, but a value can still clash with the rest of the
 * settings (its session timings against the technician's idle time); that bundle is passed over,
 * its ConfigError logged, and the previous known-good one (or the shipped files) used, so a bad
 * bundle never keeps the kiosk from starting. A bundle counts as at fault only when a layer below
 * it then loads: an error that stays without any bundle (the environment's) stops the start.
 */
export function settingsWithSignedLayer(dataDir: string, load: (signed: SignedConfiguration | undefined) => KioskSettings, log: Logger = createLogger('config')): KioskSettings {
  const passedOver: [SignedConfiguration, ConfigError][] = [];
  const loaded = (settings: KioskSettings) => {
    for (const [signed, err] of passedOver) log.error('config-bundle-settings-refused', { source: signed.source, code: err.code, key: err.key, error: err.message });
    return settings;
  };
  for (const signed of signedLayers(dataDir, log)) {
    try {
      return loaded(load(signed));
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      passedOver.push([signed, err]);
    }
  }
  return loaded(load(undefined));
}
