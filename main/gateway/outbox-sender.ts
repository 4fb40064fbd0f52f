import type { SendFn } from '../../offline-cache/delivery';
import type { GatewayClient, SubmissionInput } from './client';

/** What the kiosk enqueues: the submission without its local reference, which the outbox assigns. */
export type QueuedSubmission = Omit<SubmissionInput, 'localRef'>;

/**
 * Connects the outbox to the gateway: each entry's payload is a QueuedSubmission, sent with the
 * entry's local reference and its idempotency key (fixed at enqueue, so retries are replays).
 */
export function outboxSender(client: GatewayClient): SendFn {
  return (entry) => client.submit({ ...(entry.payload as QueuedSubmission), localRef: entry.localRef }, entry.idempotencyKey);
}
