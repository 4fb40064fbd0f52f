import { EventEmitter } from 'node:events';
import { lstatSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepRendererAlive, RECOVERY_PAGE, takeSingleInstanceLock } from '../../../main/electron/recovery';
import { silentLogger } from '../../../main/core/log';
import { FakeWebContents } from './electron-mock';

/** A BrowserWindow as far as recovery uses it: its events, its web contents, loadURL. */
class FakeWindow extends EventEmitter {
  webContents = Object.assign(new FakeWebContents(), { reload: vi.fn(), forcefullyCrashRenderer: vi.fn() });
  loadURL = vi.fn(async (_url: string) => {});
  isDestroyed = () => false;
}

const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('renderer crash and hang', () => {
  it('reloads a renderer that is gone, then shows the static recovery page after repeated failures', () => {
    const w = new FakeWindow();
    const heard: string[] = [];
    keepRendererAlive(w as never, silentLogger, { rule: { maxReloads: 3, windowMs: 60_000, unresponsiveMs: 1000 }, now: () => 0, onFailure: (r, g) => heard.push(`${r}:${g}`) });
    for (let i = 0; i < 3; i++) w.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(w.webContents.reload).toHaveBeenCalledTimes(3);
    expect(w.loadURL).not.toHaveBeenCalled();
    w.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 0 });
    expect(w.loadURL).toHaveBeenCalledWith(RECOVERY_PAGE);
    expect(RECOVERY_PAGE).toBe('app://kiosk/out-of-service.html');
    expect(heard).toEqual(['gone-crashed:reload', 'gone-crashed:reload', 'gone-crashed:reload', 'gone-oom:recovery-page']);
    // On the recovery page it stays: no more reloads.
    w.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(w.webContents.reload).toHaveBeenCalledTimes(3);
  });

  it('failures older than the window do not count', () => {
    const w = new FakeWindow();
    let t = 0;
    keepRendererAlive(w as never, silentLogger, { rule: { maxReloads: 1, windowMs: 1000, unresponsiveMs: 1000 }, now: () => t });
    w.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    t = 5000;
    w.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(w.webContents.reload).toHaveBeenCalledTimes(2);
    expect(w.loadURL).not.toHaveBeenCalled();
  });

  it('an unresponsive renderer gets a grace time; if it stays hung its process is ended and reloaded', () => {
    vi.useFakeTimers();
    const w = new FakeWindow();
    keepRendererAlive(w as never, silentLogger, { rule: { maxReloads: 3, windowMs: 60_000, unresponsiveMs: 5000 } });
    w.emit('unresponsive');
    vi.advanceTimersByTime(4000);
    w.emit('responsive');
    vi.advanceTimersByTime(5000);
    expect(w.webContents.reload).not.toHaveBeenCalled();
    w.emit('unresponsive');
    vi.advanceTimersByTime(5000);
    expect(w.webContents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
    expect(w.webContents.reload).toHaveBeenCalledTimes(1);
  });
});

describe('single-instance lock after kill -9', () => {
  function userData(lockTarget?: string): string {
    const d = mkdtempSync(join(tmpdir(), 'kiosk-userdata-'));
    dirs.push(d);
    if (lockTarget) {
      symlinkSync(lockTarget, join(d, 'SingletonLock'));
      symlinkSync('/tmp/nonexistent-socket', join(d, 'SingletonSocket'));
      writeFileSync(join(d, 'SingletonCookie'), '');
    }
    return d;
  }
  /** Like Chromium: the lock is refused while the SingletonLock link exists. */
  const appWith = (dir: string) => ({ getPath: () => dir, requestSingleInstanceLock: vi.fn(() => !existsLink(join(dir, 'SingletonLock'))) });
  const existsLink = (p: string) => {
    try {
      lstatSync(p);
      return true;
    } catch {
      return false;
    }
  };

  it('clears a lock left by a process that no longer exists and takes it', () => {
    const dir = userData(`${hostname()}-999999`);
    const app = appWith(dir);
    expect(takeSingleInstanceLock(app, silentLogger, () => false)).toBe(true);
    expect(app.requestSingleInstanceLock).toHaveBeenCalledTimes(2);
    for (const f of ['SingletonLock', 'SingletonSocket', 'SingletonCookie']) expect(existsLink(join(dir, f))).toBe(false);
  });

  it('clears a lock naming this very process (its pid was reused after the kill)', () => {
    const dir = userData(`${hostname()}-${process.pid}`);
    expect(takeSingleInstanceLock(appWith(dir), silentLogger, () => true)).toBe(true);
  });

  it('leaves a live kiosk alone, and a lock from another host', () => {
    expect(takeSingleInstanceLock(appWith(userData(`${hostname()}-1`)), silentLogger, () => true)).toBe(false);
    const other = userData('some-other-host-4242');
    expect(takeSingleInstanceLock(appWith(other), silentLogger, () => false)).toBe(false);
    expect(existsLink(join(other, 'SingletonLock'))).toBe(true);
  });
});
