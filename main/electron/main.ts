import { CodedError, errorCode } from '../../shared/coded-error';
/**
 * Electron entry (production shell). Order matters: privileged scheme and sandbox before
 * 'ready'; session lock-down, protocol and window after. The kiosk core is the same one the
 * browser host runs; this file only adapts it to Electron.
 */
import { join } from 'node:path';
import { Menu, app, powerSaveBlocker, safeStorage, session } from 'electron';
import { kioskOptionsFrom, startKiosk, type RunningKiosk } from '../app/compose';
import { LOG_LINES_PER_SECOND, throttleLog } from '../app/log-throttle';
import { RESTART_EXIT_CODE } from '../app/maintenance';
import { privateFilesFromNowOn } from '../app/private-process';
import { OUT_OF_SERVICE_PAGE, startSafeMode, type SafeMode } from '../app/safe-mode';
import { recordStart, type StartDecision } from '../app/start-journal';
import { loadSdNotify, startWatchdog } from '../app/watchdog';
import { loadSettings } from '../config';
import { settingsWithSignedLayer } from '../config/bundle/signed-layer';
import { markPackagedInstallation } from '../config/installation';
import { createLogger } from '../core/log';
import { connectWindow } from './ipc';
import { payloadKeyStore } from './keystore';
import { registerAppScheme, serveRenderer } from './protocol';
import { keepRendererAlive, takeSingleInstanceLock } from './recovery';
import { installGlobalGuards, lockDownSession } from './security';
import { createKioskWindow } from './window';

// No burst of one event may flood the journal (main/app/log-throttle.ts).
const log = throttleLog(createLogger('electron'), { perSecond: LOG_LINES_PER_SECOND });

export function main(): void {
  privateFilesFromNowOn();
  if (!takeSingleInstanceLock(app, log)) {
    log.warn('second-instance-refused');
    app.quit();
    return;
  }
  app.enableSandbox();
  registerAppScheme();
  installGlobalGuards(log);
  Menu.setApplicationMenu(null);

  let kiosk: RunningKiosk | undefined;
  let safe: SafeMode | undefined;
  let run: StartDecision | undefined;
  const watchdog = startWatchdog({ log, notify: loadSdNotify(log) });
  app.on('second-instance', () => log.info('second-instance-focused'));
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    watchdog.stop();
    void Promise.all([kiosk?.close(), safe?.close()]).then(() => run?.markClean());
  });

  void app.whenReady().then(async () => {
    lockDownSession(session.defaultSession, log);
    serveRenderer(join(__dirname, '..', 'renderer'));
    powerSaveBlocker.start('prevent-display-sleep');
    // Environment over the signed bundle in force over shipped files over built-in defaults
    // (main/config). Simulation is off unless asked for (KIOSK_SIMULATE=1, which `npm start` sets);
    // a production build has no simulators. A packaged one takes its devices and gateway from
    // the signed bundle only: an environment that names them is refused.
    const packaged = app.isPackaged;
    const settings = settingsWithSignedLayer(loadSettings().dataDir, (signed) => loadSettings({ signed, packaged }), log);
    // kioskctl on this folder then reads the settings by the packaged kiosk's rules (main/config/installation.ts).
    if (packaged) markPackagedInstallation(settings.dataDir);
    run = recordStart(settings.dataDir, settings.recovery);
    if (run.mode === 'safe') {
      // After a crash loop: the out-of-service page, no device opened, still reporting; ends itself cleanly.
      safe = await startSafeMode({ settings, decision: run, log });
      await createKioskWindow(OUT_OF_SERVICE_PAGE);
      watchdog.ready(`safe mode: out of service after ${run.recentCrashes} crashes`);
      setTimeout(() => app.quit(), settings.recovery.safeModeMs);
      return;
    }
    // Simulation is a developer's flag: a packaged kiosk that ran simulators (and the lab) would
    // take no money and read no card while looking in service.
    if (settings.simulate && app.isPackaged) throw new CodedError('simulation-refused', 'a packaged kiosk never runs simulated devices: KIOSK_SIMULATE is for development builds');
    if (settings.simulate) log.warn('simulated-devices', { reason: 'KIOSK_SIMULATE is on: no real card, terminal or printer is used' });
    // The payload key is sealed by the systemd credential the deb provisions, or by a real OS
    // keystore; with neither the kiosk refuses to queue personal data rather than use a plain key.
    const { store, keys: keyProvider } = payloadKeyStore({ dataDir: settings.dataDir, safeStorage });
    log.info('payload-key-store', { store });
    // A packaged kiosk leaves the state check to the renderer, which reports what it refuses.
    kiosk = await startKiosk({
      ...kioskOptionsFrom(settings),
      log,
      keyProvider,
      checkStates: !app.isPackaged,
      starts: run,
      // The maintenance window's restart: a clean stop, then the exit code systemd starts again.
      onRestart: () => {
        watchdog.stop();
        void Promise.resolve(kiosk?.close()).then(() => {
          run?.markClean();
          app.exit(RESTART_EXIT_CODE);
        });
      },
    });
    const window = await createKioskWindow();
    connectWindow(kiosk.core, window, log);
    const telemetry = kiosk.telemetry;
    keepRendererAlive(window, log, { onFailure: (reason, given) => telemetry.event('renderer-failed', 'error', { reason, mode: given }) });
    watchdog.ready('in service');
  }).catch((err: Error & { key?: string }) => {
    // A kiosk that cannot start (a bad setting, a missing gateway URL) says why and exits,
    // rather than sitting there without a window.
    log.error('kiosk-start-failed', { code: errorCode(err) ?? 'error', key: err.key, error: err.message });
    app.exit(1);
  });
}

main();
