import shipped from '../../config/services.json';
import { parseCatalog } from './services/load';
import type { ServiceDefinition } from './services/schema';

/**
 * The catalog shipped with the app (config/services.json), validated when first used. Signed
 * configuration from ops replaces it later; a bad document is refused whole.
 */
let cached: readonly ServiceDefinition[] | undefined;
export function shippedCatalog(): readonly ServiceDefinition[] {
  cached ??= parseCatalog(shipped).services;
  return cached;
}

export const PAY_TRAFFIC_FINES = 'pay-traffic-fines';

export interface SessionTimings {
  /** Idle time on an interactive screen before the inactivity warning appears. */
  idleWarningMs: number;
  /** Length of the warning countdown before the session is reset. */
  warningCountdownMs: number;
  /** How long the goodbye / notice screens stay before returning to attract when no card is in. */
  goodbyeMs: number;
}

export const defaultTimings: SessionTimings = {
  idleWarningMs: 60_000,
  warningCountdownMs: 20_000,
  goodbyeMs: 8_000,
};
