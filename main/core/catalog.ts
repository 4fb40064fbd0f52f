/**
 * Session timings the core works with. The catalog itself is data the core
 * receives (main/config/catalog.ts loads it); nothing here reads a file.
 */
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
