import { shippedCatalog } from '../../main/config/catalog';
import type { BundleStore } from '../../main/config/bundle/store';
import { type AgentDeps, ConfigAgent } from '../../main/config/tuf/agent';
import { silentLogger } from '../../main/core/log';
import { dryRunCatalog } from '../../main/core/services/dry-run';

/**
 * The configuration agent as a kiosk with no devices and no shopper runs it: always idle, polls
 * only when asked, no health window, and the catalog dry run as its only health check. The
 * crash tests, the fleet test and the bench all need exactly this agent; they differ only in
 * what they watch (swap, report).
 */
export function standaloneAgent(store: BundleStore, deps: Partial<AgentDeps> & { kioskId?: string } = {}): ConfigAgent {
  return new ConfigAgent({
    store,
    kioskId: 'K01',
    pollMs: 86_400_000,
    healthWindowMs: 0,
    log: silentLogger,
    isIdle: () => true,
    onIdle: () => () => undefined,
    swap: () => undefined,
    health: async (bundle) => {
      const problems = dryRunCatalog(bundle.catalog?.services ?? shippedCatalog());
      return problems.length ? { ok: false, check: 'dry-run', reason: problems[0]!.reason } : { ok: true };
    },
    report: () => undefined,
    ...deps,
  });
}
