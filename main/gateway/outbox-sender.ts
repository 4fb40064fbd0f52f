import type { AuditEntryRecord, ConfigReportRequest } from '../../gateway/schemas';
import type { SendFn } from '../../offline-cache/delivery';
import type { GatewayClient, SubmissionInput } from './client';

/** What the kiosk enqueues: the submission without its local reference, which the outbox assigns. */
export type QueuedSubmission = Omit<SubmissionInput, 'localRef'>;

/**
 * Connects the outbox to the gateway: each entry's payload is a QueuedSubmission, sent with the
 * entry's local reference and its idempotency key (fixed at enqueue, so retries are replays).
 *
 * The body is rebuilt from the stored payload on every attempt and is the same each time, so a
 * 409 idempotency conflict means the gateway holds a different request under this key (a kiosk
 * upgrade changed how bodies are built, or a key was reused). Re-sending cannot fix that and a
 * new key could submit twice: it is a dead letter that says what a technician must check (and,
 * if it was paid, a refund candidate, linked to its payment like any rejection). The other 409,
 * "still being processed", is a retry (GatewayClient.submit).
 *
 * An entry of kind config-report is the kiosk's own report of a bundle it rolled back or
 * refused; its payload is the report's body as the gateway takes it. One of kind audit-entry is
 * one technician audit log entry with its chain fields (offline-cache/audit-log.ts), which the
 * gateway keys by its hash.
 */
export function outboxSender(client: GatewayClient): SendFn {
  return async (entry, signal) => {
    const options = signal ? { signal } : {};
    const outcome =
      entry.kind === 'config-report'
        ? await client.configReport(entry.payload as ConfigReportRequest, entry.idempotencyKey, options)
        : entry.kind === 'audit-entry'
          ? await client.auditEntries([entry.payload as AuditEntryRecord], options)
          : await client.submit({ ...(entry.payload as QueuedSubmission), localRef: entry.localRef }, entry.idempotencyKey, options);
    if (outcome.kind === 'rejected' && outcome.code === 'idempotency-conflict') {
      return {
        kind: 'rejected',
        code: 'idempotency-conflict',
        reason: 'the gateway holds a different request under this entry’s idempotency key; ask the ministry which one it recorded before refunding or resubmitting',
      };
    }
    return outcome;
  };
}
