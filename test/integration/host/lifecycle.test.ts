import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `kioskctl start` ends through one door (main/cli/lifecycle.ts): whatever ends it — a signal or
 * a failure nothing caught — its cleanup (socat, runtime.json, the database) runs once and the
 * process exits. Run as real processes, since signals and uncaught exceptions are the point.
 */
const CHILD = new URL('./lifecycle.child.ts', import.meta.url).pathname;

async function run(mode: string, signal?: NodeJS.Signals): Promise<{ code: number | null; cleaned: boolean; ms: number }> {
  const marker = join(mkdtempSync(join(tmpdir(), 'lifecycle-')), 'marker');
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode, marker], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  const started = Date.now();
  if (signal) child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  return { code, cleaned: existsSync(marker) && readFileSync(marker, 'utf8') === 'cleaned', ms: Date.now() - started };
}

describe('runUntilStopped', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('cleans up and exits 0 on %s', async (signal) => {
    expect(await run('wait', signal)).toMatchObject({ code: 0, cleaned: true });
  });

  it('cleans up and exits 1 after an uncaught exception', async () => {
    expect(await run('throw')).toMatchObject({ code: 1, cleaned: true });
  });

  it('cleans up and exits 1 after an unhandled rejection', async () => {
    expect(await run('reject')).toMatchObject({ code: 1, cleaned: true });
  });

  it('gives up on a cleanup that hangs and exits anyway', async () => {
    const result = await run('hang', 'SIGTERM');
    expect(result).toMatchObject({ code: 0, cleaned: false });
    expect(result.ms).toBeLessThan(5000);
  });
});
