import type { ServiceView } from '../contract';

/**
 * The services this kiosk offers. Issue #7 moves the catalog into signed configuration; the
 * skeleton has the one service documented on the ministry's kiosks.
 */
export interface ServiceDefinition extends ServiceView {
  /** A live look-up is needed before payment (fines inquiry), so it cannot be queued offline. */
  needsNetwork: boolean;
}

export const PAY_TRAFFIC_FINES = 'pay-traffic-fines';

export const defaultCatalog: ServiceDefinition[] = [
  {
    id: PAY_TRAFFIC_FINES,
    titleAr: 'سداد المخالفات المرورية',
    titleEn: 'Pay traffic fines',
    needsNetwork: true,
  },
];

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
