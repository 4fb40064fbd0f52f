/**
 * What can go wrong with one request to the simulated gateway, and how often. Each request's
 * fate is drawn up front from a seeded random source, so a failing run can be replayed.
 *
 * - `unavailable`: 503 with Retry-After; nothing recorded.
 * - `resetBefore`: the TCP connection is reset before anything is recorded.
 * - `lostAck`: recorded, then the connection is reset before the answer (a lost acknowledgement:
 *   the case idempotency keys exist for).
 * - `hang`: recorded, then no answer for `hangMs` (the client gives up first).
 * - `slow`: processed for `slowMs` before it is recorded and answered; meanwhile the key is "in
 *   progress", and a retry with it gets 409 `idempotency-in-progress`.
 */
export interface FaultMix {
  unavailable?: number;
  resetBefore?: number;
  lostAck?: number;
  hang?: number;
  slow?: number;
}

export type Fate = 'ok' | keyof FaultMix;

const FATES: readonly (keyof FaultMix)[] = ['unavailable', 'resetBefore', 'lostAck', 'hang', 'slow'];

/** The older `flaky` share: split evenly between 503 and lost answers (and hangs, when hangMs > 0). */
export function flakyMix(share: number, withHang: boolean): FaultMix {
  const parts = withHang ? 3 : 2;
  return { unavailable: share / parts, lostAck: share / parts, ...(withHang && { hang: share / parts }) };
}

export function checkMix(mix: FaultMix): FaultMix {
  let total = 0;
  for (const [name, share] of Object.entries(mix) as [keyof FaultMix, number | undefined][]) {
    if (!FATES.includes(name)) throw new RangeError(`unknown fault "${name}"`);
    if (share === undefined) continue;
    if (!(share >= 0 && share <= 1)) throw new RangeError(`fault share ${name} must be between 0 and 1`);
    total += share;
  }
  if (total > 1 + 1e-9) throw new RangeError('fault shares add up to more than 1');
  return mix;
}

export function pickFate(mix: FaultMix, random: () => number): Fate {
  let r = random();
  for (const name of FATES) {
    const share = mix[name] ?? 0;
    if (r < share) return name;
    r -= share;
  }
  return 'ok';
}
