import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_RECEIPT_PATH } from '../../../drivers/printer';
import { createPtyPair, type PtyPair } from '../../support/transport';
import { eventOf, waitFor } from '../../support/wait';

const run = promisify(execFile);
const kioskctl = (...args: string[]) => run(process.execPath, ['bin/kioskctl.mjs', ...args]);

/** kioskctl's printer commands as separate processes over a real pty, faults included. */
describe('kioskctl printer commands and simulator faults', () => {
  let dir: string;
  let pty: PtyPair;
  let sim: ChildProcess | undefined;
  let simOut = '';
  let simErr = '';

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'printer-cli-'));
    pty = await createPtyPair();
    simOut = '';
    simErr = '';
  });
  afterEach(async () => {
    if (sim && sim.exitCode === null) {
      sim.kill('SIGINT');
      await new Promise((r) => sim!.once('exit', r));
    }
    sim = undefined;
    await pty.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function startSim(...flags: string[]): Promise<void> {
    sim = spawn(process.execPath, ['bin/kioskctl.mjs', 'sim', 'printer', '--port', pty.devicePath, '--out', join(dir, 'out'), ...flags], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    sim.stdout!.on('data', (d: Buffer) => (simOut += d.toString()));
    sim.stderr!.on('data', (d: Buffer) => (simErr += d.toString()));
    await waitFor(() => simErr.includes('listening'), { what: 'the printer simulator to listen', timeoutMs: 15_000, on: eventOf(sim.stderr!, 'data') });
  }

  async function failingPrint(): Promise<{ code: number; stderr: string }> {
    try {
      await kioskctl('print', '--port', pty.hostPath, '--receipt', SAMPLE_RECEIPT_PATH);
    } catch (err) {
      const e = err as { code: number; stderr: string };
      return { code: e.code, stderr: e.stderr };
    }
    throw new Error('print succeeded but a fault was injected');
  }

  it('receipt pdf writes the PDF copy', async () => {
    const out = join(dir, 'r.pdf');
    const { stdout } = await kioskctl('receipt', 'pdf', '--receipt', SAMPLE_RECEIPT_PATH, '--out', out, '--lang', 'en', '--json');
    expect(JSON.parse(stdout)).toMatchObject({ pdf: out, paperMm: 80 });
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    await expect(kioskctl('receipt', 'pdf', '--receipt', SAMPLE_RECEIPT_PATH, '--out', out, '--paper', '57')).rejects.toMatchObject({ code: 2 });
  });

  it('printer status reports paper near end as a level, with exit code 0 (it still prints)', async () => {
    await startSim('--near-end');
    const { stdout } = await kioskctl('printer', 'status', '--port', pty.hostPath, '--json');
    expect(JSON.parse(stdout)).toMatchObject({ online: true, paperNearEnd: true, level: 'paper-near-end' });
  });

  it('--paper-out-after: the print stops mid-job with a message, the torn part comes out', async () => {
    await startSim('--paper-out-after', '3000');
    const { code, stderr } = await failingPrint();
    expect(code).toBe(1);
    expect(stderr).toMatch(/out of paper after \d+ of \d+ bytes/);
    await waitFor(() => simOut.includes('torn off'), { what: 'the torn receipt', on: eventOf(sim!.stdout!, 'data'), describeLast: () => simOut });
    expect(simErr).toContain('fault paper-out');
    expect(readdirSync(join(dir, 'out'))).toEqual(['receipt-1-torn.png']);
  });

  it('--cover-open-after: stops mid-job as cover open', async () => {
    await startSim('--cover-open-after', '3000');
    expect((await failingPrint()).stderr).toMatch(/cover is open after/);
  });

  it('--offline-after: stops mid-job as offline', async () => {
    await startSim('--offline-after', '3000');
    expect((await failingPrint()).stderr).toMatch(/offline after/);
  });

  it('--vanish-after: the simulator is gone mid-job, the print fails as unavailable, the simulator ends normally', async () => {
    await startSim('--vanish-after', '4000');
    const { stderr } = await failingPrint();
    expect(stderr).toMatch(/printer did not answer|stopped taking data|link/);
    await new Promise((r) => (sim!.exitCode !== null ? r(null) : sim!.once('exit', r)));
    expect(sim!.exitCode).toBe(0);
    expect(existsSync(join(dir, 'out', 'receipt-1.png'))).toBe(false);
  });
});
