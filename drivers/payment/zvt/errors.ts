import { CodedError } from '../../../shared/coded-error';

/**
 * Every failure in the ZVT layer is a ZvtError whose `code` a caller can branch on. Messages
 * describe the protocol problem only: amounts and masked PANs are fine, card holder data never
 * reaches this layer's messages.
 */
export type ZvtErrorCode =
  // framing (serial transport layer)
  | 'bad-crc'
  | 'stray-dle'
  | 'oversize'
  | 'garbage'
  // codecs (APDU, BMP, TLV, BCD)
  | 'bad-apdu'
  | 'bad-bmp'
  | 'bad-bcd'
  | 'bad-tlv'
  | 'unknown-bmp'
  // protocol / device
  | 'invalid-amount'
  | 'invalid-argument'
  | 'no-ack'
  | 'timeout'
  | 'rejected'
  | 'disconnected'
  | 'busy'
  | 'closed'
  | 'unexpected-message';

export class ZvtError extends CodedError<ZvtErrorCode> {
  override readonly name: string = 'ZvtError';
  constructor(
    code: ZvtErrorCode,
    message: string,
    /** ZVT result code when the terminal gave one (84 xx, 06 1E xx). */
    readonly resultCode?: number,
  ) {
    super(code, message);
  }
}

/** A malformed serial frame: the receiver answers NAK (bad-crc, stray-dle) or drops bytes. */
export class ZvtFrameError extends ZvtError {
  override readonly name = 'ZvtFrameError';
  constructor(code: 'bad-crc' | 'stray-dle' | 'oversize' | 'garbage', message: string) {
    super(code, message);
  }
}

/** Bytes that do not decode as an APDU, BMP, TLV or BCD value. */
export class ZvtCodecError extends ZvtError {
  override readonly name = 'ZvtCodecError';
  constructor(code: 'bad-apdu' | 'bad-bmp' | 'bad-bcd' | 'bad-tlv' | 'unknown-bmp', message: string) {
    super(code, message);
  }
}

export function hex(bytes: Uint8Array, max = 32): string {
  const shown = Array.from(bytes.subarray(0, max), (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
  return bytes.length > max ? `${shown} …(${bytes.length} bytes)` : shown;
}
