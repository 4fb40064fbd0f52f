import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demoIdentity from '../../../drivers/card/sim/demo-identity.json';
import { openKioskDb } from '../../../offline-cache/db';
import { PaymentJournal } from '../../../offline-cache/payment-journal';
import { type KioskProcess, startKioskProcess } from '../host/kiosk-process';

const run = promisify(execFile);
const KIOSKCTL = new URL('../../../bin/kioskctl.mjs', import.meta.url).pathname;

/**
 * `kioskctl diag` against a running `kioskctl start` (simulators on pcscd's vpcd, ptys and HTTP):
 * the device-state model, a self-test on the real simulated device, out of service on and off,
 * each recorded in the audit log; exit 0 only when healthy, else one line naming why.
 */
let kiosk: KioskProcess;

async function kioskctl(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KIOSK_'))) as Record<string, string>;
  try {
    const { stdout, stderr } = await run(process.execPath, [KIOSKCTL, ...args, '--data-dir', kiosk.dataDir], { env, timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

async function healthy(): Promise<{ code: number; stdout: string; stderr: string }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await kioskctl(['diag', 'status', '--json']);
    if (r.code === 0 || Date.now() > deadline) return r;
    await new Promise((ok) => setTimeout(ok, 300));
  }
}

beforeAll(async () => {
  kiosk = await startKioskProcess();
}, 60_000);

afterAll(async () => {
  kiosk?.child.kill('SIGTERM');
  await kiosk?.exited;
  rmSync(kiosk.dataDir, { recursive: true, force: true });
});

describe('kioskctl diag on a running kiosk', () => {
  it('prints the device-state model and exits 0 once the kiosk is healthy and in service', async () => {
    const r = await healthy();
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout) as { mode: string; outOfService: boolean; technicianPresent: boolean; devices: Record<string, { status: string }> };
    expect(status).toMatchObject({ mode: 'attract', outOfService: false, technicianPresent: false, critical: ['cardReader', 'terminal', 'disk', 'database'] });
    expect(status.devices.terminal!.status).toBe('online');
    expect(status.devices.printer!.status).toBe('online');
  }, 90_000);

  it('runs a self-test on the printer and records it', async () => {
    const r = await kioskctl(['diag', 'selftest', '--device', 'printer', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ result: 'passed', details: { paperBefore: 'ok', paperAfter: 'ok' } });
  }, 30_000);

  it('fails the gateway round trip with a one-line reason while the gateway is down', async () => {
    expect((await kioskctl(['lab', 'gateway', 'down'])).code).toBe(0);
    const r = await kioskctl(['diag', 'selftest', '--device', 'gateway']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/gateway self-test failed: /);
    expect((await kioskctl(['lab', 'gateway', 'up'])).code).toBe(0);
  }, 30_000);

  it('takes the kiosk out of service and back, saying why in the status', async () => {
    expect((await kioskctl(['diag', 'out-of-service', 'on', '--reason', 'card reader cleaning'])).stdout).toBe('out of service\n');
    const down = await kioskctl(['diag', 'status']);
    expect(down.code).toBe(1);
    expect(down.stderr.trim()).toBe('kioskctl diag status: out of service (by kioskctl: card reader cleaning)');
    expect((await kioskctl(['diag', 'out-of-service', 'off', '--reason', 'cleaned'])).stdout).toBe('in service\n');
    expect((await healthy()).code).toBe(0);
  }, 90_000);

  it('shows the queue and money, names a refund owed, and records it paid back through the kiosk', async () => {
    // A paid request the ministry refused and a terminal that could not reverse it, written
    // beside the running kiosk into its own database, as the payment service writes it.
    const db = openKioskDb(join(kiosk.dataDir, 'kiosk.db'));
    const journal = new PaymentJournal(db);
    const owed = journal.recordIntent({ sessionId: 'itest', requestId: 'itest-1', amountCents: 12_500, currency: 'QAR' });
    journal.recordOutcome(owed.id, 'approved', { trace: 321, receiptNo: 9, terminalId: '52001234' });
    journal.markRefundOwed(owed.id, 'reversal refused');
    db.close();

    const before = await kioskctl(['diag', 'queue', '--json']);
    expect(before.code).toBe(1);
    expect(before.stderr.trim()).toBe('kioskctl diag queue: needs attention: 1 refund(s) owed');
    expect(JSON.parse(before.stdout)).toMatchObject({ payments: [{ id: owed.id, state: 'refund-owed', amountCents: 12_500, trace: 321, receiptNo: 9 }] });

    expect(await kioskctl(['diag', 'refunded', '--id', owed.id, '--note', 'paid back in cash at the counter'])).toMatchObject({ code: 0, stdout: `payment ${owed.id} recorded as refunded\n` });
    const again = await kioskctl(['diag', 'refunded', '--id', owed.id, '--note', 'twice']);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('kioskctl diag refunded: the kiosk refused: that payment is not a refund owed (pay journal shows its state)');
    const unknown = await kioskctl(['diag', 'retry', '--id', 'no-such-entry']);
    expect(unknown.stderr.trim()).toBe('kioskctl diag retry: the kiosk refused: no such outbox entry');
    expect(await kioskctl(['diag', 'drain'])).toMatchObject({ code: 0, stdout: '0 waiting entries are being delivered\n' });
    expect((await kioskctl(['diag', 'queue'])).code).toBe(0);
  }, 90_000);

  it('keeps every action in the audit log, whose chain holds', async () => {
    const r = await kioskctl(['diag', 'audit', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { verification: { ok: boolean }; entries: { actor: string; action: string; detail: Record<string, unknown> }[] };
    expect(out.verification.ok).toBe(true);
    expect(out.entries.map((e) => [e.actor, e.action, e.detail.test ?? e.detail.reason ?? e.detail.result])).toEqual([
      ['kioskctl', 'selftest', 'printer'],
      ['kioskctl', 'selftest', 'gateway'],
      ['kioskctl', 'out-of-service-on', 'card reader cleaning'],
      ['kioskctl', 'out-of-service-off', 'cleaned'],
      ['kioskctl', 'refunded', 'done'],
      ['kioskctl', 'refunded', 'refused'],
      ['kioskctl', 'queue-retry', 'refused'],
      ['kioskctl', 'queue-drain', 'done'],
    ]);
  });

  it('lists a device’s recent log lines and counts its warnings: the printer on its pty runs out of paper', async () => {
    type Logs = { device?: string; lines: { level: string; source: string; event: string; fields: Record<string, unknown> }[]; counters: Record<string, { warnings: number; errors: number }> };
    const logs = async (device: string) => {
      const r = await kioskctl(['diag', 'logs', '--device', device, '--json']);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as Logs;
    };
    const before = await logs('printer');
    expect(before.device).toBe('printer');
    expect((await kioskctl(['lab', 'printer', 'paper-out'])).code).toBe(0);
    // The print queue asks the printer every few seconds; the model logs what it answers.
    let after = before;
    for (const deadline = Date.now() + 15_000; after.counters.printer!.warnings === before.counters.printer!.warnings && Date.now() < deadline; ) {
      await new Promise((ok) => setTimeout(ok, 300));
      after = await logs('printer');
    }
    expect(after.counters.printer!.warnings).toBe(before.counters.printer!.warnings + 1);
    expect(after.lines[0]).toMatchObject({ level: 'warn', source: 'printer', event: 'device-state', fields: { status: 'userError', reason: 'paper-out' } });
    expect(after.lines.every((l) => l.source === 'printer')).toBe(true);
    expect((await kioskctl(['lab', 'printer', 'paper-in'])).code).toBe(0);
    const text = await kioskctl(['diag', 'logs', '--device', 'printer']);
    expect(text.stdout).toMatch(/ warn +printer +device-state +status=userError previous=online reason=paper-out\n/);
    expect(text.stdout).toMatch(/^since .*: card \d+ warning\(s\) \d+ error\(s\), printer [1-9]\d* warning\(s\)/m);
    expect((await kioskctl(['diag', 'logs', '--device', 'toaster'])).code).toBe(2);
  }, 90_000);

  it('keeps no name and no ID number in the logs: a shopper’s card was read, the lines say only that', async () => {
    expect((await kioskctl(['lab', 'card', 'insert'])).code).toBe(0);
    let all = '';
    for (const deadline = Date.now() + 15_000; !all.includes('"card.read"') && Date.now() < deadline; ) {
      await new Promise((ok) => setTimeout(ok, 300));
      all = (await kioskctl(['diag', 'logs', '--device', 'card', '--json'])).stdout;
    }
    expect(all).toContain('"card.read"');
    expect((await kioskctl(['lab', 'card', 'remove'])).code).toBe(0);
    // The page's lines, the listing, and the log file they come from.
    const everything = (await kioskctl(['diag', 'logs', '--json'])).stdout + (await kioskctl(['diag', 'logs'])).stdout + readFileSync(join(kiosk.dataDir, 'logs', 'kiosk.log'), 'utf8');
    const { idNumber, surname, givenNames, surnameAr, givenNamesAr, documentNumber, birthDate, address } = demoIdentity;
    for (const personal of [idNumber, surname, givenNames, surnameAr, givenNamesAr, documentNumber, birthDate, address.street]) expect(everything).not.toContain(personal);
  }, 90_000);

  it('tests the card reader only out of service, and the card that goes in for the test opens no visit', async () => {
    const refused = await kioskctl(['diag', 'selftest', '--device', 'card']);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe('kioskctl diag selftest: the kiosk refused: the card test reads the next card inserted: take the kiosk out of service first, or test the card in a technician’s visit');
    expect((await kioskctl(['diag', 'out-of-service', 'on', '--reason', 'card reader test'])).code).toBe(0);
    const test = kioskctl(['diag', 'selftest', '--device', 'card', '--json']);
    const status = async () => JSON.parse((await kioskctl(['diag', 'status', '--json'])).stdout) as { technicianPresent: boolean; selfTestRunning?: string };
    for (const deadline = Date.now() + 15_000; (await status()).selfTestRunning !== 'card' && Date.now() < deadline; ) await new Promise((ok) => setTimeout(ok, 200));
    // A technician card, which at a kiosk out of service would open a visit, goes in for the test.
    expect((await kioskctl(['lab', 'card', 'insert', '--variant', 'technician'])).code).toBe(0);
    const result = await test;
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ result: 'passed', details: { idNumberMasked: expect.stringMatching(/^\d{3}•+\d{2}$/) } });
    expect(await status()).toMatchObject({ technicianPresent: false });
    expect((await kioskctl(['lab', 'card', 'remove'])).code).toBe(0);
    expect((await kioskctl(['diag', 'out-of-service', 'off', '--reason', 'card reader tested'])).code).toBe(0);
    expect((await healthy()).code).toBe(0);
    expect(await status()).toMatchObject({ technicianPresent: false });
  }, 90_000);

  it('refuses a device it does not know, and a missing reason', async () => {
    expect((await kioskctl(['diag', 'selftest', '--device', 'toaster'])).code).toBe(2);
    expect((await kioskctl(['diag', 'out-of-service', 'on'])).stderr).toMatch(/missing --reason/);
  });
});
