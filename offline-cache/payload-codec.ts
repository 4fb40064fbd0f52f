import { OutboxError } from './errors';

/**
 * How a payload is stored at rest. Today it is plain JSON; encryption at rest (issue #6) plugs in
 * here as another codec (e.g. format 'aes-256-gcm/v1' with a key from the OS keystore) without
 * touching the outbox. Each row records its format, so rows written before a codec change stay
 * readable by a codec that knows both formats.
 */
export interface PayloadCodec {
  /** The format written by encode(); stored next to each payload. */
  readonly format: string;
  encode(plain: Buffer): Buffer;
  decode(stored: Buffer, format: string): Buffer;
}

export const plainCodec: PayloadCodec = {
  format: 'json',
  encode: (plain) => plain,
  decode(stored, format) {
    if (format !== 'json') throw new OutboxError('corrupt-payload', `payload format "${format}" needs a codec this kiosk does not have`);
    return stored;
  },
};
