import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startMaintenance } from '../../../main/app/maintenance';
import { loadSettings } from '../../../main/config';
import { silentLogger } from '../../../main/core/log';
import { AuditLog, openKioskDb, Outbox } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

/**
 * Audit retention on a real SQLite file, end to end: entries go to the gateway through the
 * outbox (the delivery trigger records each acknowledgement), the maintenance window removes
 * those delivered and older than `maintenance.auditKeepDays`, the file is closed and opened
 * again, and `kioskctl diag audit --json` verifies the chain from the anchor and says so.
 */
const run = promisify(execFile);
const KIOSKCTL = new URL('../../../bin/kioskctl.mjs', import.meta.url).pathname;
const tmp = useTempDir();
const DAY = 86_400_000;

async function diagAudit(path: string) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KIOSK_'))) as Record<string, string>;
  const { stdout, stderr } = await run(process.execPath, [KIOSKCTL, 'diag', 'audit', '--db', path, '--json'], { env });
  return { out: JSON.parse(stdout) as { verification: { ok: boolean; entries: number; from: { seq: number; hash: string } }; entries: { seq: number }[] }, stderr };
}

describe('audit entries expire once delivered', () => {
  it('prunes in the maintenance window what the gateway acknowledged past the retention, and the chain verifies from the anchor after a reopen', async () => {
    const dir = tmp.dir();
    const path = `${dir}/kiosk.db`;
    const start = Date.UTC(2026, 0, 1, 10);
    let t = start;
    let db = openKioskDb(path);
    const outbox = new Outbox(db);
    const audit = new AuditLog(db, { outbox, now: () => t });
    // Ten entries a day apart; the gateway acknowledges the first seven (through the outbox).
    for (let i = 0; i < 10; i++) {
      audit.append({ actor: '290••••••77', action: i === 0 ? 'enter' : 'selftest', detail: { n: i } });
      t += DAY;
    }
    const all = audit.entries();
    for (let i = 0; i < 7; i++) {
      const [entry] = outbox.claimDue(Date.now(), 1);
      outbox.markDelivered(entry!.id, `ack-${entry!.localRef}`);
    }
    expect(audit.unshippedCount()).toBe(3);
    // Before: the whole chain, from the genesis.
    db.close();
    expect((await diagAudit(path)).out.verification).toMatchObject({ ok: true, entries: 10, from: { seq: 0 } });

    // The window, 400 days after the first entry, with a retention of 395 days: entries 1-5 are
    // old enough and acknowledged, 6 and 7 acknowledged but younger, 8-10 not acknowledged.
    db = openKioskDb(path);
    const window = new Date(start + 400 * DAY);
    window.setHours(3, 30, 0, 0);
    const settings = { ...loadSettings({ env: {} }).maintenance, restart: false, auditKeepDays: 395 };
    const maintenance = startMaintenance({ db, dataDir: dir, databasePath: path, settings, log: silentLogger, idle: () => true, now: () => window.getTime(), firstCheckMs: 3_600_000 });
    const done = maintenance.check();
    maintenance.close();
    expect(done.cleaned).toMatchObject({ auditEntries: 5 });
    db.close();

    const { out, stderr } = await diagAudit(path);
    expect(out.verification).toEqual({ ok: true, entries: 5, head: all[9]!.hash, from: { seq: 5, hash: all[4]!.hash } });
    expect(out.entries.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10]);
    expect(stderr).toBe('');

    // The kiosk goes on after a restart: the next entry chains on, the chain still holds.
    db = openKioskDb(path);
    new AuditLog(db).append({ actor: 'kiosk', action: 'exit' });
    db.close();
    expect((await diagAudit(path)).out.verification).toMatchObject({ ok: true, entries: 6, from: { seq: 5 } });
  });
});
