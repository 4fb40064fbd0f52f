import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RotatingLogFile } from '../../../main/app/log-file';
import { MAINTENANCE_FILE, type MaintenanceSettings, startMaintenance, windowAt } from '../../../main/app/maintenance';
import { builtInSettings } from '../../../main/config/settings';
import { silentLogger } from '../../../main/core/log';
import type { KioskDatabase } from '../../../offline-cache/db';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir('kiosk-maintenance-');
const DAY = 86_400_000;
const SETTINGS = builtInSettings(process.env).maintenance as MaintenanceSettings;
/** 03:30 local time on 3 December 2026: inside the shipped 03:00 + 120 minutes window. */
const IN_WINDOW = new Date(2026, 11, 3, 3, 30).getTime();

function outboxRow(db: KioskDatabase, id: string, state: string, updatedAt: number, paymentRef: string | null = null): void {
  db.prepare(
    `INSERT INTO outbox (id, service_id, person_key, payload, payload_format, payment_ref, local_ref, idempotency_key, state, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, 'national-address', 'p', NULL, 'aes-gcm', ?, ?, ?, ?, 0, 0, ?, ?)`,
  ).run(id, paymentRef, `K01-${id}`, `key-${id}`, state, updatedAt, updatedAt);
}

function paymentRow(db: KioskDatabase, id: string, state: string, updatedAt: number): void {
  db.prepare(
    `INSERT INTO payment_journal (id, request_id, session_id, kind, amount_cents, currency, state, step, created_at, updated_at)
     VALUES (?, ?, 's', 'sale', 100, 'QAR', ?, 'done', ?, ?)`,
  ).run(id, `r-${id}`, state, updatedAt, updatedAt);
  db.prepare(`INSERT INTO payment_journal_events (payment_id, at, event) VALUES (?, ?, 'intent')`).run(id, updatedAt);
}

const ids = (db: KioskDatabase, table: string) => (db.prepare(`SELECT id FROM ${table} ORDER BY id`).all() as { id: string }[]).map((r) => r.id);

describe('the daily maintenance window', () => {
  it('is open from its local start for its length, across midnight too, and names the day it opened', () => {
    expect(windowAt(IN_WINDOW, '03:00', 120)).toEqual({ open: true, day: '2026-12-03' });
    expect(windowAt(new Date(2026, 11, 3, 5, 0).getTime(), '03:00', 120).open).toBe(false);
    expect(windowAt(new Date(2026, 11, 3, 2, 59).getTime(), '03:00', 120).open).toBe(false);
    expect(windowAt(new Date(2026, 11, 4, 0, 30).getTime(), '23:30', 90)).toEqual({ open: true, day: '2026-12-03' });
  });

  it('removes only finished data older than keepDays, compacts, and restarts once a day, only when idle', () => {
    const { db, path } = tmp.db();
    const dataDir = join(path, '..');
    const old = IN_WINDOW - 40 * DAY;
    const recent = IN_WINDOW - 2 * DAY;
    outboxRow(db, 'a-old-delivered', 'delivered', old);
    outboxRow(db, 'b-old-queued', 'queued', old);
    outboxRow(db, 'c-recent-delivered', 'delivered', recent);
    outboxRow(db, 'd-old-rejected-refund-owed', 'rejected', old, 'pay-owed');
    paymentRow(db, 'pay-fulfilled', 'fulfilled', old);
    paymentRow(db, 'pay-owed', 'refund-owed', old);
    paymentRow(db, 'pay-unknown', 'unknown', old);
    paymentRow(db, 'pay-recent', 'fulfilled', recent);

    let idle = false;
    let restarts = 0;
    let now = IN_WINDOW;
    const run = () => startMaintenance({ db, dataDir, databasePath: path, settings: SETTINGS, log: silentLogger, idle: () => idle, restart: () => (restarts += 1), now: () => now, firstCheckMs: 3_600_000 });
    const m = run();
    // A shopper is at the kiosk: nothing happens.
    expect(m.check()).toEqual({});
    expect(ids(db, 'outbox')).toHaveLength(4);

    idle = true;
    const done = m.check();
    expect(done).toMatchObject({ cleaned: { requests: 1, payments: 1, paymentEvents: 1, keepDays: 30 }, restarting: true });
    expect(ids(db, 'outbox')).toEqual(['b-old-queued', 'c-recent-delivered', 'd-old-rejected-refund-owed']);
    expect(ids(db, 'payment_journal')).toEqual(['pay-owed', 'pay-recent', 'pay-unknown']);
    expect(restarts).toBe(1);
    expect(JSON.parse(readFileSync(join(dataDir, MAINTENANCE_FILE), 'utf8'))).toEqual({ cleanup: '2026-12-03', restart: '2026-12-03' });
    m.close();

    // The restarted kiosk, still inside the window: done for today, no second restart.
    const again = run();
    expect(again.check()).toEqual({});
    now = IN_WINDOW + DAY;
    expect(again.check()).toMatchObject({ cleaned: { requests: 0 }, restarting: true });
    expect(restarts).toBe(2);
    again.close();
  });

  it('outside the window does nothing, and without a restart hook only cleans', () => {
    const { db, path } = tmp.db();
    const m = startMaintenance({ db, dataDir: join(path, '..'), databasePath: path, settings: SETTINGS, log: silentLogger, idle: () => true, now: () => IN_WINDOW + 3 * 3_600_000, firstCheckMs: 3_600_000 });
    expect(m.check()).toEqual({});
    m.close();
    const n = startMaintenance({ db, dataDir: join(path, '..'), databasePath: path, settings: SETTINGS, log: silentLogger, idle: () => true, now: () => IN_WINDOW, firstCheckMs: 3_600_000 });
    expect(n.check()).toMatchObject({ cleaned: { requests: 0 } });
    n.close();
  });
});

describe('the log file', () => {
  it('rotates by size, keeps maxFiles, and the window prunes rotated files by age', () => {
    const dir = tmp.dir();
    const log = new RotatingLogFile(dir, { maxBytes: 64 * 1024, maxFiles: 3, maxAgeDays: 14 });
    const line = `${JSON.stringify({ event: 'x', pad: 'y'.repeat(1000) })}\n`;
    for (let i = 0; i < 300; i++) log.write(line);
    expect(existsSync(join(dir, 'kiosk.log.3'))).toBe(true);
    expect(existsSync(join(dir, 'kiosk.log.4'))).toBe(false);
    for (const f of ['kiosk.log', 'kiosk.log.1']) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(64 * 1024);
    const weekOld = (Date.now() - 20 * DAY) / 1000;
    utimesSync(join(dir, 'kiosk.log.3'), weekOld, weekOld);
    writeFileSync(join(dir, 'other.txt'), 'kept');
    expect(log.prune(Date.now())).toBe(1);
    expect(existsSync(join(dir, 'kiosk.log.3'))).toBe(false);
    expect(existsSync(join(dir, 'kiosk.log.2'))).toBe(true);
    expect(existsSync(join(dir, 'other.txt'))).toBe(true);
  });
});
