/**
 * What one delivery attempt of a queued submission came to. Lives here, below the gateway
 * client, so the outbox can depend on it without depending on main/.
 */
export type SubmitOutcome =
  /** The gateway has it (first time or a replay of the same key). */
  | { kind: 'delivered'; ministryRef: string }
  /** Not delivered this time, safe to try again with the same idempotency key. */
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  /** The gateway refused it for good; retrying cannot help (dead letter). */
  | { kind: 'rejected'; code: string; reason: string };
