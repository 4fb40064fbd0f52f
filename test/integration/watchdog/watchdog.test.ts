import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { supervise, type Supervised } from './supervised';

/**
 * The kiosk under a supervisor speaking sd_notify on a real unix datagram socket (systemd itself
 * cannot run as init on these machines, PID 1 is not systemd): READY=1 when it serves, WATCHDOG=1
 * from a healthy event loop, a hung loop killed (SIGABRT) and restarted, and a crash loop ending
 * in safe mode — the out-of-service page, still reporting — instead of looping until the start
 * limit. What only real systemd could show (its parsing of the unit) is checked by
 * systemd-analyze in test/unit/app/systemd-unit.test.ts.
 */
const running: Supervised[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-watchdog-'));
  dirs.push(d);
  return d;
}

const count = (s: Supervised, event: string) => s.events.filter((e) => e.event === event).length;

describe('watchdog: a kiosk that keeps itself running', () => {
  it('says READY, pings from a healthy loop, and a hung event loop is killed and restarted', async () => {
    const dir = dataDir();
    expect(existsSync('dist/renderer/out-of-service.html')).toBe(true);
    // No maintenance restart: inside the default window (03:00 for two hours) it would be one more exit to count.
    const s = supervise({ watchdogSec: 3, dataDir: dir, env: { ...process.env, KIOSK_METRICS_PORT: '0', KIOSK_MAINTENANCE_RESTART: '0' } });
    running.push(s);
    await s.until((e) => e.some((x) => x.event === 'ready'), 'READY=1');
    expect(s.events.find((e) => e.event === 'status')?.status).toBe('in service');
    await s.until(() => count(s, 'watchdog') >= 3, 'three watchdog pings', 10_000);
    const first = s.events.find((e) => e.event === 'started')!.pid;

    const runtime = JSON.parse(readFileSync(join(dir, 'runtime.json'), 'utf8')) as { labUrl: string; labToken: string };
    const res = await fetch(new URL('action', runtime.labUrl), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${runtime.labToken}` }, body: JSON.stringify({ action: 'freeze', ms: 60_000 }) });
    expect(res.status).toBe(200);
    await s.until((e) => e.some((x) => x.event === 'watchdog-timeout'), 'a watchdog timeout', 15_000);
    await s.until((e) => e.some((x) => x.event === 'exited'), 'the hung kiosk ending', 15_000);
    expect(s.events.find((e) => e.event === 'exited')).toMatchObject({ pid: first, signal: 6 });
    await s.until((e) => e.filter((x) => x.event === 'ready').length === 2, 'READY=1 from the restarted kiosk');
    const journal = JSON.parse(readFileSync(join(dir, 'starts.json'), 'utf8')) as { starts: number; crashes: number };
    expect(journal).toMatchObject({ starts: 2, crashes: 1 });
  });

  it('after repeated crashes at start, starts in safe mode: out-of-service page, READY, still reporting', async () => {
    const dir = dataDir();
    // No simulators and no gateway configured: every start fails (a crash), as a bad deployment would.
    const env: NodeJS.ProcessEnv = { ...process.env, KIOSK_SIMULATE: '0', KIOSK_METRICS_PORT: '0', KIOSK_CRASH_LOOP_CRASHES: '3', KIOSK_SAFE_MODE_MS: '600000', KIOSK_MAINTENANCE_RESTART: '0' };
    delete env.KIOSK_GATEWAY_URL;
    const s = supervise({ watchdogSec: 5, startLimitBurst: 10, dataDir: dir, env });
    running.push(s);
    await s.until((e) => e.some((x) => x.event === 'ready'), 'READY=1 from the safe mode', 90_000);
    expect(s.events.filter((e) => e.event === 'exited').map((e) => e.code)).toEqual([1, 1, 1]);
    expect(s.events.filter((e) => e.event === 'started')).toHaveLength(4);
    expect(s.events.find((e) => e.event === 'status')?.status).toBe('safe mode: out of service after 3 crashes');
    expect(s.printed.KIOSK_MODE).toBe('safe');
    await s.until(() => count(s, 'watchdog') >= 2, 'watchdog pings in safe mode', 10_000);

    const page = await (await fetch(s.printed.KIOSK_URL!)).text();
    expect(page).toContain('هذا الجهاز خارج الخدمة مؤقتًا');
    expect(page).toContain('This kiosk is temporarily out of service');
    expect((await fetch(new URL('/index.html', s.printed.KIOSK_URL!))).status).toBe(404);
    const metrics = await (await fetch(s.printed.METRICS_URL!)).text();
    expect(metrics).toMatch(/^kiosk_safe_mode\{[^}]*\} 1$/m);
    expect(metrics).toMatch(/^kiosk_crashes\{[^}]*\} 3$/m);
    await s.stop();
    expect(count(s, 'start-limit-hit')).toBe(0);
    const db = new Database(join(dir, 'kiosk.db'), { readonly: true });
    const events = db.prepare(`SELECT name, severity, attributes FROM telemetry_events`).all();
    db.close();
    expect(events).toEqual([{ name: 'crash-loop', severity: 'error', attributes: JSON.stringify({ reason: 'crashes-in-window', mode: 'safe' }) }]);
  }, 150_000);

  it('restarts itself in the maintenance window once idle: exit 75, started again, a clean stop, not twice the same day', async () => {
    const dir = dataDir();
    const now = new Date();
    const start = `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
    const s = supervise({ watchdogSec: 5, dataDir: dir, env: { ...process.env, KIOSK_METRICS_PORT: '0', KIOSK_MAINTENANCE_START: start, KIOSK_MAINTENANCE_MINUTES: '30' } });
    running.push(s);
    await s.until((e) => e.some((x) => x.event === 'exited'), 'the maintenance restart', 60_000);
    expect(s.events.find((e) => e.event === 'exited')).toMatchObject({ code: 75 });
    await s.until((e) => e.filter((x) => x.event === 'ready').length === 2, 'READY=1 from the restarted kiosk', 60_000);
    expect(JSON.parse(readFileSync(join(dir, 'starts.json'), 'utf8'))).toMatchObject({ starts: 2, crashes: 0 });
    const done = JSON.parse(readFileSync(join(dir, 'maintenance.json'), 'utf8')) as { cleanup: string; restart: string };
    expect(done.restart).toBe(done.cleanup);
    // The restarted kiosk looks at the window again (5 s after start) and stays up.
    await new Promise((r) => setTimeout(r, 8_000));
    expect(s.events.filter((e) => e.event === 'exited')).toHaveLength(1);
    const log = readFileSync(join(dir, 'logs', 'kiosk.log'), 'utf8');
    expect(log).toContain('"event":"maintenance-cleanup"');
    expect(log).toContain('"event":"maintenance-restart"');
  }, 150_000);
});
