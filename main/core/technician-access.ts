import type { Clock } from './ports';

/**
 * Who may open diagnostics: a technician card and the technician's PIN, checked here in main,
 * never in the renderer, and where the configuration asks for one a work-order code from ops
 * (main/config/work-order.ts) after the PIN. Wrong PINs lock the kiosk's technician door for a while after
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

/** What checking a work-order code said (main/app wires main/config/work-order.ts in). */
export type WorkOrderVerdict =
  /** `signatureHash`: the SHA-256 of the code's signature, hex, what its one use is kept as. */
  | { result: 'ok'; order: number; keyId: string; expiresAt: number; signatureHash: string }
  /** `counted`: a well-formed code that does not hold (counts like a wrong PIN); a typo in a block does not. */
  | { result: 'refused'; reason: WorkOrderRefusal; counted: boolean; block?: number };

/** `used`: this code already opened a visit at this kiosk. */
export type WorkOrderRefusal = 'malformed' | 'other-kiosk' | 'invalid' | 'expired' | 'not-yet-valid' | 'too-long' | 'used';

/** The codes that opened a visit here, kept across restarts until a day after they end (offline-cache/work-order-used.ts). */
export interface UsedWorkOrdersPort {
  /** Records the code's one use; false when it was used already. Forgets codes a margin after their validity has passed, so a clock set back does not bring one back. */
  claim(signatureHash: string, expiresAt: number, now: number): boolean;
}

export type WorkOrderCheck =
  | { result: 'ok'; order: number; keyId: string; expiresAt: number }
  | { result: 'wrong'; reason: WorkOrderRefusal; triesLeft: number; block?: number }
  | { result: 'locked-out'; reason: WorkOrderRefusal; until: number }
  | Extract<PinCheck, { result: 'locked' | 'too-soon' }>;

export class TechnicianAccess {
  private checking = false;

  constructor(
    private readonly deps: {
      store: LockoutStorePort;
      /** Resolves true for the configured PIN (main/app: scrypt, constant-time compare); undefined when none is configured. */
      verifyPin: ((pin: string) => Promise<boolean>) | undefined;
      clock: Clock;
      policy: TechnicianPolicy;
      /**
       * Where the configuration asks for a work-order code: `verify` checks one for the technician
       * card (its id number) now in the reader, `used` makes each code good for one visit.
       */
      workOrder?: { verify: (code: string, cardId: string) => WorkOrderVerdict; used: UsedWorkOrdersPort };
    },
  ) {}

  /** After the PIN, a work-order code is asked for. */
  get workOrderRequired(): boolean {
    return this.deps.workOrder !== undefined;
  }

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
    // With a work-order code still to come, a right PIN leaves the count alone: else each right
    // PIN would buy fresh tries at the code.
    if (ok) {
      if (!this.workOrderRequired) store.clear();
      return { result: 'ok' };
    }
    const failed = this.fail(record);
    return failed.lockedUntil ? { result: 'locked-out', until: failed.lockedUntil } : { result: 'wrong', triesLeft: policy.maxTries - failed.failures };
  }

  /**
   * The work-order code, once the PIN was right. A code that does not hold counts as a wrong try
   * toward the same lockout as the PIN's (a second factor that could be tried without limit
   * would be none); a code whose block check fails was mistyped, not tried, and costs nothing.
   * A code opens one visit: presented again, it is refused as `used` and counted, since whoever
   * saw it typed could otherwise come back with it for as long as it is valid.
   */
  checkWorkOrder(code: string, cardId: string): WorkOrderCheck {
    const { workOrder, clock, policy, store } = this.deps;
    if (!workOrder) throw new Error('no work-order code is asked for on this kiosk');
    const now = clock.now();
    const record = this.current();
    if (record.lockedUntil > now) return { result: 'locked', until: record.lockedUntil };
    if (record.lastFailure > 0 && now - record.lastFailure < policy.minIntervalMs) return { result: 'too-soon' };
    let verdict = workOrder.verify(code, cardId);
    if (verdict.result === 'ok') {
      const { order, keyId, expiresAt } = verdict;
      if (workOrder.used.claim(verdict.signatureHash, expiresAt, now)) {
        store.clear();
        return { result: 'ok', order, keyId, expiresAt };
      }
      verdict = { result: 'refused', reason: 'used', counted: true };
    }
    const block = verdict.block !== undefined ? { block: verdict.block } : {};
    if (!verdict.counted) return { result: 'wrong', reason: verdict.reason, triesLeft: policy.maxTries - record.failures, ...block };
    const failed = this.fail(record);
    return failed.lockedUntil ? { result: 'locked-out', reason: verdict.reason, until: failed.lockedUntil } : { result: 'wrong', reason: verdict.reason, triesLeft: policy.maxTries - failed.failures, ...block };
  }

  /** One more wrong try, kept; the last one allowed locks the door. */
  private fail(record: LockoutRecord): LockoutRecord {
    const { clock, policy, store } = this.deps;
    const failures = record.failures + 1;
    const at = clock.now();
    const next = failures >= policy.maxTries ? { failures: 0, lastFailure: at, lockedUntil: at + policy.lockoutMs } : { failures, lastFailure: at, lockedUntil: 0 };
    store.save(next);
    return next;
  }

  /** A lockout that ran out starts a fresh count. */
  private current(): LockoutRecord {
    const record = this.deps.store.read();
    if (record.lockedUntil !== 0 && record.lockedUntil <= this.deps.clock.now()) return { failures: 0, lastFailure: record.lastFailure, lockedUntil: 0 };
    return record;
  }
}
