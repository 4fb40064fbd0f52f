import { errorCode } from '../shared/coded-error';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { OutboxError } from './errors';
import { type StringSealer } from './key-provider';

/**
 * The payload key's sealer when no desktop keyring exists (an unattended kiosk under systemd):
 * a 32-byte key provisioned by root at installation and handed to the service by systemd
 * (`LoadCredential=`, so the kiosk account never reads the root-owned source), used with
 * AES-256-GCM exactly where safeStorage would seal. docs/ARCHITECTURE.md says why this store.
 */
const CREDENTIAL_KEY_BYTES = 32;
// Binds a sealed blob to its purpose: the same credential sealing something else cannot be swapped in.
const AAD = Buffer.from('moi-kiosk payload key/v1', 'utf8');
const VERSION = 0x01;
const HEADER = 1 + 12 + 16;

/**
 * Reads a credential key file, refusing one that does not look provisioned by root: not a regular
 * file (a symlink could point anywhere), owned by another account than root or this process,
 * writable by its group or anything for others (systemd makes credentials 0400, or 0440 where an
 * ACL grants the service user), or not exactly 32 bytes (a truncated or text key).
 */
export function readCredentialKey(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    throw new OutboxError('key-unavailable', `cannot open the payload key credential ${path}: ${errorCode(err) ?? 'error'}`, { cause: err });
  }
  try {
    // The checks read the descriptor that is then read, so the file cannot change between them.
    const st = fstatSync(fd);
    const mode = (st.mode & 0o777).toString(8).padStart(3, '0');
    if (!st.isFile()) throw new OutboxError('key-file-insecure', `the payload key credential ${path} is not a regular file`);
    if (st.uid !== 0 && st.uid !== process.getuid?.()) throw new OutboxError('key-file-insecure', `the payload key credential ${path} belongs to uid ${st.uid}, neither root nor this kiosk`);
    if ((st.mode & 0o027) !== 0) throw new OutboxError('key-file-insecure', `the payload key credential ${path} has mode ${mode}: others may not touch it nor its group write it (0400 or 0440)`);
    if (st.size !== CREDENTIAL_KEY_BYTES) throw new OutboxError('key-unavailable', `the payload key credential ${path} holds ${st.size} bytes, expected ${CREDENTIAL_KEY_BYTES}`);
    const key = Buffer.alloc(CREDENTIAL_KEY_BYTES);
    if (readSync(fd, key, 0, key.length, 0) !== key.length) throw new OutboxError('key-unavailable', `the payload key credential ${path} could not be read whole`);
    return key;
  } finally {
    closeSync(fd);
  }
}

/** safeStorage's shape over AES-256-GCM under `key`: 0x01 | IV (12) | tag (16) | ciphertext. */
export function credentialSealer(key: Buffer): StringSealer {
  if (key.length !== CREDENTIAL_KEY_BYTES) throw new OutboxError('key-unavailable', `a credential key must be ${CREDENTIAL_KEY_BYTES} bytes, got ${key.length}`);
  return {
    isEncryptionAvailable: () => true,
    encryptString(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(AAD);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.of(VERSION), iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed) {
      if (sealed.length < HEADER || sealed[0] !== VERSION) throw new Error('the sealed payload key is truncated or of an unknown version');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13)).setAAD(AAD);
      decipher.setAuthTag(sealed.subarray(13, HEADER));
      // A wrong credential fails here (the tag), which the key provider reports as key-unavailable.
      return Buffer.concat([decipher.update(sealed.subarray(HEADER)), decipher.final()]).toString('utf8');
    },
  };
}
