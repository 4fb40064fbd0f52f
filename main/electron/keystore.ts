import { CodedError } from '../../shared/coded-error';

/**
 * The payload key is sealed by Electron's safeStorage. On Linux that means the desktop keyring
 * (libsecret or KWallet); without one, Chromium falls back to `basic_text`, a password compiled
 * into every copy of Chromium, and a sealed key is then as good as a plain one (issue 16,
 * finding 5). A kiosk refuses to start on it, and on `unknown`, rather than pretend.
 *
 * A stronger Linux key store (a TPM-sealed key, or a root-owned key file readable only by the
 * kiosk's service user) would remove the need for a keyring on an unattended kiosk; until one
 * is built, the deb's unit must run the kiosk inside a session with gnome-keyring or KWallet.
 */
const STRONG_LINUX_BACKENDS = new Set(['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']);

export interface StorageBackendInfo {
  /** Electron, Linux only: which store seals safeStorage strings. */
  getSelectedStorageBackend?: () => string;
}

export function assertStrongKeystore(storage: StorageBackendInfo, platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'linux') return; // DPAPI on Windows, the Keychain on macOS
  const backend = storage.getSelectedStorageBackend?.() ?? 'unknown';
  if (!STRONG_LINUX_BACKENDS.has(backend)) {
    throw new CodedError('keystore-insecure', `safeStorage would seal the payload key with "${backend}", not an OS keystore: start the kiosk in a session with gnome-keyring (libsecret) or KWallet`);
  }
}
