import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoIdentity from '../../../drivers/card/sim/demo-identity.json';
import { ministryCardImage } from '../../../drivers/card/sim/images';
import { VirtualCard } from '../../../drivers/card/sim/virtual-card';
import { Identity } from '../../../drivers/card/identity';
import { ZvtTerminalSimulator } from '../../../drivers/payment/sim/simulator';
import { PrinterSimulator } from '../../../drivers/printer/sim/simulator';
import { openSerial } from '../../../drivers/transport/serial';
import { openKioskDb } from '../../../offline-cache/db';
import { createPtyPair, type PtyPair } from '../../support/transport';
import { type KioskProcess, startKioskProcess } from '../host/kiosk-process';

const run = promisify(execFile);
const KIOSKCTL = new URL('../../../bin/kioskctl.mjs', import.meta.url).pathname;

/**
 * A technician moves the printer to another port on site (issue 11): `kioskctl start` with its
 * simulated printer on one socat pty, a second printer simulator on a second pty pair made here,
 * `kioskctl diag devices set` points the kiosk at it, `diag restart --device printer` reopens the
 * printer without restarting the kiosk, and the test page of `diag selftest` comes out of the new
 * printer, not the old one. The terminal moves the same way, to a second ZVT terminal simulator
 * whose own terminal id the kiosk then reports; the card reader, to the second vpcd slot, where a
 * card inserted is read while the first slot is no longer watched. A bad value is refused in one line and keeps nothing.
 */
let kiosk: KioskProcess;
let pair: PtyPair;
let printer: PrinterSimulator;
let terminalPair: PtyPair;
let terminal: ZvtTerminalSimulator;
const terminalCommands: string[] = [];
const outDir = mkdtempSync(join(tmpdir(), 'kiosk-second-printer-'));

