export { openKioskDb, migrate, SCHEMA_VERSION, type KioskDatabase, type OpenKioskDbOptions } from './db';
export { MIGRATIONS, type Migration } from './migrations';
export { OutboxError, type OutboxErrorCode } from './errors';
export { Outbox, type EnqueueInput, type OutboxFilter, type OutboxOptions, type OutboxStats } from './outbox';
export { OUTBOX_STATES, type OutboxEntry, type OutboxState } from './outbox-row';
export { plainCodec, type PayloadCodec } from './payload-codec';
export { backoffCeiling, retryDelay, type BackoffPolicy } from './backoff';
export { OutboxDelivery, type DeliveryEvents, type DeliveryOptions, type SendFn } from './delivery';
export type { SubmitOutcome } from './outcome';
