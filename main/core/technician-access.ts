import type { Clock } from './ports';

/**
 * Who may open diagnostics: a technician card and the technician's PIN, checked here in main,
 * never in the renderer. Wrong PINs lock the kiosk's technician door for a while after
 * `maxTries`; the count and the lockout are kept durably (the store), so a restart does not
 * hand out new tries. Between two tries at least `minIntervalMs` must pass: a PIN pad cannot be
 * driven faster than a person types, whatever reaches the door.
 */
export interface LockoutRecord {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

export interface LockoutStorePort {
  read(): LockoutRecord;
  save(record: LockoutRecord): void;
  clear(): void;
}

export interface TechnicianPolicy {
  maxTries: number;
  lockoutMs: number;
  minIntervalMs: number;
}

export type PinCheck =
  | { result: 'ok' }
  | { result: 'wrong'; triesLeft: number }
  /** This wrong PIN was the last try: locked until then. */
  | { result: 'locked-out'; until: number }
  /** Locked until then; the try was not looked at. */
  | { result: 'locked'; until: number }
  /** Too soon after the last wrong one, or while one is being checked; it does not count. */
  | { result: 'too-soon' }
  /** No technician PIN is configured on this kiosk: nobody can enter. */
  | { result: 'not-configured' };

export class TechnicianAccess {
  private checking = false;

  constructor(
    private readonly deps: {
      store: LockoutStorePort;
      /** Resolves true for the configured PIN (main/app: scrypt, constant-time compare); undefined when none is configured. */
      verifyPin: ((pin: string) => Promise<boolean>) | undefined;
      clock: Clock;
      policy: TechnicianPolicy;
    },
  ) {}

  /** A technician PIN is configured: without one nobody can enter. */
  get configured(): boolean {
    return this.deps.verifyPin !== undefined;
  }

  /** Locked now (until when), and tries left before the lockout. */
  status(): { lockedUntil?: number; triesLeft: number } {
    const record = this.current();
    const now = this.deps.clock.now();
    return record.lockedUntil > now ? { lockedUntil: record.lockedUntil, triesLeft: 0 } : { triesLeft: this.deps.policy.maxTries - record.failures };
  }

  async check(pin: string): Promise<PinCheck> {
    const { verifyPin, clock, policy, store } = this.deps;
    if (!verifyPin) return { result: 'not-configured' };
    const now = clock.now();
    const record = this.current();
    if (record.lockedUntil > now) return { result: 'locked', until: record.lockedUntil };
    if (this.checking || (record.lastFailure > 0 && now - record.lastFailure < policy.minIntervalMs)) return { result: 'too-soon' };
    this.checking = true;
    let ok: boolean;
    try {
      ok = await verifyPin(pin);
    } finally {
      this.checking = false;
    }
    if (ok) {
      store.clear();
      return { result: 'ok' };
    }
    const failures = record.failures + 1;
    const at = clock.now();
    if (failures >= policy.maxTries) {
      const until = at + policy.lockoutMs;
      store.save({ failures: 0, lastFailure: at, lockedUntil: until });
      return { result: 'locked-out', until };
    }
    store.save({ failures, lastFailure: at, lockedUntil: 0 });
    return { result: 'wrong', triesLeft: policy.maxTries - failures };
  }

  /** A lockout that ran out starts a fresh count. */
  private current(): LockoutRecord {
    const record = this.deps.store.read();
    if (record.lockedUntil !== 0 && record.lockedUntil <= this.deps.clock.now()) return { failures: 0, lastFailure: record.lastFailure, lockedUntil: 0 };
    return record;
  }
}
