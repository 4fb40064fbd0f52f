import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startGatewaySimulator, type GatewaySimulator } from '../../../gateway';
import { createOfflineDelivery, type OfflineDelivery } from '../../../main/gateway';
import { AuditLog, fileKeyProvider, KEY_FILE_NAME, openKioskDb, type OutboxEntry } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';
import { eventOf, waitFor, waitForEvent } from '../../support/wait';

/**
 * The technician audit log reaches the ministry through the outbox (issue 11): the real gateway
 * simulator, the kiosk's delivery stack (encrypted outbox, delivery loop, probe) on an SQLite
 * file, and the gateway's own check of the chain it holds.
 */
const tmp = useTempDir();
const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

function kioskOn(file: string, gw: GatewaySimulator, kioskId = 'K05'): { offline: OfflineDelivery; log: AuditLog; close(): Promise<void> } {
  const db = openKioskDb(file);
  const offline = createOfflineDelivery({
    db,
    kioskId,
    gatewayUrl: gw.url,
    keys: fileKeyProvider(join(file, '..', KEY_FILE_NAME)),
    probeTimeoutMs: 300,
    timeoutMs: 1000,
    delivery: { baseDelayMs: 20, maxDelayMs: 100 },
    probe: { onlineIntervalMs: 200, offlineIntervalMs: 50, confirmMs: 20 },
  });
  const log = new AuditLog(db, { outbox: offline.outbox });
  offline.start();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await offline.stop();
    db.close();
  };
  stops.push(close);
  return { offline, log, close };
}

/** A short visit, as the technician desk writes it. */
function visit(log: AuditLog): void {
  const actor = '284••••••23';
  log.append({ actor, action: 'technician-card' });
  log.append({ actor, action: 'pin-wrong', detail: { triesLeft: 4 } });
  log.append({ actor, action: 'enter' });
  log.append({ actor, action: 'selftest', detail: { test: 'printer', result: 'passed', paperBefore: 'ok', paperAfter: 'ok' } });
  log.append({ actor, action: 'exit', detail: { how: 'card-removed', back: 'in-service' } });
}

describe('audit entries delivered to the gateway', () => {
  it('wait while the gateway is down, then arrive once each, in order, answers lost on the way, and the chain verifies there', async () => {
    const gw = await startGatewaySimulator({ down: true, seed: 11 });
    stops.push(() => gw.close());
    const file = tmp.path();
    const kiosk = kioskOn(file, gw);
    visit(kiosk.log);
    await waitFor(() => kiosk.offline.probe.status === 'offline' && kiosk.offline.outbox.list()[0]!.attempts > 0, { what: 'the probe to see the gateway down, and a first attempt' });
    // The first is tried (and fails); the others wait behind it in the one audit line.
    const waiting = (e: OutboxEntry) => [e.kind, e.localRef, e.state === 'queued' || e.state === 'sending' ? 'waiting' : e.state];
    expect(kiosk.offline.outbox.list().map(waiting)).toEqual([1, 2, 3, 4, 5].map((seq) => ['audit-entry', `AUD-${seq}`, 'waiting']));
    expect(kiosk.offline.outbox.list().slice(1).every((e) => e.attempts === 0)).toBe(true);
    expect(kiosk.log.unshippedCount()).toBe(5);
    expect(gw.auditEntries('K05')).toEqual([]);

    // Back, but half the answers are lost after the gateway recorded the entry: each is sent again.
    gw.setFaults({ lostAck: 0.5 });
    gw.setDown(false);
    await waitFor(() => kiosk.log.unshippedCount() === 0, { what: 'every audit entry acknowledged', timeoutMs: 15_000 });
    const sent = kiosk.offline.outbox.list();
    expect(sent.every((e) => e.state === 'delivered')).toBe(true);
    // However many answers were lost (the mix is random; conformance.test.ts replays one on purpose), each entry is held once.
    expect(sent.reduce((n, e) => n + e.attempts, 0)).toBeGreaterThanOrEqual(5);
    const local = kiosk.log.verify();
    expect(gw.auditEntries('K05').map((e) => [e.seq, e.action, e.actor])).toEqual(kiosk.log.entries().map((e) => [e.seq, e.action, e.actor]));
    expect(gw.verifyAudit('K05')).toEqual({ ok: true, entries: 5, head: local.ok && local.head });
    expect(sent.map((e) => e.ministryRef)).toEqual(kiosk.log.entries().map((e) => e.hash));

    // A restart sends nothing again; the next visit's entries continue the chain at the gateway.
    gw.setFaults({});
    await kiosk.close();
    const again = kioskOn(file, gw);
    again.log.append({ actor: 'kioskctl', action: 'out-of-service-on', detail: { by: 'kioskctl', reason: 'card reader replaced' } });
    await waitFor(() => again.log.unshippedCount() === 0, { what: 'the new entry acknowledged' });
    expect(gw.auditEntries('K05').map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(gw.verifyAudit('K05')).toMatchObject({ ok: true, entries: 6 });
  });

  it('keeps the original at the gateway: a kiosk whose log was replaced gets a dead letter naming the conflict', async () => {
    const gw = await startGatewaySimulator({ seed: 12 });
    stops.push(() => gw.close());
    const first = kioskOn(tmp.path(), gw);
    visit(first.log);
    await waitFor(() => first.log.unshippedCount() === 0, { what: 'the first log delivered' });
    await first.close();

    // The same kiosk id with a fresh database: its first entry is not the one the ministry holds.
    const replaced = kioskOn(tmp.path(), gw);
    const rejected = waitForEvent<OutboxEntry>(eventOf(replaced.offline.delivery, 'rejected'), { what: 'the conflicting entry refused' });
    replaced.log.append({ actor: 'kiosk', action: 'enter' });
    expect(await rejected).toMatchObject({ kind: 'audit-entry', localRef: 'AUD-1', state: 'rejected', rejectCode: 'audit-seq-conflict' });
    expect(replaced.log.unshippedCount()).toBe(1);
    expect(gw.auditEntries('K05').map((e) => e.action)).toEqual(['technician-card', 'pin-wrong', 'enter', 'selftest', 'exit']);
    expect(gw.verifyAudit('K05')).toMatchObject({ ok: true, entries: 5 });
  });
});
