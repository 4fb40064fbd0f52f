import { CodedError } from '../../shared/coded-error';

export type GatewayErrorCode =
  /** No connection (refused, reset, DNS): the kiosk is offline or the gateway is down. */
  | 'unreachable'
  | 'timeout'
  /** The gateway answered 5xx/429: up but not serving right now. */
  | 'unavailable'
  /** The gateway answered, but not as the contract says (bad JSON, wrong shape, unexpected status). */
  | 'bad-response'
  /** The gateway refused the request as malformed (400). */
  | 'invalid-request'
  /** Refused before sending: the input cannot be valid (e.g. not a QID). */
  | 'invalid-input'
  /** The caller abandoned the request (its signal fired); the gateway may or may not have it. */
  | 'cancelled'
  /** The gateway refused it for good (a heartbeat's signature or key). */
  | 'rejected'
  /** Refused before any byte left: the link would not be mutual TLS to the ministry (link.ts). */
  | 'insecure-link';

export class GatewayError extends CodedError<GatewayErrorCode> {
  override readonly name = 'GatewayError';
  constructor(
    code: GatewayErrorCode,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}
