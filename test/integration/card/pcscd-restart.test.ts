import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const HERE = import.meta.dirname;
const ROOT = join(HERE, '../../..');

/** The fault needs its own pcscd to kill: a private one in new namespaces, which takes root. */
function canIsolate(): boolean {
  try {
    execFileSync('unshare', ['--mount', '--net', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Line {
  t: number;
  event: string;
  health?: string;
  code?: string;
  sameAsCard?: boolean;
  pcscConnected?: boolean;
  message?: string;
}

describe('pcscd dies and comes back', () => {
  it.skipIf(!canIsolate())('the service reports unavailable, retries, and reads cards again on a new PC/SC context', async () => {
    const { stdout } = await run(
      join(HERE, 'isolated-pcscd.sh'),
      [process.execPath, '--import', 'tsx', join(HERE, 'pcscd-restart.child.ts')],
      { cwd: ROOT, timeout: 45_000 },
    ).catch((err: { stdout?: string; message: string }) => {
      throw new Error(`child failed: ${err.message}\n${err.stdout ?? ''}`);
    });
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    const events = lines.map((l) => (l.health ? `health:${l.health}` : l.event));
    expect(events.at(-1)).toBe('done');
    const killed = events.indexOf('pcscd-killed');
    const restarted = events.indexOf('pcscd-restarted');
    // Before: ready, then the card's identity.
    expect(events.slice(0, killed)).toEqual(expect.arrayContaining(['health:ready', 'identity']));
    // pcscd gone: the card counts as removed, health drops, reconnects fail quietly.
    const down = events.slice(killed, restarted);
    expect(down).toEqual(expect.arrayContaining(['card-removed', 'health:unavailable', 'card.pcsc.unavailable']));
    // pcscd back: a new context, ready again, and the next card reads.
    const up = events.slice(restarted);
    expect(up).toEqual(expect.arrayContaining(['card.pcsc.open', 'health:ready', 'identity']));
    expect(lines.filter((l) => l.event === 'identity').every((l) => l.sameAsCard)).toBe(true);
    // The service started while pcscd was down came up by itself once pcscd was back.
    expect(lines.find((l) => l.event === 'late-started')).toMatchObject({ pcscConnected: false });
    expect(lines.findIndex((l) => l.event === 'late-health' && l.health === 'ready')).toBeGreaterThan(restarted);
    const readyAgain = lines.find((l, i) => i > restarted && l.health === 'ready')!;
    expect(readyAgain.t - lines[restarted]!.t).toBeLessThan(3000);
  });
});
