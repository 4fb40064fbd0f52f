import type { Logger } from '../../core/ports';
import { BundleError, type BundleErrorCode } from '../bundle/errors';
import type { Bundle } from '../bundle/schema';
import type { BundleStore, StoreState } from '../bundle/store';
import type { CheckResult } from './client';
import { checkAndRecord, configStatus, type ConfigStatus } from './status';

/**
 * The kiosk's configuration agent: polls the repository (jittered), stages what is new, and
 * applies it only when the kiosk is idle — never while a shopper is in a session or a
 * technician is at the kiosk. Applying is one atomic write of the store's state (the new bundle
 * in force, on probation) followed by the in-memory swap; then the health gate runs, at once and
 * again when the window ends. A failure rolls back to the last known-good bundle, refuses that
 * version from then on and reports why. A kiosk that restarts on probation runs the gate again.
 */
export type HealthResult = { ok: true } | { ok: false; check: string; reason: string };

export type AgentEvent =
  | { kind: 'staged'; version: number; downloaded: number }
  | { kind: 'applied'; version: number; previous: number }
  | { kind: 'kept'; version: number }
  | { kind: 'rolled-back'; version: number; to: number; check: string; reason: string }
  /** A staged bundle whose stored parts did not load: never applied, refused for good. */
  | { kind: 'refused'; version: number; code: BundleErrorCode; reason: string }
  | { kind: 'check-failed'; code: BundleErrorCode; message: string };

export interface AgentDeps {
  store: BundleStore;
  url?: string;
  kioskId: string;
  pollMs: number;
  healthWindowMs: number;
  log: Logger;
  /** True when no shopper session or technician visit is under way. */
  isIdle(): boolean;
  /** Calls back whenever the kiosk may have become idle. */
  onIdle(listener: () => void): () => void;
  /** Puts a bundle (undefined: the shipped configuration) in force in memory, in place. */
  swap(bundle: Bundle | undefined, version: number): void;
  health(bundle: Bundle): Promise<HealthResult>;
  report(event: AgentEvent, status: ConfigStatus): void;
  random?: () => number;
  now?: () => number;
  check?: typeof checkAndRecord;
}

export class ConfigAgent {
  private pollTimer?: NodeJS.Timeout;
  private windowTimer?: NodeJS.Timeout;
  private offIdle?: () => void;
  private busy: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private readonly now: () => number;

  constructor(private readonly deps: AgentDeps) {
    this.now = deps.now ?? Date.now;
  }

  status(): ConfigStatus {
    return configStatus(this.deps.store, { repository: this.deps.url, now: this.now() });
  }

