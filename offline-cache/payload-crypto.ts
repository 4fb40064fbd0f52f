import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { OutboxError } from './errors';
import { type KeyProvider } from './key-provider';
import { type PayloadCodec, plainCodec } from './payload-codec';

/**
 * AES-256-GCM for payloads at rest (they hold QIDs and payment details). Stored layout:
 *
 *   0x01 | key id (8) | IV (12) | tag (16) | ciphertext
 *
 * The IV is random per payload (a 96-bit random IV is safe for far more messages than a kiosk
 * will ever write under one key). The entry id is the additional authenticated data, so a
 * ciphertext moved to another row fails to decode. The key id (first 8 bytes of SHA-256 of the
 * key) tells "encrypted under another key" apart from "corrupted".
 */
export const AES_GCM_FORMAT = 'aes-256-gcm/v1';
const VERSION = 0x01;
const HEADER = 1 + 8 + 12 + 16;

function keyId(key: Buffer): Buffer {
  return createHash('sha256').update(key).digest().subarray(0, 8);
}

export function aesGcmCodec(keys: KeyProvider): PayloadCodec {
  let cached: { key: Buffer; id: Buffer } | undefined;
  // The key is fetched once, when first needed, not per row: a keystore call can be slow.
  const current = () => {
    if (!cached) {
      const key = keys.payloadKey();
      if (key.length !== 32) throw new OutboxError('key-unavailable', `the payload key must be 32 bytes, the key provider gave ${key.length}`);
      cached = { key, id: keyId(key) };
    }
    return cached;
  };
  return {
    format: AES_GCM_FORMAT,
    encode(plain, context) {
      const { key, id } = current();
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), id, iv, cipher.getAuthTag(), body]);
    },
    decode(stored, format, context) {
      // Rows written before encryption was switched on stay readable.
      if (format === plainCodec.format) return plainCodec.decode(stored, format, context);
      if (format !== AES_GCM_FORMAT) throw new OutboxError('codec-unavailable', `payload format "${format}" needs a codec this kiosk does not have`);
      if (stored.length < HEADER || stored[0] !== VERSION) throw new OutboxError('corrupt-payload', 'encrypted payload is truncated or of an unknown version');
      const { key, id } = current();
      if (!stored.subarray(1, 9).equals(id)) {
        throw new OutboxError('wrong-key', "payload was encrypted under another key than this kiosk's (key file replaced?)");
      }
      const decipher = createDecipheriv('aes-256-gcm', key, stored.subarray(9, 21));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(stored.subarray(21, HEADER));
      try {
        return Buffer.concat([decipher.update(stored.subarray(HEADER)), decipher.final()]);
      } catch (err) {
        throw new OutboxError('corrupt-payload', 'encrypted payload failed its integrity check (altered, or moved from another row)', { cause: err });
      }
    },
  };
}
