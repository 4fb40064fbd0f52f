import { readlinkSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { App, BrowserWindow } from 'electron';
import { OUT_OF_SERVICE_PAGE } from '../app/safe-mode';
import { APP_ORIGIN } from '../contract/channels';
import type { Logger } from '../core/ports';
import { errorCode } from '../../shared/coded-error';

/**
 * What keeps the Electron shell on screen when its own parts fail.
 *
 * The renderer: a crashed renderer process (`render-process-gone`) or one that stays
 * unresponsive past a grace time is reloaded; after `maxReloads` failures within `windowMs` the
 * window shows the static out-of-service page instead of reloading in a loop. The kiosk's core in
 * main keeps running and reporting either way.
 *
 * The single-instance lock: Chromium keeps it as a `SingletonLock` symlink to "<host>-<pid>" in
 * the user-data folder. After a kill -9 the link stays, and on Linux a restarted kiosk can be
 * refused by its own stale lock (the old pid reused, a container with the same hostname), so
 * the kiosk never starts. A lock whose pid is gone, or is this very process, is removed and
 * taken again; a live other kiosk still wins.
 */
export interface RecoveryRule {
  maxReloads: number;
  windowMs: number;
  /** How long `unresponsive` may last before the renderer is reloaded. */
  unresponsiveMs: number;
}

const DEFAULT_RECOVERY: RecoveryRule = { maxReloads: 3, windowMs: 10 * 60_000, unresponsiveMs: 10_000 };
export const RECOVERY_PAGE = `${APP_ORIGIN}/${OUT_OF_SERVICE_PAGE}`;

type RecoverableWindow = Pick<BrowserWindow, 'on' | 'loadURL' | 'isDestroyed'> & { webContents: Pick<BrowserWindow['webContents'], 'on' | 'reload' | 'forcefullyCrashRenderer'> };

export function keepRendererAlive(window: RecoverableWindow, log: Logger, opts: { rule?: RecoveryRule; now?: () => number; onFailure?: (reason: string, given: 'reload' | 'recovery-page') => void } = {}): void {
  const rule = opts.rule ?? DEFAULT_RECOVERY;
  const now = opts.now ?? Date.now;
  let failures: number[] = [];
  let onPage = false;
  let hung: NodeJS.Timeout | undefined;
  const fail = (reason: string) => {
    if (onPage || window.isDestroyed()) return;
    failures = [...failures.filter((t) => t > now() - rule.windowMs), now()];
    if (failures.length > rule.maxReloads) {
      onPage = true;
      log.error('renderer-recovery-page', { reason, failures: failures.length });
      opts.onFailure?.(reason, 'recovery-page');
      void window.loadURL(RECOVERY_PAGE);
      return;
    }
    log.warn('renderer-reload', { reason, failures: failures.length });
    opts.onFailure?.(reason, 'reload');
    window.webContents.reload();
  };
  window.webContents.on('render-process-gone', (_event, details) => fail(`gone-${details.reason}`));
  window.on('unresponsive', () => {
    clearTimeout(hung);
    hung = setTimeout(() => {
      // A hung renderer cannot be reloaded gently: end its process, and the reload starts a new one.
      window.webContents.forcefullyCrashRenderer();
      fail('unresponsive');
    }, rule.unresponsiveMs);
  });
  window.on('responsive', () => clearTimeout(hung));
}

/** Takes the single-instance lock, clearing a stale one left by a killed kiosk. */
export function takeSingleInstanceLock(app: Pick<App, 'requestSingleInstanceLock' | 'getPath'>, log: Logger, isAlive: (pid: number) => boolean = pidAlive): boolean {
  if (app.requestSingleInstanceLock()) return true;
  const dir = app.getPath('userData');
  const lock = join(dir, 'SingletonLock');
  let target: string;
  try {
    target = readlinkSync(lock);
  } catch {
    return false;
  }
  const m = /^(.*)-(\d+)$/.exec(target);
  if (!m || m[1] !== hostname()) return false;
  const pid = Number(m[2]);
  if (pid !== process.pid && isAlive(pid)) return false;
  log.warn('stale-instance-lock', { pid });
  // rmSync removes the link itself (a dangling one too), never what it points to.
  for (const name of ['SingletonLock', 'SingletonSocket', 'SingletonCookie']) rmSync(join(dir, name), { force: true });
  return app.requestSingleInstanceLock();
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, as another user's process.
    return errorCode(err) === 'EPERM';
  }
}
