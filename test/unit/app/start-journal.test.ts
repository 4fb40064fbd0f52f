import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordStart, START_JOURNAL_FILE } from '../../../main/app/start-journal';
import { startWatchdog, type SdNotify } from '../../../main/app/watchdog';
import { silentLogger } from '../../../main/core/log';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-starts-'));
  dirs.push(d);
  return d;
};
const rule = { crashes: 3, windowMs: 600_000, safeModeMs: 1_800_000 };
const MIN = 60_000;

describe('start journal: crash loops end in safe mode', () => {
  it('counts a run that never stopped cleanly as a crash, and clean stops as none', () => {
    const d = dir();
    recordStart(d, rule, 0, 1).markClean();
    expect(recordStart(d, rule, MIN, 2)).toMatchObject({ mode: 'normal', recentCrashes: 0, starts: 2, crashes: 0 });
    expect(recordStart(d, rule, 2 * MIN, 3)).toMatchObject({ mode: 'normal', recentCrashes: 1, starts: 3, crashes: 1 });
  });

  it('the start after N crashes within the window is safe mode; once they age out, service again', () => {
    const d = dir();
    for (let i = 0; i < 3; i++) expect(recordStart(d, rule, i * MIN, 10 + i).mode).toBe('normal');
    const safe = recordStart(d, rule, 3 * MIN, 20);
    expect(safe).toMatchObject({ mode: 'safe', recentCrashes: 3 });
    safe.markClean();
    // The safe-mode run ended itself after safeModeMs: the crashes are older than the window now.
    expect(recordStart(d, rule, 3 * MIN + rule.safeModeMs, 21)).toMatchObject({ mode: 'normal', recentCrashes: 0, crashes: 3 });
  });

  it('a damaged journal counts as no history rather than stopping the kiosk', () => {
    const d = dir();
    writeFileSync(join(d, START_JOURNAL_FILE), '{"starts": "many"}');
    expect(recordStart(d, rule, 0, 1)).toMatchObject({ mode: 'normal', starts: 1, crashes: 0 });
  });
});

describe('watchdog pings', () => {
  function fake(periodMs: number): SdNotify & { sent: string[] } {
    const sent: string[] = [];
    return { sent, ready: () => sent.push('READY=1'), watchdog: () => sent.push('WATCHDOG=1'), sendState: (s) => sent.push(s.trim()), watchdogInterval: () => periodMs };
  }

  it('pings only once ready, every half period, and stays silent for a tick that came far too late', async () => {
    const sd = fake(200);
    let clock = 0;
    const w = startWatchdog({ log: silentLogger, notify: sd, now: () => clock });
    await new Promise((r) => setTimeout(r, 250));
    expect(sd.sent).toEqual([]);
    w.ready('in service');
    expect(sd.sent).toEqual(['STATUS=in service', 'READY=1']);
    clock += 100;
    await new Promise((r) => setTimeout(r, 120));
    expect(sd.sent.filter((s) => s === 'WATCHDOG=1')).toHaveLength(1);
    clock += 5_000; // the loop was blocked for 5 s: this tick must not vouch for it
    await new Promise((r) => setTimeout(r, 100));
    expect(sd.sent.filter((s) => s === 'WATCHDOG=1')).toHaveLength(1);
    w.stop();
    expect(sd.sent.at(-1)).toBe('STOPPING=1');
  });
});
