import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { credentialSealer, readCredentialKey } from '../../offline-cache/credential-sealer';
import { KEY_FILE_NAME, type KeyProvider, sealedKeyFileProvider, type StringSealer } from '../../offline-cache/key-provider';
import { CodedError, errorCode } from '../../shared/coded-error';

/**
 * Where the payload key is sealed. On Linux, Electron's safeStorage means the desktop keyring
 * (libsecret or KWallet); without one Chromium falls back to `basic_text`, a password compiled
 * into every copy of Chromium, and a sealed key is then as good as a plain one (issue 16,
 * finding 5). A packaged kiosk runs under systemd with no keyring session, so the deb provisions
 * the other store: a random key only root can read, which the unit hands to the kiosk as the
 * systemd credential `payload-key` (LoadCredential=, in $CREDENTIALS_DIRECTORY). Neither a real
 * keyring nor a valid credential: the kiosk refuses to start rather than pretend.
 */
const STRONG_LINUX_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

/** The credential's name in the unit's LoadCredential= (packaging/systemd/moi-kiosk.service). */
export const PAYLOAD_KEY_CREDENTIAL = 'payload-key';

type KeystoreErrorCode = 'keystore-insecure' | 'key-credential-invalid';

class KeystoreError extends CodedError<KeystoreErrorCode> {
  override readonly name = 'KeystoreError';
}

interface SafeStorageLike extends StringSealer {
  /** Electron, Linux only: which store seals safeStorage strings. */
  getSelectedStorageBackend?: () => string;
}

interface PayloadKeyStore {
  store: 'systemd-credential' | 'safe-storage';
  keys: KeyProvider;
}

function assertStrongKeystore(storage: Pick<SafeStorageLike, 'getSelectedStorageBackend'>, platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'linux') return; // DPAPI on Windows, the Keychain on macOS
  const backend = storage.getSelectedStorageBackend?.() ?? 'unknown';
  if (!STRONG_LINUX_BACKENDS.has(backend)) {
    throw new KeystoreError(
      'keystore-insecure',
      `safeStorage would seal the payload key with "${backend}", not an OS keystore, and there is no systemd credential ${PAYLOAD_KEY_CREDENTIAL} ($CREDENTIALS_DIRECTORY): run the kiosk from the deb's unit (its postinst provisions the key) or in a session with gnome-keyring (libsecret) or KWallet`,
    );
  }
}

/**
 * The credential when the service manager passed one, else safeStorage on a real keystore. The
 * credential wins because the installation chose it; a bad one stops the kiosk (never a silent
 * fall back to another key, which would leave the queue's payloads undecryptable). The key is
 * unsealed here, once, so a wrong credential is a refused start, not a failed payment later.
 */
export function payloadKeyStore(opts: { dataDir: string; safeStorage: SafeStorageLike; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform }): PayloadKeyStore {
  const credentials = (opts.env ?? process.env).CREDENTIALS_DIRECTORY;
  const path = credentials ? join(credentials, PAYLOAD_KEY_CREDENTIAL) : undefined;
  // A unit that passes other credentials but not this one falls to safeStorage's check.
  if (path && lstatSync(path, { throwIfNoEntry: false })) {
    try {
      const keys = sealedKeyFileProvider(join(opts.dataDir, `${KEY_FILE_NAME}.credential-sealed`), credentialSealer(readCredentialKey(path)), `the systemd credential ${PAYLOAD_KEY_CREDENTIAL}`);
      keys.payloadKey();
      return { store: 'systemd-credential', keys };
    } catch (err) {
      throw new KeystoreError('key-credential-invalid', `the payload key credential is refused (${errorCode(err) ?? 'error'}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
  assertStrongKeystore(opts.safeStorage, opts.platform);
  return { store: 'safe-storage', keys: sealedKeyFileProvider(join(opts.dataDir, `${KEY_FILE_NAME}.sealed`), opts.safeStorage) };
}
