import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../bundle/atomic-file';
import type { BundleStore } from '../bundle/store';
import { BundleError } from '../bundle/errors';
import { type CheckOptions, type CheckResult, checkRepository, trustedDir } from './client';

/**
 * What `kioskctl config status` and the fleet metrics say about a kiosk's configuration. The
 * rollout state is one of a closed set (it is a metric attribute and a heartbeat field):
 *   shipped      no bundle yet: the shipped config/ (version 0)
 *   applied      a bundle in force that passed its health checks
 *   probation    just applied, health checks not passed yet
 *   staged       a newer bundle is verified and waits for an idle moment
 *   rolled-back  the newest bundle failed its health checks; the previous one is in force
 *   stale        the repository's timestamp has expired and no fresh one came (offline or frozen):
 *                the last good bundle keeps serving
 */
type RolloutState = 'shipped' | 'applied' | 'probation' | 'staged' | 'rolled-back' | 'stale';

export const LastCheck = z.strictObject({
  at: z.string(),
  outcome: z.enum(['staged', 'current', 'failed']),
  version: z.number().int().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
});
export type LastCheck = z.infer<typeof LastCheck>;

const lastCheckFile = (store: BundleStore) => join(store.dir, 'last-check.json');

function recordCheck(store: BundleStore, check: LastCheck): void {
  writeFileAtomic(lastCheckFile(store), `${JSON.stringify(LastCheck.parse(check))}\n`);
}

export function readLastCheck(store: BundleStore): LastCheck | undefined {
  try {
    const parsed = LastCheck.safeParse(JSON.parse(readFileSync(lastCheckFile(store), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** When the timestamp the kiosk trusts expires; past it, the kiosk has not heard from a live repository. */
function trustedTimestampExpiry(store: BundleStore): number | undefined {
  const file = join(trustedDir(store), 'timestamp.json');
  if (!existsSync(file)) return undefined;
  try {
    const expires = (JSON.parse(readFileSync(file, 'utf8')) as { signed?: { expires?: string } }).signed?.expires;
    return expires ? Date.parse(expires) : undefined;
  } catch {
    return undefined;
  }
}

export interface ConfigStatus {
  version: number;
  rollout: RolloutState;
  lastKnownGood?: number;
  staged?: number;
  probation?: { version: number; since: string };
  refused: { version: number; code: string; reason: string; at: string }[];
  repository?: string;
  freshness: 'fresh' | 'expired' | 'never-checked';
  metadataExpires?: string;
  lastCheck?: LastCheck;
}

export function configStatus(store: BundleStore, options: { repository?: string; now: number }): ConfigStatus {
  const state = store.read();
  const expiry = trustedTimestampExpiry(store);
  const freshness = expiry === undefined ? 'never-checked' : expiry > options.now ? 'fresh' : 'expired';
  const version = state.current?.version ?? 0;
  const lastRefusal = state.refused.at(-1);
  const rollout: RolloutState = state.probation
    ? 'probation'
    : state.staged
      ? 'staged'
      : freshness === 'expired' && options.repository
        ? 'stale'
        : lastRefusal && lastRefusal.version > version
          ? 'rolled-back'
          : version === 0
            ? 'shipped'
            : 'applied';
  return {
    version,
    rollout,
    lastKnownGood: state.lastKnownGood?.version,
    staged: state.staged?.version,
    probation: state.probation && { version: state.probation.version, since: new Date(state.probation.since).toISOString() },
    refused: state.refused.map((r) => ({ version: r.version, code: r.code, reason: r.reason, at: new Date(r.at).toISOString() })),
    repository: options.repository,
    freshness,
    metadataExpires: expiry === undefined ? undefined : new Date(expiry).toISOString(),
    lastCheck: readLastCheck(store),
  };
}

/** One check against the repository, its outcome recorded for `config status` whatever it was. */
export async function checkAndRecord(options: CheckOptions): Promise<CheckResult> {
  const at = new Date((options.now ?? Date.now)()).toISOString();
  try {
    const result = await checkRepository(options);
    recordCheck(options.store, { at, outcome: result.outcome, version: result.version });
    return result;
  } catch (err) {
    const code = err instanceof BundleError ? err.code : 'unexpected';
    recordCheck(options.store, { at, outcome: 'failed', code, message: (err as Error).message.slice(0, 500) });
    throw err;
  }
}
