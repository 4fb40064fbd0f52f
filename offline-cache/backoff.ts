/**
 * Retry timing for the outbox: exponential backoff with "full jitter" (a uniformly random
 * delay between 0 and the exponential ceiling), so hundreds of kiosks coming back online at once
 * do not hit the gateway in lockstep. Pure functions; randomness is injected.
 */

export interface BackoffPolicy {
  /** Ceiling of the first retry's delay. */
  baseDelayMs: number;
  /** The ceiling never grows past this. */
  maxDelayMs: number;
  /** A gateway's Retry-After is honoured up to this (default 10 minutes). */
  maxRetryAfterMs?: number;
}

/** The upper bound of the delay after the given attempt (1 = the first attempt failed). */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

/**
 * The delay before the next attempt. A Retry-After from the gateway is a floor: the jittered
 * delay is used when it is longer, so clients told the same Retry-After still spread out.
 */
export function retryDelay(attempt: number, policy: BackoffPolicy, random: () => number, retryAfterMs?: number): number {
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  const jittered = Math.floor(r * backoffCeiling(attempt, policy));
  if (retryAfterMs === undefined || !(retryAfterMs > 0)) return jittered;
  const floor = Math.min(retryAfterMs, policy.maxRetryAfterMs ?? 600_000);
  return Math.max(jittered, floor);
}
