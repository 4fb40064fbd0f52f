import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openKioskDb } from '../../../offline-cache/db';
import { type KioskProcess, startKioskProcess } from '../host/kiosk-process';

const run = promisify(execFile);
const KIOSKCTL = new URL('../../../bin/kioskctl.mjs', import.meta.url).pathname;

/**
 * Out of service asked for by a person outlives the kiosk process (issue 11): `kioskctl start`
 * on one data folder, taken out of service with kioskctl, killed with SIGKILL as a crash would,
 * started again on the same SQLite file. The new kiosk shows shoppers the out-of-service screen
 * from its first state, before any device is heard, and only "off" brings it back.
 */
const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-oos-'));
let kiosk: KioskProcess | undefined;

afterAll(async () => {
  kiosk?.child.kill('SIGTERM');
  await kiosk?.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

async function kioskctl(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KIOSK_'))) as Record<string, string>;
  try {
    const { stdout, stderr } = await run(process.execPath, [KIOSKCTL, ...args, '--data-dir', dataDir], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The first state the kiosk window is sent, through the launch ticket, as the renderer gets it. */
function firstScreenState(k: KioskProcess): Promise<{ mode: { kind: string; step?: { screen: string; alternative?: { en: string } } } }> {
  const ticket = new URLSearchParams(new URL(k.kioskUrl).hash.slice(1)).get('ticket');
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${k.port}/ws?ticket=${ticket}`, { origin: `http://127.0.0.1:${k.port}` });
    ws.on('message', (d) => {
      const frame = JSON.parse(d.toString()) as { type: string; state?: never };
      if (frame.type !== 'state') return;
      ws.close();
      resolve(frame.state!);
    });
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Polls kioskctl (a child process each time, so the condition is async, unlike waitFor's). */
async function until(condition: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 300));
  }
}

async function status(): Promise<{ code: number; json: { mode: string; outOfService: boolean; by?: string; reason?: string; devices?: Record<string, { status: string }> } }> {
  const r = await kioskctl(['diag', 'status', '--json']);
  // Nothing on stdout while the kiosk's diagnostics door is not open yet.
  return { code: r.code, json: r.stdout ? (JSON.parse(r.stdout) as never) : { mode: 'unknown', outOfService: false } };
}

describe('out of service across a restart', () => {
  it('stays out of service after a crash when kioskctl asked for it, and is back in service after off', async () => {
    kiosk = await startKioskProcess({ dataDir });
    await until(async () => (await status()).code === 0, 'the first kiosk healthy and in service');
    expect(await kioskctl(['diag', 'out-of-service', 'on', '--reason', 'card reader cleaning'])).toMatchObject({ code: 0, stdout: 'out of service\n' });

    kiosk.child.kill('SIGKILL');
    await kiosk.exited;
    kiosk = await startKioskProcess({ dataDir });
    const first = await firstScreenState(kiosk);
    expect(first.mode).toMatchObject({ kind: 'outOfService', step: { screen: 'outOfService' } });
    expect(first.mode.step?.alternative?.en).toMatch(/nearest self-service kiosk/);
    // Every device healthy again does not end it: the devices did not cause it.
    await until(async () => {
      const s = await status();
      return s.json.mode === 'outOfService' && s.json.by === 'kioskctl' && s.json.reason === 'card reader cleaning' && s.json.devices?.terminal?.status === 'online';
    }, 'the restarted kiosk out of service by kioskctl with its devices online');

    expect(await kioskctl(['diag', 'out-of-service', 'off', '--reason', 'cleaned'])).toMatchObject({ code: 0, stdout: 'in service\n' });
    await until(async () => (await status()).code === 0, 'the kiosk back in service');
    kiosk.child.kill('SIGTERM');
    expect(await kiosk.exited).toMatchObject({ code: 0 });
    kiosk = undefined;

    // Off cleared it from the file the next start reads, and both requests are in the audit log.
    const db = openKioskDb(join(dataDir, 'kiosk.db'));
    try {
      expect(db.prepare('SELECT count(*) AS n FROM out_of_service').get()).toEqual({ n: 0 });
      const actions = db.prepare(`SELECT action FROM audit_log WHERE action LIKE 'out-of-service-%' ORDER BY seq`).all();
      expect(actions).toEqual([{ action: 'out-of-service-on' }, { action: 'out-of-service-off' }]);
    } finally {
      db.close();
    }
  }, 150_000);
});
