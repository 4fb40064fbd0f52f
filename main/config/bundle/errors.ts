import { CodedError } from '../../../shared/coded-error';

/**
 * Why a configuration bundle was not taken, as a code ops and the technician can branch on. The
 * bundle in force never changes when one of these is thrown: the kiosk keeps serving the last
 * known-good bundle and reports the code (status, outbox, logs).
 */
export type BundleErrorCode =
  /** A part does not match the bundle schema (or a text override names an unknown key). */
  | 'bundle-invalid'
  /** A part is larger than the kiosk accepts, before or after download. */
  | 'bundle-too-large'
  /** A stored part no longer matches its hash: the disk lost or changed it. */
  | 'bundle-corrupt'
  /** TUF refused the repository's metadata: bad signature, threshold not met, wrong type. */
  | 'metadata-untrusted'
  /** A role's metadata is older than what the kiosk already trusts (rollback attack). */
  | 'metadata-rollback'
  /** The timestamp (or another role) has expired: a frozen or stale repository. */
  | 'metadata-expired'
  /** Snapshot and targets do not agree (mix-and-match). */
  | 'metadata-mismatch'
  /** A target's length or hashes differ from what the signed targets say. */
  | 'target-tampered'
  /** The repository cannot be reached or answered with an HTTP error. */
  | 'repository-unreachable'
  /** The bundle is older than, or the same as, the one in force. */
  | 'bundle-not-newer'
  /** This kiosk refused the version before (its health check failed). */
  | 'bundle-refused'
  /** The bundle passed every check but failed the health gate after being applied. */
  | 'health-check-failed'
  /** The local TUF metadata or store is unreadable and could not be recovered. */
  | 'store-unreadable';

export class BundleError extends CodedError<BundleErrorCode> {
  override readonly name = 'BundleError';
}

export const isBundleError = (err: unknown): err is BundleError => err instanceof BundleError;
