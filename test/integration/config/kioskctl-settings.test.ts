import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { kioskOptionsFrom, startKiosk } from '../../../main/app/compose';
import { loadSettings } from '../../../main/config';
import { silentLogger } from '../../../main/core/log';
import { openKioskDb } from '../../../offline-cache';
import { PaymentJournal } from '../../../offline-cache/payment-journal';
import { startGatewaySimulator } from '../../../gateway';

const run = promisify(execFile);
const KIOSKCTL = new URL('../../../bin/kioskctl.mjs', import.meta.url).pathname;

/** The child sees only what a fresh login would, plus `env`: no KIOSK_* from the test runner. */
function cleanEnv(env: Record<string, string>): Record<string, string> {
  const kept = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KIOSK_') && k !== 'XDG_STATE_HOME')) as Record<string, string>;
  return { ...kept, ...env };
}

async function kioskctl(args: string[], env: Record<string, string>, cwd: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [KIOSKCTL, ...args], { env: cleanEnv(env), cwd });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-settings-'));
  dirs.push(d);
  return d;
}

describe('kioskctl and the kiosk share one data folder', () => {
  it('queue and pay journal read the database a kiosk composed from the same settings wrote, from any directory', async () => {
    const state = tempDir();
    const elsewhere = tempDir();
    const env = { HOME: state, XDG_STATE_HOME: join(state, 'state') };
    const settings = loadSettings({ env: { ...env, KIOSK_SIMULATE: '0' } });
    expect(settings.dataDir).toBe(join(state, 'state', 'moi-kiosk'));
    // A real kiosk (no simulators: a gateway simulator stands in for the ministry) writes its database.
    const gateway = await startGatewaySimulator({ port: 0 });
    try {
      const kiosk = await startKiosk({ ...kioskOptionsFrom(settings), devices: { ...settings.devices, reader: 'no reader (settings test)', gatewayUrl: gateway.url }, log: silentLogger });
      await kiosk.close();
    } finally {
      await gateway.close();
    }
    const db = openKioskDb(join(settings.dataDir, 'kiosk.db'));
    const journal = new PaymentJournal(db);
    const e = journal.recordIntent({ sessionId: 's', requestId: 'r', amountCents: 700, currency: 'QAR' });
    journal.recordOutcome(e.id, 'unknown', { reason: 'terminal went silent' });
    db.close();

    const queue = await kioskctl(['queue', 'status', '--json'], env, elsewhere);
    expect(queue.stderr).toBe('');
    expect(JSON.parse(queue.stdout)).toMatchObject({ queued: 0, delivered: 0 });
    const pay = await kioskctl(['pay', 'journal', '--json'], env, elsewhere);
    expect(pay.code).toBe(1); // an unknown outcome needs a technician
    expect(JSON.parse(pay.stdout).entries).toEqual([expect.objectContaining({ id: e.id, state: 'unknown' })]);
  });

  it('--data-dir points every command at another folder', async () => {
    const state = tempDir();
    const other = join(state, 'other');
    mkdirSync(other);
    openKioskDb(join(other, 'kiosk.db')).close();
    const res = await kioskctl(['pay', 'journal', '--data-dir', other], { HOME: state }, state);
    expect(res).toMatchObject({ code: 0, stdout: 'no open payments\n' });
    const missing = await kioskctl(['queue', 'status'], { HOME: state }, state);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`no kiosk database at ${join(state, '.local', 'state', 'moi-kiosk', 'kiosk.db')}`);
  });
});

describe('kioskctl refuses bad settings by name', () => {
  it('a bad variable: one line naming it and its value, exit 1, nothing opened', async () => {
    const home = tempDir();
    const res = await kioskctl(['pay', '--port', '/dev/null', '--amount', '1.00'], { HOME: home, KIOSK_TERMINAL_BAUD: 'fast' }, home);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('kioskctl pay: KIOSK_TERMINAL_BAUD=fast is not a valid devices.terminal.baudRate: expected a whole number\n');
  });

  it('a bad flag: a usage error (exit 2) naming the flag', async () => {
    const home = tempDir();
    const baud = await kioskctl(['pay', '--port', '/dev/null', '--baud', '96OO', '--amount', '1.00'], { HOME: home }, home);
    expect(baud).toMatchObject({ code: 2, stderr: expect.stringMatching(/^kioskctl pay: --baud=96OO is not a valid devices\.terminal\.baudRate/) });
    const shell = await kioskctl(['start', '--shell', 'qt'], { HOME: home }, home);
    expect(shell).toMatchObject({ code: 2, stderr: expect.stringMatching(/^kioskctl start: --shell=qt is not a valid host\.shell/) });
  });
});
