import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openZvtSerial, type SaleProgress, type SimScenario, type ZvtTerminal, ZvtTerminalSimulator } from '../../../drivers/payment';
import { createPtyPair, type PtyPair } from '../../support/transport';
import { openSerial } from '../../../drivers/transport/serial';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

async function pair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'zvt-it-'));
  const p = await createPtyPair(dir);
  cleanups.push(async () => {
    await p.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return p;
}

async function simOn(path: string, scenario: SimScenario = 'approve', stepDelayMs = 20): Promise<ZvtTerminalSimulator> {
  const transport = await openSerial({ path, baudRate: 9600, stopBits: 2 });
  const sim = new ZvtTerminalSimulator(transport, { scenario, stepDelayMs });
  cleanups.push(() => sim.close());
  return sim;
}

async function kioskOn(path: string, masterTimeoutMs = 10_000): Promise<ZvtTerminal> {
  const t = await openZvtSerial({ path, ackTimeoutMs: 1000, masterTimeoutMs });
  cleanups.push(() => t.close());
  return t;
}

function run(args: string[], timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/kioskctl.mjs', ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kioskctl ${args.join(' ')} timed out: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('ZVT over a socat pty pair (9600 8N2)', () => {
  it('registers and completes an approved sale with progress and receipt lines', async () => {
    const p = await pair();
    const sim = await simOn(p.devicePath);
    const kiosk = await kioskOn(p.hostPath);
    await kiosk.register();
    expect(kiosk.terminalId).toBe('52000101');
    const progress: SaleProgress[] = [];
    const result = await kiosk.sale(150, { onProgress: (x) => progress.push(x) });
    expect(progress.map((x) => x.prompt)).toEqual(['insert-card', 'enter-pin', 'waiting-for-host']);
    expect(result).toMatchObject({ result: 'approved', amountCents: 150, trace: 1, receiptNo: 1, cardType: 10, panMasked: '************1234', terminalId: '52000101' });
    if (result.result !== 'approved') throw new Error('expected approval');
    expect(result.receiptLines).toContain('SALE QAR 1.50');
    expect(result.dateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(sim.lastTransaction?.amountCents).toBe(150);
  });

  it('reports a decline with its result code', async () => {
    const p = await pair();
    await simOn(p.devicePath, 'decline');
    const kiosk = await kioskOn(p.hostPath);
    expect(await kiosk.sale(2500)).toEqual({ result: 'declined', code: 0x7a, reason: 'card unknown' });
  });

  it('setScenario changes the next sale only', async () => {
    const p = await pair();
    const sim = await simOn(p.devicePath);
    const kiosk = await kioskOn(p.hostPath);
    sim.setScenario('abort-by-shopper');
    expect(await kiosk.sale(100)).toEqual({ result: 'aborted', code: 0x6c });
    sim.setScenario('approve');
    expect((await kiosk.sale(100)).result).toBe('approved');
  });

  it('aborts from the kiosk mid-sale (06 B0)', async () => {
    const p = await pair();
    await simOn(p.devicePath, 'approve', 500);
    const kiosk = await kioskOn(p.hostPath);
    const ctl = new AbortController();
    const result = await kiosk.sale(150, { signal: ctl.signal, onProgress: (x) => x.prompt === 'insert-card' && ctl.abort() });
    expect(result).toEqual({ result: 'aborted', code: 0x6c });
  });

  it('simulator killed mid-sale (pty pair closed): result unknown, no crash, no hang', async () => {
    const p = await pair();
    await simOn(p.devicePath, 'approve', 300);
    // T4 of 3 s is the backstop in case the close event is late; the test allows well under 10 s.
    const kiosk = await kioskOn(p.hostPath, 3000);
    const started = Date.now();
    let killed: Promise<void> | undefined;
    const result = await kiosk.sale(150, { onProgress: () => (killed ??= p.close()) });
    await killed;
    expect(result.result).toBe('unknown');
    expect(Date.now() - started).toBeLessThan(8000);
    await expect(kiosk.sale(150)).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('kioskctl pay --json against the simulator', async () => {
    const p = await pair();
    await simOn(p.devicePath);
    const { code, stdout, stderr } = await run(['pay', '--port', p.hostPath, '--amount', '1.50', '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ result: 'approved', amountCents: 150, trace: 1, receiptNo: 1, cardType: 10, panMasked: '************1234' });
  });

  it('kioskctl pay exits 3 on a decline and rejects a malformed amount', async () => {
    const p = await pair();
    await simOn(p.devicePath, 'decline');
    const declined = await run(['pay', '--port', p.hostPath, '--amount', '12', '--json']);
    expect(declined.code).toBe(3);
    expect(JSON.parse(declined.stdout)).toMatchObject({ result: 'declined', code: 0x7a });
    const bad = await run(['pay', '--port', p.hostPath, '--amount', '1.505']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('kioskctl sim terminal serves a kiosk on the other end', async () => {
    const p = await pair();
    const child = spawn(process.execPath, ['bin/kioskctl.mjs', 'sim', 'terminal', '--port', p.devicePath, '--delay-ms', '20', '--scenario', 'approve'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    await expect.poll(() => out, { timeout: 10_000 }).toContain('listening');
    const kiosk = await kioskOn(p.hostPath);
    await kiosk.register();
    expect(await kiosk.sale(4200)).toMatchObject({ result: 'approved', amountCents: 4200 });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('sale approved');
  });
});
