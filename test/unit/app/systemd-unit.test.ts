import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../main/config';

/** The unit shipped in the deb, as systemd reads it (systemd-analyze), and its numbers against the kiosk's own rule. */
const UNIT = 'packaging/systemd/moi-kiosk.service';
const unit = readFileSync(UNIT, 'utf8');
const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(unit)?.[1];

describe('the systemd unit', () => {
  it('is a notify service with a watchdog, always restarted, within start limits', () => {
    expect(value('Type')).toBe('notify');
    expect(value('NotifyAccess')).toBe('main');
    expect(Number(value('WatchdogSec'))).toBeGreaterThan(0);
    expect(value('Restart')).toBe('always');
    expect(Number(value('StartLimitBurst'))).toBeGreaterThan(0);
    expect(Number(value('StartLimitIntervalSec'))).toBeGreaterThan(0);
  });

  it('reaches safe mode before systemd gives up: the crash-loop rule fits inside the start limit', () => {
    const { recovery } = loadSettings({ env: { HOME: '/home/kiosk' } });
    expect(recovery.crashes + 1).toBeLessThan(Number(value('StartLimitBurst')));
    expect(recovery.windowMs / 1000).toBeLessThanOrEqual(Number(value('StartLimitIntervalSec')));
  });

  it('parses with systemd-analyze (only the packaged binary is missing here)', () => {
    let out = '';
    try {
      out = execFileSync('systemd-analyze', ['verify', UNIT], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      out = String((err as { stderr?: string }).stderr ?? '');
    }
    const problems = out.split('\n').filter((l) => l.trim() && !/is not executable: No such file or directory/.test(l));
    expect(problems).toEqual([]);
  });
});
