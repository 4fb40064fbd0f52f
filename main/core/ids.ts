import type { IdSource } from './ports';

/**
 * Session ids as the payment journal has always named them, a counter within this launch and
 * the launch's start time; request ids from the given generator. Both sources are handed in.
 */
export function launchIds(startedAt: number, uuid: () => string): IdSource {
  let sessions = 0;
  return {
    sessionId: () => `session-${++sessions}-${startedAt}`,
    requestId: uuid,
  };
}
