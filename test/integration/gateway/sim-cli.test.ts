import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { call } from './http';

const KIOSKCTL = new URL('../../../bin/kioskctl.mjs', import.meta.url).pathname;

describe('kioskctl sim gateway', () => {
  it('prints its URL, serves the API, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [KIOSKCTL, 'sim', 'gateway', '--port', '0', '--latency-ms', '5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
        setTimeout(() => reject(new Error('no URL within 15 s')), 15_000);
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await call(url, 'POST', '/v1/traffic-fines/inquiry', { idNumber: '28463400123' });
      expect((res.json as { fines: unknown[] }).fines).toHaveLength(2);
      const exited = new Promise<number | null>((r) => child.once('exit', r));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a flaky share outside 0..1 with a usage error', async () => {
    const child = spawn(process.execPath, [KIOSKCTL, 'sim', 'gateway', '--flaky', '1.5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--flaky must be a number between 0 and 1/);
  });

  it('refuses a reject-later share outside 0..1 with a usage error', async () => {
    const child = spawn(process.execPath, [KIOSKCTL, 'sim', 'gateway', '--reject-later', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--reject-later must be a number between 0 and 1/);
  });
});
