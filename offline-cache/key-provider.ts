import { errorCode } from '../shared/coded-error';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { OutboxError } from './errors';

/**
 * Where the kiosk's payload key comes from. offline-cache stays shell-agnostic: the browser host
 * uses a 0600 key file (fileKeyProvider); Electron seals the key with the OS keystore through
 * safeStorage (sealedKeyFileProvider, given Electron's `safeStorage` object). See README.md.
 */
export interface KeyProvider {
  /** The kiosk's 32-byte AES-256 key; created on first use, the same on every later call. */
  payloadKey(): Buffer;
}

/** The key file's name in the kiosk's data directory (browser host); Electron's sealed one is KEY_FILE_NAME + '.sealed'. */
export const KEY_FILE_NAME = 'payload.key';

/** The part of Electron's `safeStorage` the sealed provider needs (pass `safeStorage` itself). */
export interface StringSealer {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/**
 * Creates `path` holding `bytes` only if it does not exist yet ('wx'), 0600 from the first
 * byte, synced before returning. Two processes racing both end with the winner's key.
 */
function createOnce(path: string, bytes: Buffer): boolean {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return false;
    throw new OutboxError('key-unavailable', `cannot create the payload key file: ${errorCode(err) ?? 'error'}`, { cause: err });
  }
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
    if ((fstatSync(fd).mode & 0o077) !== 0) throw new OutboxError('key-file-insecure', 'the new key file is readable by others');
  } finally {
    closeSync(fd);
  }
  return true;
}

function readKeyFile(path: string): Buffer {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (err) {
    throw new OutboxError('key-unavailable', `cannot read the payload key file: ${errorCode(err) ?? 'error'}`, { cause: err });
  }
  // A key others can read protects nothing: refuse rather than use it (a technician fixes the mode).
  if ((mode & 0o077) !== 0) {
    throw new OutboxError('key-file-insecure', `the payload key file is accessible to other users (mode ${(mode & 0o777).toString(8)}); it must be 600`);
  }
  return readFileSync(path);
}

/** The browser host's key: 32 random bytes in a 0600 file in the kiosk's data directory. */
export function fileKeyProvider(path: string): KeyProvider {
  return {
    payloadKey() {
      if (!existsSync(path)) createOnce(path, randomBytes(32));
      const key = readKeyFile(path);
      if (key.length !== 32) throw new OutboxError('key-unavailable', `the payload key file holds ${key.length} bytes, expected 32`);
      return key;
    },
  };
}

/**
 * Electron's key: 32 random bytes, sealed by the OS keystore (safeStorage: libsecret/kwallet on
 * Linux, DPAPI on Windows, Keychain on macOS) and kept in a 0600 file. A copy of the file is
 * useless without the kiosk's OS account keystore. `store` names the sealer in errors (the
 * systemd credential's sealer, offline-cache/credential-sealer.ts, is the other one).
 */
export function sealedKeyFileProvider(path: string, sealer: StringSealer, store = 'the OS keystore'): KeyProvider {
  return {
    payloadKey() {
      if (!sealer.isEncryptionAvailable()) throw new OutboxError('key-unavailable', `${store} is not available to seal the payload key`);
      // Sealed only when the file is missing: a keystore call may prompt or be slow.
      if (!existsSync(path)) createOnce(path, sealer.encryptString(randomBytes(32).toString('base64')));
      let key: Buffer;
      try {
        key = Buffer.from(sealer.decryptString(readKeyFile(path)), 'base64');
      } catch (err) {
        if (err instanceof OutboxError) throw err;
        throw new OutboxError('key-unavailable', `${store} could not unseal the payload key`, { cause: err });
      }
      if (key.length !== 32) throw new OutboxError('key-unavailable', `the unsealed payload key has ${key.length} bytes, expected 32`);
      return key;
    },
  };
}
