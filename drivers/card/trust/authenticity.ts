import { CodedError } from '../../../shared/coded-error';

/**
 * Whether what a card says can be believed. `verified`: the data's signature is valid under a
 * chain to a trusted anchor, and the chip answered the challenge where the profile has one. The
 * failures are what the catalog's policy and the shopper screens branch on.
 */
export const AUTHENTICITY_FAILURES = ['signature-invalid', 'untrusted-issuer', 'certificate-expired', 'chip-challenge-failed', 'unsigned'] as const;
export type AuthenticityFailure = (typeof AUTHENTICITY_FAILURES)[number];
export type Authenticity = 'verified' | AuthenticityFailure;

/**
 * Thrown inside the verification steps and turned into the read's `authenticity`; never escapes
 * a read. Messages name certificates and algorithms, never data read about the person.
 */
export class TrustError extends CodedError<AuthenticityFailure> {
  override readonly name = 'TrustError';
}

export function isTrustError(err: unknown): err is TrustError {
  return err instanceof TrustError;
}
