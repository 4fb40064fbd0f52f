import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { credentialSealer, readCredentialKey } from '../../../offline-cache/credential-sealer';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const root = process.getuid?.() === 0;

/** A real file with a real mode, as systemd (or a careless technician) would leave it. */
function credential(mode: number, bytes: Buffer = randomBytes(32)): string {
  const path = tmp.path('payload-key');
  writeFileSync(path, bytes);
  chmodSync(path, mode);
  return path;
}

describe('readCredentialKey (the systemd credential on disk)', () => {
  it.each([0o400, 0o440])('takes a 32-byte key of mode %o, as systemd leaves credentials', (mode) => {
    const bytes = randomBytes(32);
    expect(readCredentialKey(credential(mode, bytes))).toEqual(bytes);
  });

  it.each([0o644, 0o604, 0o404, 0o401, 0o460])('refuses mode %o: others may read it, or its group may write it', (mode) => {
    expect(() => readCredentialKey(credential(mode))).toThrow(expect.objectContaining({ code: 'key-file-insecure', message: expect.stringContaining(mode.toString(8)) }));
  });

  it.each([0, 16, 31, 33, 44])('refuses a key of %i bytes (a text or truncated key)', (size) => {
    expect(() => readCredentialKey(credential(0o400, randomBytes(size)))).toThrow(expect.objectContaining({ code: 'key-unavailable', message: expect.stringContaining(`${size} bytes`) }));
  });

  it('refuses a symlink, a directory and a missing file', () => {
    const target = credential(0o400);
    const link = tmp.path('link');
    symlinkSync(target, link);
    expect(() => readCredentialKey(link)).toThrow(expect.objectContaining({ code: 'key-unavailable', message: expect.stringContaining('ELOOP') }));
    const dir = tmp.path('dir');
    mkdirSync(dir, { mode: 0o500 });
    expect(() => readCredentialKey(dir)).toThrow(expect.objectContaining({ code: 'key-file-insecure', message: expect.stringContaining('not a regular file') }));
    expect(() => readCredentialKey(tmp.path('none'))).toThrow(expect.objectContaining({ code: 'key-unavailable', message: expect.stringContaining('ENOENT') }));
  });

  it.skipIf(!root)('refuses a key owned by another account than root or the kiosk', () => {
    const path = credential(0o400);
    chownSync(path, 65534, 65534);
    expect(() => readCredentialKey(path)).toThrow(expect.objectContaining({ code: 'key-file-insecure', message: expect.stringContaining('uid 65534') }));
  });
});

describe('credentialSealer (AES-256-GCM where safeStorage would seal)', () => {
  it('seals with a fresh IV, hides the plaintext and unseals only under the same key', () => {
    const key = randomBytes(32);
    const sealer = credentialSealer(key);
    const a = sealer.encryptString('the payload key in base64');
    expect(a.equals(sealer.encryptString('the payload key in base64'))).toBe(false);
    expect(a.includes(Buffer.from('payload key'))).toBe(false);
    expect(sealer.decryptString(a)).toBe('the payload key in base64');
    expect(() => credentialSealer(randomBytes(32)).decryptString(a)).toThrow();
    const altered = Buffer.from(a);
    altered[altered.length - 1]! ^= 1;
    expect(() => sealer.decryptString(altered)).toThrow();
    expect(() => sealer.decryptString(a.subarray(0, 20))).toThrow(/truncated/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => credentialSealer(randomBytes(16))).toThrow(expect.objectContaining({ code: 'key-unavailable' }));
  });
});