  /** Resumes what a previous run left (probation, a staged bundle) and starts polling. */
  start(): void {
    this.offIdle = this.deps.onIdle(() => void this.applyWhenIdle());
    const state = this.deps.store.read();
    if (state.probation && state.current) void this.serial(() => this.gate(state.current!.version, true));
    else void this.applyWhenIdle();
    if (this.deps.url) this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.pollTimer);
    clearTimeout(this.windowTimer);
    this.offIdle?.();
  }

  /** One poll now (kioskctl config check-now, the poll timer), then an apply if idle. */
  checkNow(): Promise<CheckResult | BundleError> {
    return this.serial(async () => {
      if (!this.deps.url) return new BundleError('repository-unreachable', 'no configuration repository is configured (KIOSK_CONFIG_URL)');
      try {
        const result = await (this.deps.check ?? checkAndRecord)({ store: this.deps.store, url: this.deps.url, kioskId: this.deps.kioskId, now: this.now });
        if (result.outcome === 'staged') this.emit({ kind: 'staged', version: result.version, downloaded: result.downloaded.length });
        return result;
      } catch (err) {
        const error = err instanceof BundleError ? err : new BundleError('metadata-untrusted', (err as Error).message, { cause: err });
        this.deps.log.warn('config-check-failed', { code: error.code, error: error.message });
        this.emit({ kind: 'check-failed', code: error.code, message: error.message });
        return error;
      }
    }).then(async (result) => {
      await this.applyWhenIdle();
      return result;
    });
  }

  /** Applies the staged bundle if there is one and the kiosk is idle now. */
  applyWhenIdle(): Promise<void> {
    return this.serial(async () => {
      const state = this.deps.store.read();
      if (!state.staged || state.probation || !this.deps.isIdle() || this.stopped) return;
      await this.apply(state);
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    const wait = Math.round(this.deps.pollMs * (0.5 + 0.5 * (this.deps.random ?? Math.random)()));
    this.pollTimer = setTimeout(() => void this.checkNow().finally(() => this.schedule()), wait);
    this.pollTimer.unref();
  }

  /** One thing at a time: a poll, an apply and a health gate never overlap. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.busy.then(task, task);
    this.busy = run.catch(() => undefined);
    return run;
  }

  private async apply(state: StoreState): Promise<void> {
    const staged = state.staged!;
    const previous = state.current?.version ?? 0;
    if (staged.version <= previous || state.refused.some((r) => r.version === staged.version)) {
      this.deps.store.update((s) => ({ ...s, staged: undefined }));
      return;
    }
    let bundle: Bundle;
    try {
      bundle = this.deps.store.load(staged);
    } catch (err) {
      const code = err instanceof BundleError ? err.code : 'bundle-corrupt';
      this.refuse(staged.version, code, (err as Error).message, { dropStaged: true });
      this.deps.log.error('config-refused', { version: staged.version, code });
      this.emit({ kind: 'refused', version: staged.version, code, reason: (err as Error).message });
      return;
    }
    // The moment of applying: one atomic rename of state.json. The last known-good stays the
    // previous bundle unless that one was itself still on probation.
    this.deps.store.update((s) => ({
      ...s,
      current: staged,
      lastKnownGood: s.probation ? s.lastKnownGood : s.current,
      probation: { version: staged.version, since: this.now() },
      staged: undefined,
    }));
    this.deps.swap(bundle, staged.version);
    this.deps.log.info('config-applied', { version: staged.version, previous });
    this.emit({ kind: 'applied', version: staged.version, previous });
    await this.gate(staged.version, false);
  }

  /** Runs the health checks now; if they pass, once more when the window ends, then keeps the bundle. */
  private async gate(version: number, resumed: boolean): Promise<void> {
    const state = this.deps.store.read();
    if (!state.current || state.current.version !== version) return;
    let bundle: Bundle;
    try {
      bundle = this.deps.store.load(state.current);
    } catch (err) {
      await this.rollback(version, 'bundle-loads', (err as Error).message);
      return;
    }
    if (resumed) this.deps.swap(bundle, version);
    const first = await this.safeHealth(bundle);
    if (!first.ok) {
      await this.rollback(version, first.check, first.reason);
      return;
    }
    clearTimeout(this.windowTimer);
    this.windowTimer = setTimeout(() => void this.serial(() => this.closeWindow(version, bundle)), this.deps.healthWindowMs);
    this.windowTimer.unref();
  }

  private async closeWindow(version: number, bundle: Bundle): Promise<void> {
    if (this.stopped || this.deps.store.read().probation?.version !== version) return;
    const last = await this.safeHealth(bundle);
    if (!last.ok) {
      await this.rollback(version, last.check, last.reason);
      return;
    }
    this.deps.store.update((s) => ({ ...s, probation: undefined, lastKnownGood: s.current }));
    this.deps.log.info('config-kept', { version });
    this.emit({ kind: 'kept', version });
    await this.applyWhenIdleInside();
  }

  private async safeHealth(bundle: Bundle): Promise<HealthResult> {
    try {
      return await this.deps.health(bundle);
    } catch (err) {
      return { ok: false, check: 'health-check', reason: (err as Error).message };
    }
  }

  private async rollback(version: number, check: string, reason: string): Promise<void> {
    clearTimeout(this.windowTimer);
    const state = this.refuse(version, 'health-check-failed', `${check}: ${reason}`, { restore: true });
    const good = state.current;
    let bundle: Bundle | undefined;
    try {
      bundle = good ? this.deps.store.load(good) : undefined;
    } catch {
      bundle = undefined; // the known-good bundle is damaged too: the shipped configuration
    }
    this.deps.swap(bundle, bundle ? good!.version : 0);
    this.deps.log.error('config-rolled-back', { version, to: bundle ? good!.version : 0, check, reason });
    this.emit({ kind: 'rolled-back', version, to: bundle ? good!.version : 0, check, reason });
    await this.applyWhenIdleInside();
  }

  /** Records a refusal; with `restore`, the last known-good bundle is in force again in the same write. */
  private refuse(version: number, code: BundleErrorCode, reason: string, how: { restore?: boolean; dropStaged?: boolean }): StoreState {
    return this.deps.store.update((s) => ({
      ...s,
      ...(how.restore ? { current: s.lastKnownGood, probation: undefined } : {}),
      ...(how.dropStaged ? { staged: undefined } : {}),
      refused: [...s.refused.filter((r) => r.version !== version), { version, code, reason: reason.slice(0, 500), at: this.now() }].slice(-1000),
    }));
  }

  /** Inside a serial task already: apply a staged bundle without queueing behind ourselves. */
  private async applyWhenIdleInside(): Promise<void> {
    const state = this.deps.store.read();
    if (state.staged && !state.probation && this.deps.isIdle() && !this.stopped) await this.apply(state);
  }

  private emit(event: AgentEvent): void {
    try {
      this.deps.report(event, this.status());
    } catch (err) {
      this.deps.log.error('config-report-failed', { kind: event.kind, error: (err as Error).message });
    }
  }
}