async function kioskctl(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KIOSK_'))) as Record<string, string>;
  try {
    const { stdout, stderr } = await run(process.execPath, [KIOSKCTL, ...args, '--data-dir', kiosk.dataDir], { env, timeout: 90_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function until(condition: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 300));
  }
}

const printedByTheOldPrinter = () => (existsSync(join(kiosk.dataDir, 'printed')) ? readdirSync(join(kiosk.dataDir, 'printed')).length : 0);

beforeAll(async () => {
  pair = await createPtyPair();
  printer = new PrinterSimulator(await openSerial({ path: pair.devicePath, baudRate: 38_400 }), { outDir });
  terminalPair = await createPtyPair();
  terminal = new ZvtTerminalSimulator(await openSerial({ path: terminalPair.devicePath, baudRate: 9600, stopBits: 2 }), { terminalId: '52009999' });
  terminal.onEvent((e) => void (e.type === 'command' && terminalCommands.push(e.command)));
  kiosk = await startKioskProcess();
  await until(async () => (await kioskctl(['diag', 'status'])).code === 0, 'the kiosk healthy and in service');
}, 90_000);

afterAll(async () => {
  kiosk?.child.kill('SIGTERM');
  await kiosk?.exited;
  await printer?.close();
  await pair?.close();
  await terminal?.close();
  await terminalPair?.close();
  rmSync(kiosk.dataDir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
});

describe('device settings changed on site', () => {
  it('refuses a bad value in one line and keeps nothing of that request', async () => {
    const bad = await kioskctl(['diag', 'devices', 'set', '--printer-baud', '38400', '--printer-port', '/tmp/../etc/passwd']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('kioskctl diag devices set: the kiosk refused: printer-port "/tmp/../etc/passwd" must not climb with ..\n');
    const typo = await kioskctl(['diag', 'devices', 'set', '--printer-baud', '11520']);
    expect(typo.stderr).toMatch(/printer-baud "11520" must be one of 1200, .*115200/);
    const view = JSON.parse((await kioskctl(['diag', 'devices', '--json'])).stdout) as { settings: { key: string; override?: unknown }[]; pending: string[] };
    expect(view.settings.filter((s) => s.override)).toEqual([]);
    expect(view.pending).toEqual([]);
  }, 60_000);

  it('moves the printer to another pty, restarts only the printer, and prints the test page there', async () => {
    const set = await kioskctl(['diag', 'devices', 'set', '--printer-port', pair.hostPath, '--printer-baud', '38400', '--json']);
    expect(set.code).toBe(0);
    const view = JSON.parse(set.stdout) as { settings: { key: string; inForce?: unknown; override?: { value: unknown; by: string } }[]; pending: string[] };
    expect(view.settings.find((s) => s.key === 'printer-port')).toMatchObject({ override: { value: pair.hostPath, by: 'kioskctl' } });
    expect(view.settings.find((s) => s.key === 'printer-port')?.inForce).not.toBe(pair.hostPath);
    expect(view.pending).toEqual(['printer']);

    const restart = await kioskctl(['diag', 'restart', '--device', 'printer', '--json']);
    expect(restart.code).toBe(0);
    await until(async () => JSON.parse((await kioskctl(['diag', 'status', '--json'])).stdout).devices.printer.status === 'online', 'the printer online on its new port');
    const after = JSON.parse((await kioskctl(['diag', 'devices', '--json'])).stdout) as typeof view;
    expect(after.settings.find((s) => s.key === 'printer-port')?.inForce).toBe(pair.hostPath);
    expect(after.settings.find((s) => s.key === 'printer-baud')?.inForce).toBe(38_400);
    expect(after.pending).toEqual([]);

    const oldCount = printedByTheOldPrinter();
    const receipts = printer.receipts.length;
    const test = await kioskctl(['diag', 'selftest', '--device', 'printer', '--json']);
    expect(JSON.parse(test.stdout)).toMatchObject({ result: 'passed', details: { paperBefore: 'ok', paperAfter: 'ok' } });
    expect(printer.receipts.length).toBe(receipts + 1);
    expect(existsSync(printer.receipts.at(-1)!.path)).toBe(true);
    expect(printedByTheOldPrinter()).toBe(oldCount);
    // The same kiosk process all along: nothing but the printer restarted.
    expect(kiosk.alive()).toBe(true);
  }, 90_000);

  it('records each change and the restart in the audit log, and keeps the override in the database', async () => {
    const audit = JSON.parse((await kioskctl(['diag', 'audit', '--json'])).stdout) as { verification: { ok: boolean }; entries: { actor: string; action: string; detail: Record<string, unknown> }[] };
    expect(audit.verification.ok).toBe(true);
    expect(audit.entries.filter((e) => e.action.startsWith('device-')).map((e) => [e.action, e.detail.key ?? e.detail.device, e.detail.result])).toEqual([
      ['device-setting', undefined, 'refused'],
      ['device-setting', undefined, 'refused'],
      ['device-setting', 'printer-port', 'done'],
      ['device-setting', 'printer-baud', 'done'],
      ['device-restart', 'printer', 'done'],
    ]);
    const db = openKioskDb(join(kiosk.dataDir, 'kiosk.db'));
    try {
      expect(db.prepare('SELECT key, value, set_by AS by FROM device_overrides ORDER BY key').all()).toEqual([
        { key: 'printer-baud', value: '38400', by: 'kioskctl' },
        { key: 'printer-port', value: JSON.stringify(pair.hostPath), by: 'kioskctl' },
      ]);
    } finally {
      db.close();
    }
  }, 30_000);

  it('moves the terminal to another pty: after its restart the second terminal answers the diagnosis', async () => {
    expect((await kioskctl(['diag', 'devices', 'set', '--terminal-port', terminalPair.hostPath])).code).toBe(0);
    expect((await kioskctl(['diag', 'restart', '--device', 'terminal'])).code).toBe(0);
    type Status = { devices: { terminal: { status: string; terminalId?: string } } };
    await until(async () => {
      const { terminal: t } = (JSON.parse((await kioskctl(['diag', 'status', '--json'])).stdout) as Status).devices;
      return t.status === 'online' && t.terminalId === '52009999';
    }, 'the second terminal online, by its own terminal id');
    const test = await kioskctl(['diag', 'selftest', '--device', 'terminal', '--json']);
    expect(test.code).toBe(0);
    expect(JSON.parse(test.stdout)).toMatchObject({ result: 'passed' });
    expect(terminalCommands).toContain('diagnosis');
    expect(kiosk.alive()).toBe(true);
  }, 90_000);

  it('points the card reader at another reader: after its restart a card in that reader is read', async () => {
    type Status = { devices: { cardReader: { status: string; readers: string[]; cardPresent: boolean } } };
    const reader = async () => (JSON.parse((await kioskctl(['diag', 'status', '--json'])).stdout) as Status).devices.cardReader;
    expect((await reader()).readers).toEqual(['Virtual PCD 00 00']);
    expect((await kioskctl(['diag', 'devices', 'set', '--reader', 'Virtual PCD 00 01'])).code).toBe(0);
    expect((await kioskctl(['diag', 'restart', '--device', 'cardReader'])).code).toBe(0);
    await until(async () => {
      const r = await reader();
      return r.status === 'online' && r.readers.length === 1 && r.readers[0] === 'Virtual PCD 00 01';
    }, 'the card reader on the second slot');
    const card = new VirtualCard({ image: ministryCardImage(Identity.parse(demoIdentity)), port: 35964 });
    try {
      await card.insert();
      await until(async () => (await reader()).cardPresent, 'the card seen in the new reader');
      const logs = async () => (await kioskctl(['diag', 'logs', '--device', 'card', '--json'])).stdout;
      await until(async () => (await logs()).includes('"card.read"'), 'the card read from the new reader');
    } finally {
      await card.remove();
    }
    await until(async () => !(await reader()).cardPresent, 'the card out');
    expect(kiosk.alive()).toBe(true);
  }, 90_000);
});
