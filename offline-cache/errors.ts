import { CodedError } from '../shared/coded-error';

export type OutboxErrorCode =
  /** The database was written by a newer kiosk version than this one. */
  | 'schema-too-new'
  /** A read-only open found a database that was never initialised. */
  | 'schema-missing'
  | 'migration-failed'
  /** Migration steps not numbered 1..N, or a database whose history skips or reorders steps. */
  | 'migration-out-of-order'
  | 'not-found'
  /** A state change the outbox does not allow (e.g. a delivered entry marked rejected). */
  | 'invalid-transition'
  | 'duplicate-local-ref'
  /** A stored payload could not be decoded (wrong codec, key or corrupted row). */
  | 'corrupt-payload'
  | 'invalid-input'
  /** The payload key cannot be read, created or unsealed. */
  | 'key-unavailable'
  /** The key file is readable by other users: refused. */
  | 'key-file-insecure'
  /** A payload was encrypted under another key than this kiosk's. */
  | 'wrong-key'
  /** A payload's format needs a codec (or key) this process was not given: not the row's fault. */
  | 'codec-unavailable';

/** Failures of the kiosk database and outbox. Messages name ids and states, never personal data. */
export class OutboxError extends CodedError<OutboxErrorCode> {
  override readonly name = 'OutboxError';
}
