import { errorCode } from '../../shared/coded-error';
/**
 * Electron entry (production shell). Order matters: privileged scheme and sandbox before
 * 'ready'; session lock-down, protocol and window after. The kiosk core is the same one the
 * browser host runs; this file only adapts it to Electron.
 */
import { join } from 'node:path';
import { Menu, app, powerSaveBlocker, safeStorage, session } from 'electron';
import { KEY_FILE_NAME, sealedKeyFileProvider } from '../../offline-cache/key-provider';
import { kioskOptionsFrom, startKiosk, type RunningKiosk } from '../app/compose';
import { loadSettings } from '../config';
import { createLogger } from '../core/log';
import { connectWindow } from './ipc';
import { registerAppScheme, serveRenderer } from './protocol';
import { installGlobalGuards, lockDownSession } from './security';
import { createKioskWindow } from './window';

const log = createLogger('electron');

export function main(): void {
  if (!app.requestSingleInstanceLock()) {
    log.warn('second-instance-refused');
    app.quit();
    return;
  }
  app.enableSandbox();
  registerAppScheme();
  installGlobalGuards(log);
  Menu.setApplicationMenu(null);

  let kiosk: RunningKiosk | undefined;
  app.on('second-instance', () => log.info('second-instance-focused'));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void kiosk?.close());

  void app.whenReady().then(async () => {
    lockDownSession(session.defaultSession, log);
    serveRenderer(join(__dirname, '..', 'renderer'));
    powerSaveBlocker.start('prevent-display-sleep');
    // Environment over shipped files over built-in defaults (main/config). Simulation is off unless
    // asked for (KIOSK_SIMULATE=1, which `npm start` sets); a production build has no simulators.
    const settings = loadSettings();
    if (settings.simulate) log.warn('simulated-devices', { reason: 'KIOSK_SIMULATE is on: no real card, terminal or printer is used' });
    // The payload key is sealed by the OS keystore; without a keystore the kiosk refuses to queue
    // personal data rather than fall back to a plain key file.
    const keyProvider = sealedKeyFileProvider(join(settings.dataDir, `${KEY_FILE_NAME}.sealed`), safeStorage);
    // A packaged kiosk leaves the state check to the renderer, which reports what it refuses.
    kiosk = await startKiosk({ ...kioskOptionsFrom(settings), log, keyProvider, checkStates: !app.isPackaged });
    const window = await createKioskWindow();
    connectWindow(kiosk.core, window, log);
  }).catch((err: Error & { key?: string }) => {
    // A kiosk that cannot start (a bad setting, a missing gateway URL) says why and exits,
    // rather than sitting there without a window.
    log.error('kiosk-start-failed', { code: errorCode(err) ?? 'error', key: err.key, error: err.message });
    app.exit(1);
  });
}

main();
