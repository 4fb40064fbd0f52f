import type { Logger } from '../../core/ports';
import { errorCode } from '../../../shared/coded-error';
import { BundleError } from './errors';
import type { Bundle } from './schema';
import type { BundleRecord, BundleStore } from './store';

/** The configuration in force: a verified bundle, or the shipped config/ (version 0). */
export interface InForce {
  version: number;
  bundle?: Bundle;
  record?: BundleRecord;
}

export const SHIPPED: InForce = { version: 0 };

/**
 * What the kiosk runs with after a start: the current bundle when it loads, else the last
 * known-good one, else the shipped configuration. A damaged store never keeps the kiosk from
 * starting; it is logged with its code and the next poll repairs it.
 */
export function inForce(store: BundleStore, log: Logger): InForce {
  let state;
  try {
    state = store.read();
  } catch (err) {
    log.error('config-store-unreadable', { code: errorCode(err), error: (err as Error).message });
    return SHIPPED;
  }
  for (const record of [state.current, state.lastKnownGood]) {
    if (!record) continue;
    try {
      return { version: record.version, bundle: store.load(record), record };
    } catch (err) {
      const code = err instanceof BundleError ? err.code : 'bundle-corrupt';
      log.error('config-bundle-unloadable', { version: record.version, code, error: (err as Error).message });
    }
  }
  return SHIPPED;
}
