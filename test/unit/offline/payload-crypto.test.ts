import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AES_GCM_FORMAT, aesGcmCodec, fileKeyProvider, type KeyProvider, openKioskDb, Outbox, sealedKeyFileProvider, type StringSealer } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const fixedKey = (byte: number): KeyProvider => ({ payloadKey: () => Buffer.alloc(32, byte) });
const plain = Buffer.from('{"applicant":{"idNumber":"28463400123"}}');

describe('AES-256-GCM payload codec', () => {
  it('round-trips, with a fresh IV per payload and no plaintext in the stored bytes', () => {
    const codec = aesGcmCodec(fixedKey(7));
    const a = codec.encode(plain, 'row-1');
    const b = codec.encode(plain, 'row-1');
    expect(a.equals(b)).toBe(false);
    expect(a.includes(Buffer.from('28463400123'))).toBe(false);
    expect(a.length).toBe(1 + 8 + 12 + 16 + plain.length);
    expect(codec.decode(a, AES_GCM_FORMAT, 'row-1')).toEqual(plain);
  });

  it('refuses a payload moved to another row, altered, or truncated', () => {
    const codec = aesGcmCodec(fixedKey(7));
    const stored = codec.encode(plain, 'row-1');
    expect(() => codec.decode(stored, AES_GCM_FORMAT, 'row-2')).toThrow(expect.objectContaining({ code: 'corrupt-payload' }));
    const altered = Buffer.from(stored);
    altered[altered.length - 1]! ^= 1;
    expect(() => codec.decode(altered, AES_GCM_FORMAT, 'row-1')).toThrow(expect.objectContaining({ code: 'corrupt-payload' }));
    expect(() => codec.decode(stored.subarray(0, 20), AES_GCM_FORMAT, 'row-1')).toThrow(expect.objectContaining({ code: 'corrupt-payload' }));
  });

  it('tells a payload under another key apart from a corrupted one', () => {
    const stored = aesGcmCodec(fixedKey(7)).encode(plain, 'row-1');
    expect(() => aesGcmCodec(fixedKey(8)).decode(stored, AES_GCM_FORMAT, 'row-1')).toThrow(expect.objectContaining({ code: 'wrong-key' }));
  });

  it('still reads rows written before encryption (plain json) and refuses unknown formats', () => {
    const codec = aesGcmCodec(fixedKey(7));
    expect(codec.decode(plain, 'json', 'row-1')).toEqual(plain);
    expect(() => codec.decode(plain, 'rot13', 'row-1')).toThrow(expect.objectContaining({ code: 'codec-unavailable' }));
  });

  it('refuses a key that is not 32 bytes', () => {
    const codec = aesGcmCodec({ payloadKey: () => Buffer.alloc(16) });
    expect(() => codec.encode(plain, 'x')).toThrow(expect.objectContaining({ code: 'key-unavailable' }));
  });

  it('keeps the outbox file free of the personal data it stores', () => {
    const file = tmp.path();
    const db = openKioskDb(file);
    const outbox = new Outbox(db, { codec: aesGcmCodec(fileKeyProvider(tmp.path('payload.key'))) });
    const entry = outbox.enqueue({ serviceId: 's', personKey: 'pk', payload: { idNumber: '28463400123', name: 'Ahmed' } });
    expect(outbox.get(entry.id)!.payload).toEqual({ idNumber: '28463400123', name: 'Ahmed' });
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from('28463400123'))).toBe(false);
    expect(bytes.includes(Buffer.from('Ahmed'))).toBe(false);
  });
});

describe('fileKeyProvider', () => {
  it('creates a 32-byte 0600 key once and returns the same key afterwards', () => {
    const path = tmp.path('keys/payload.key');
    const first = fileKeyProvider(path).payloadKey();
    expect(first).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(fileKeyProvider(path).payloadKey()).toEqual(first);
  });

  it('refuses a key file other users can read', () => {
    const path = tmp.path('payload.key');
    fileKeyProvider(path).payloadKey();
    chmodSync(path, 0o644);
    expect(() => fileKeyProvider(path).payloadKey()).toThrow(expect.objectContaining({ code: 'key-file-insecure' }));
  });

  it('refuses a key file of the wrong length', () => {
    const path = tmp.path('payload.key');
    writeFileSync(path, Buffer.alloc(5), { mode: 0o600 });
    expect(() => fileKeyProvider(path).payloadKey()).toThrow(expect.objectContaining({ code: 'key-unavailable' }));
  });
});

/** Shaped like Electron's safeStorage; "sealing" is a reversible transform tied to this object. */
function fakeSafeStorage(available = true): StringSealer & { sealed: number } {
  const mask = 0x3c;
  return {
    sealed: 0,
    isEncryptionAvailable: () => available,
    encryptString(s) {
      this.sealed += 1;
      return Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ mask));
    },
    decryptString(b) {
      if (b[0] === undefined) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(b.map((x) => x ^ mask)).toString('utf8');
    },
  };
}

describe('sealedKeyFileProvider (Electron safeStorage)', () => {
  it('stores only the sealed key, 0600, and unseals the same key each time', () => {
    const path = tmp.path('payload.sealed');
    const sealer = fakeSafeStorage();
    const key = sealedKeyFileProvider(path, sealer).payloadKey();
    expect(key).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path).toString('utf8')).not.toContain(key.toString('base64'));
    expect(sealedKeyFileProvider(path, sealer).payloadKey()).toEqual(key);
    expect(sealer.sealed).toBe(1);
  });

  it('fails with key-unavailable when the keystore is missing or cannot unseal', () => {
    expect(() => sealedKeyFileProvider(tmp.path('a.sealed'), fakeSafeStorage(false)).payloadKey()).toThrow(expect.objectContaining({ code: 'key-unavailable' }));
    const path = tmp.path('b.sealed');
    writeFileSync(path, Buffer.alloc(0), { mode: 0o600 });
    expect(() => sealedKeyFileProvider(path, fakeSafeStorage()).payloadKey()).toThrow(expect.objectContaining({ code: 'key-unavailable' }));
  });
});
