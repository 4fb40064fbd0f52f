import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openKioskDb, Outbox } from '../../../offline-cache';
import { kioskctl } from './kioskctl-run';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-cli-'));
  dirs.push(d);
  return d;
}

/** A queue with one entry in each state, created and closed by this process. */
function seed(file: string, t0: number): void {
  const db = openKioskDb(file);
  const outbox = new Outbox(db, { now: () => t0 });
  const ids = ['a', 'b', 'c', 'd', 'e'].map((p) => outbox.enqueue({ serviceId: 'renew-rp', personKey: p, payload: { idNumber: '28463400123' } }).id);
  outbox.claimDue(t0, 3);
  outbox.markDelivered(ids[0]!, 'MOI-2026-0000001');
  outbox.markRejected(ids[1]!, 'invalid-payload', 'bad form');
  db.close();
}

describe('kioskctl queue', () => {
  it('status --json reports counts per state and the oldest waiting entry', async () => {
    const dir = tempDir();
    const t0 = Date.UTC(2026, 10, 28, 6, 0, 0);
    seed(join(dir, 'kiosk.db'), t0);
    const res = await kioskctl(['queue', 'status', '--db', join(dir, 'kiosk.db'), '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    const status = JSON.parse(res.stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ queued: 2, sending: 1, delivered: 1, rejected: 1, expired: 0, paidDead: 0, setAside: 0, oldestQueuedAt: new Date(t0).toISOString(), stuck: [] });
    // The age of the oldest waiting entry, what fleet metrics report: since t0, give or take the run.
    expect(status.oldestWaitingAgeMs).toBeGreaterThanOrEqual(Date.now() - t0 - 60_000);
    // The one in flight: who has it (this test process, alive) and since when; its lease ran out long ago.
    expect(status.inFlight).toEqual([
      { id: expect.any(String), localRef: expect.any(String), sender: expect.stringMatching(new RegExp(`^kiosk pid ${process.pid} on `)), senderGone: false, attempts: 1, ageMs: expect.any(Number), leaseLeftMs: expect.any(Number) },
    ]);
    expect((status.inFlight as { leaseLeftMs: number }[])[0]!.leaseLeftMs).toBeLessThan(0);
  });

  it('finds the database through KIOSK_DATA_DIR, and does not disturb in-flight entries', async () => {
    const dir = tempDir();
    seed(join(dir, 'kiosk.db'), Date.now());
    const res = await kioskctl(['queue', 'status', '--json'], { KIOSK_DATA_DIR: dir });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ sending: 1 });
    const again = await kioskctl(['queue', 'status', '--json'], { KIOSK_DATA_DIR: dir });
    expect(JSON.parse(again.stdout)).toMatchObject({ sending: 1 });
  });

  it('list --json shows references and states but no personal data', async () => {
    const dir = tempDir();
    seed(join(dir, 'kiosk.db'), Date.now());
    const res = await kioskctl(['queue', 'list', '--db', join(dir, 'kiosk.db'), '--json']);
    expect(res.code).toBe(0);
    const rows = JSON.parse(res.stdout) as { localRef: string; state: string; ministryRef?: string }[];
    expect(rows.map((r) => r.state)).toEqual(['delivered', 'rejected', 'sending', 'queued', 'queued']);
    expect(rows[0]?.ministryRef).toBe('MOI-2026-0000001');
    expect(res.stdout).not.toContain('28463400123');
    const only = await kioskctl(['queue', 'list', '--db', join(dir, 'kiosk.db'), '--state', 'queued', '--json']);
    expect(JSON.parse(only.stdout)).toHaveLength(2);
  });

  it('a missing database is one line on stderr and a non-zero exit', async () => {
    const dir = tempDir();
    const res = await kioskctl(['queue', 'status', '--db', join(dir, 'nope.db'), '--json']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/no kiosk database at .*nope\.db/);
  });
});
