import { errorCode } from '../../shared/coded-error';
import type { ConfigReportRequest } from '../../gateway/schemas';
import { DEFAULT_MAX_AGE_MS, type Outbox } from '../../offline-cache/outbox';
import type { StoreState } from '../config/bundle/store';

/**
 * Tells the gateway about every bundle this kiosk rolled back or refused, through the outbox:
 * the report is written to SQLite before anything is sent, so it survives the network being
 * down and the kiosk restarting, and its idempotency key makes the gateway record it once.
 *
 * The store's refusal list is the source, not the agent's events: `sync` writes a report for
 * each recent refusal that has none yet, so a kiosk killed between refusing a version (state.json)
 * and writing its report (SQLite) writes it at the next start. One report per version: its local
 * reference names the version, and the outbox refuses a second entry with the same one. Only
 * refusals younger than the outbox's maximum age are looked at, since older report rows may
 * have been pruned by the maintenance window and must not be sent again.
 */
export interface ConfigReports {
  /** Writes the reports still missing; returns how many it wrote. */
  sync(state: StoreState): number;
}

/** The outbox line all of a kiosk's reports wait in, in the order they were made. */
const REPORT_LINE = 'kiosk-config';

export function configReports(opts: { outbox: Outbox; kioskId: string; kick(): void; now?: () => number }): ConfigReports {
  const now = opts.now ?? Date.now;
  return {
    sync(state) {
      let written = 0;
      const since = now() - DEFAULT_MAX_AGE_MS;
      for (const refusal of state.refused) {
        if (refusal.at < since) continue;
        const report: ConfigReportRequest = {
          outcome: refusal.code === 'health-check-failed' ? 'rolled-back' : 'refused',
          version: refusal.version,
          inForce: state.current?.version ?? 0,
          code: refusal.code,
          reason: refusal.reason.slice(0, 500) || refusal.code,
          refusedAt: new Date(refusal.at).toISOString(),
        };
        try {
          opts.outbox.enqueue({ kind: 'config-report', serviceId: 'config-report', personKey: REPORT_LINE, payload: report, localRef: `${opts.kioskId}-CFG-${refusal.version}` });
          written++;
        } catch (err) {
          if (errorCode(err) !== 'duplicate-local-ref') throw err;
        }
      }
      if (written > 0) opts.kick();
      return written;
    },
  };
}
