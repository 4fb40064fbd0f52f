import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCredentialKey } from '../../../offline-cache/credential-sealer';
import { PAYLOAD_KEY_CREDENTIAL, payloadKeyStore } from '../../../main/electron/keystore';
import { makeElectronMock } from './electron-mock';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const SCRIPT = 'packaging/systemd/provision-payload-key.sh';
const root = process.getuid?.() === 0;

function safeStorage(backend: string) {
  const s = makeElectronMock().safeStorage;
  s.getSelectedStorageBackend.mockReturnValue(backend);
  return s;
}

function credentialsDir(mode = 0o400, bytes: Buffer = randomBytes(32)): string {
  const dir = tmp.dir();
  writeFileSync(join(dir, PAYLOAD_KEY_CREDENTIAL), bytes);
  chmodSync(join(dir, PAYLOAD_KEY_CREDENTIAL), mode);
  return dir;
}

describe('payloadKeyStore: the systemd credential or a real keystore, else no start', () => {
  it('seals the payload key with the credential when safeStorage has only basic_text', () => {
    const dataDir = tmp.dir();
    const env = { CREDENTIALS_DIRECTORY: credentialsDir() };
    const storage = safeStorage('basic_text');
    const first = payloadKeyStore({ dataDir, safeStorage: storage, env, platform: 'linux' });
    expect(first.store).toBe('systemd-credential');
    const key = first.keys.payloadKey();
    expect(key).toHaveLength(32);
    // Only the sealed key is in the data folder, 0600; the next start unseals the same key.
    const sealed = readFileSync(join(dataDir, 'payload.key.credential-sealed'));
    expect(sealed.includes(key)).toBe(false);
    expect(sealed.includes(Buffer.from(key.toString('base64')))).toBe(false);
    expect(statSync(join(dataDir, 'payload.key.credential-sealed')).mode & 0o777).toBe(0o600);
    expect(payloadKeyStore({ dataDir, safeStorage: storage, env, platform: 'linux' }).keys.payloadKey()).toEqual(key);
    expect(storage.encryptString).not.toHaveBeenCalled();
  });

  it('refuses to start under another credential than the one that sealed the key (the queue stays readable later)', () => {
    const dataDir = tmp.dir();
    payloadKeyStore({ dataDir, safeStorage: safeStorage('basic_text'), env: { CREDENTIALS_DIRECTORY: credentialsDir() }, platform: 'linux' });
    const before = readFileSync(join(dataDir, 'payload.key.credential-sealed'));
    expect(() => payloadKeyStore({ dataDir, safeStorage: safeStorage('gnome_libsecret'), env: { CREDENTIALS_DIRECTORY: credentialsDir() }, platform: 'linux' })).toThrow(
      expect.objectContaining({ code: 'key-credential-invalid', message: expect.stringContaining('could not unseal') }),
    );
    expect(readFileSync(join(dataDir, 'payload.key.credential-sealed'))).toEqual(before);
  });

  it.each([
    ['world-readable', 0o444, 32, 'key-file-insecure'],
    ['group-writable', 0o460, 32, 'key-file-insecure'],
    ['short', 0o400, 31, 'key-unavailable'],
  ])('refuses a %s credential, even beside a real keystore', (_what, mode, size, cause) => {
    const env = { CREDENTIALS_DIRECTORY: credentialsDir(mode, randomBytes(size)) };
    expect(() => payloadKeyStore({ dataDir: tmp.dir(), safeStorage: safeStorage('gnome_libsecret'), env, platform: 'linux' })).toThrow(
      expect.objectContaining({ code: 'key-credential-invalid', message: expect.stringContaining(`(${cause})`) }),
    );
  });

  it('without the credential: safeStorage on a real keystore, and basic_text or unknown refused naming both stores', () => {
    const env = { CREDENTIALS_DIRECTORY: tmp.dir() }; // a unit passing other credentials only
    expect(payloadKeyStore({ dataDir: tmp.dir(), safeStorage: safeStorage('kwallet6'), env, platform: 'linux' }).store).toBe('safe-storage');
    for (const backend of ['basic_text', 'unknown']) {
      expect(() => payloadKeyStore({ dataDir: tmp.dir(), safeStorage: safeStorage(backend), env: {}, platform: 'linux' })).toThrow(
        expect.objectContaining({ code: 'keystore-insecure', message: expect.stringContaining(`"${backend}"`) }),
      );
    }
  });
});

describe.skipIf(!root)('the deb provisions the credential the unit passes', () => {
  const run = (dir: string) => spawnSync('sh', [SCRIPT], { env: { ...process.env, KIOSK_CREDENTIALS_DIR: dir }, encoding: 'utf8' });

  it('creates 32 random bytes only root can read, in a root-only folder, and keeps them on a reinstall', () => {
    const dir = join(tmp.dir(), 'credentials');
    expect(run(dir).status).toBe(0);
    const key = join(dir, PAYLOAD_KEY_CREDENTIAL);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect({ mode: statSync(key).mode & 0o777, uid: statSync(key).uid }).toEqual({ mode: 0o400, uid: 0 });
    const bytes = readCredentialKey(key); // what the kiosk accepts
    chmodSync(key, 0o644); // a technician's slip: the reinstall tightens it, same key
    expect(run(dir).status).toBe(0);
    expect(statSync(key).mode & 0o777).toBe(0o400);
    expect(readFileSync(key)).toEqual(bytes);
    expect(readdirSync(dir)).toEqual([PAYLOAD_KEY_CREDENTIAL]);
  });

  it('stops the install on a key of the wrong size and leaves it as it was', () => {
    const dir = tmp.dir();
    writeFileSync(join(dir, PAYLOAD_KEY_CREDENTIAL), 'not a key\n', { mode: 0o600 });
    const result = run(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('holds 10 bytes, expected 32');
    expect(readFileSync(join(dir, PAYLOAD_KEY_CREDENTIAL), 'utf8')).toBe('not a key\n');
  });

  it('is the file the unit loads, under the name the kiosk reads, run by the postinst', () => {
    const unit = readFileSync('packaging/systemd/moi-kiosk.service', 'utf8');
    expect(/^LoadCredential=(.*)$/m.exec(unit)?.[1]).toBe(`${PAYLOAD_KEY_CREDENTIAL}:/etc/moi-kiosk/credentials/${PAYLOAD_KEY_CREDENTIAL}`);
    expect(readFileSync(SCRIPT, 'utf8')).toContain('${KIOSK_CREDENTIALS_DIR:-/etc/moi-kiosk/credentials}');
    expect(readFileSync('packaging/deb-after-install.sh', 'utf8')).toContain('resources/systemd/provision-payload-key.sh');
    execFileSync('sh', ['-n', SCRIPT]);
  });
});
