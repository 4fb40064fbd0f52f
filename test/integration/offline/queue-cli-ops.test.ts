import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_QID, type GatewaySimulator, startGatewaySimulator } from '../../../gateway';
import { aesGcmCodec, fileKeyProvider, KEY_FILE_NAME, openKioskDb, Outbox } from '../../../offline-cache';
import { kioskctl } from './kioskctl-run';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kiosk-cli-ops-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

/** An encrypted queue like the browser host's: key file next to the database. */
function openQueue(dir: string) {
  const db = openKioskDb(join(dir, 'kiosk.db'));
  const outbox = new Outbox(db, { codec: aesGcmCodec(fileKeyProvider(join(dir, KEY_FILE_NAME))) });
  return { db, outbox };
}

const submission = (n: number) => ({
  serviceId: 'national-address-update',
  applicant: { idNumber: DEMO_QID },
  payload: { zone: 45, street: n },
  submittedAt: '2026-11-28T09:00:00.000Z',
});

describe('kioskctl queue list/retry/drain', () => {
  it('list --state rejected --json shows paid dead letters with their payment link; retry --id requeues one', async () => {
    const dir = tempDir();
    const { db, outbox } = openQueue(dir);
    const paid = outbox.enqueue({ serviceId: 'pay-traffic-fines', personKey: 'p1', payload: submission(1), paymentRef: 'ZVT-000042' });
    outbox.enqueue({ serviceId: 'renew-rp', personKey: 'p2', payload: submission(2) });
    outbox.claimDue(Date.now(), 1);
    outbox.markRejected(paid.id, 'fine-already-paid', 'One or more of the selected fines has already been paid.');
    db.close();

    const list = await kioskctl(['queue', 'list', '--db', join(dir, 'kiosk.db'), '--state', 'rejected', '--json']);
    expect(list.stderr).toBe('');
    expect(JSON.parse(list.stdout)).toMatchObject([{ id: paid.id, state: 'rejected', paymentRef: 'ZVT-000042', rejectCode: 'fine-already-paid' }]);
    expect(list.stdout).not.toContain(DEMO_QID);
    const status = await kioskctl(['queue', 'status', '--db', join(dir, 'kiosk.db'), '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ rejected: 1, queued: 1, paidDead: 1 });

    const retry = await kioskctl(['queue', 'retry', '--db', join(dir, 'kiosk.db'), '--id', paid.id, '--json']);
    expect(retry.stderr).toBe('');
    expect(JSON.parse(retry.stdout)).toEqual({ requeued: 1 });
    const unknown = await kioskctl(['queue', 'retry', '--db', join(dir, 'kiosk.db'), '--id', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no outbox entry nope/);
  });

  it('drain delivers the encrypted queue to a gateway, exactly once, and reports what it did', async () => {
    const dir = tempDir();
    const gw: GatewaySimulator = await startGatewaySimulator({ flaky: 0.2, seed: 9, retryAfterS: 0 });
    cleanups.push(() => gw.close());
    const { db, outbox } = openQueue(dir);
    const entries = [1, 2, 3, 4, 5, 6].map((n) => outbox.enqueue({ serviceId: 'national-address-update', personKey: `p${n % 2}`, payload: submission(n) }));
    db.close();
    const res = await kioskctl(['queue', 'drain', '--db', join(dir, 'kiosk.db'), '--gateway-url', gw.url, '--timeout-ms', '30000', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ delivered: 6, rejected: 0, remaining: 0 });
    const refs = gw.submissions().map((s) => s.localRef);
    expect(refs.sort()).toEqual(entries.map((e) => e.localRef).sort());
  });

  it("drain goes where the kiosk's settings say (KIOSK_DATA_DIR, KIOSK_GATEWAY_URL, KIOSK_ID) unless a flag says otherwise", async () => {
    const dir = tempDir();
    const gw: GatewaySimulator = await startGatewaySimulator({ retryAfterS: 0 });
    cleanups.push(() => gw.close());
    const { db, outbox } = openQueue(dir);
    const entry = outbox.enqueue({ serviceId: 'national-address-update', personKey: 'p1', payload: submission(1) });
    db.close();
    const none = await kioskctl(['queue', 'drain', '--json'], { KIOSK_DATA_DIR: dir, KIOSK_GATEWAY_URL: '' });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/missing --gateway-url \(or set KIOSK_GATEWAY_URL\)/);
    const res = await kioskctl(['queue', 'drain', '--timeout-ms', '20000', '--json'], { KIOSK_DATA_DIR: dir, KIOSK_GATEWAY_URL: gw.url, KIOSK_ID: 'K42' });
    expect(res.stderr).toBe('');
    expect(JSON.parse(res.stdout)).toMatchObject({ delivered: 1, remaining: 0 });
    expect(gw.submissions().map((s) => [s.localRef, s.kioskId])).toEqual([[entry.localRef, 'K42']]);
  });

  it('drain without a reachable gateway leaves the queue as it was and exits non-zero', async () => {
    const dir = tempDir();
    const { db, outbox } = openQueue(dir);
    outbox.enqueue({ serviceId: 'renew-rp', personKey: 'p1', payload: submission(1) });
    db.close();
    const res = await kioskctl(['queue', 'drain', '--db', join(dir, 'kiosk.db'), '--gateway-url', 'http://127.0.0.1:9', '--timeout-ms', '1500', '--json']);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout)).toMatchObject({ delivered: 0, remaining: 1 });
  });

  it('drain refuses encrypted payloads without the key file, leaving them queued', async () => {
    const dir = tempDir();
    const { db, outbox } = openQueue(dir);
    outbox.enqueue({ serviceId: 'renew-rp', personKey: 'p1', payload: submission(1) });
    db.close();
    rmSync(join(dir, KEY_FILE_NAME));
    const res = await kioskctl(['queue', 'drain', '--db', join(dir, 'kiosk.db'), '--gateway-url', 'http://127.0.0.1:9', '--json']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/encrypted and there is no key file/);
    const status = await kioskctl(['queue', 'status', '--db', join(dir, 'kiosk.db'), '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ queued: 1, rejected: 0 });
  });
});
