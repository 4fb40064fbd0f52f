import { OutboxError } from './errors';

/**
 * How a payload is stored at rest. Each row records its format, so rows written before a codec
 * change stay readable by a codec that knows both formats (see payload-crypto.ts: the encrypting
 * codec still reads old plain 'json' rows).
 */
export interface PayloadCodec {
  /** The format written by encode(); stored next to each payload. */
  readonly format: string;
  /**
   * `context` binds the stored bytes to their row (the entry id): a payload copied into another
   * row does not decode there.
   */
  encode(plain: Buffer, context: string): Buffer;
  decode(stored: Buffer, format: string, context: string): Buffer;
}

export const plainCodec: PayloadCodec = {
  format: 'json',
  encode: (plain) => plain,
  decode(stored, format) {
    if (format !== 'json') throw new OutboxError('codec-unavailable', `payload format "${format}" needs a codec (key) this process was not given`);
    return stored;
  },
};
