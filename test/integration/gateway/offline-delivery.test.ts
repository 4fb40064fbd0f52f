import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_QID, startGatewaySimulator } from '../../../gateway';
import { createOfflineDelivery, type GatewayStatus, type QueuedSubmission } from '../../../main/gateway';
import { fileKeyProvider, KEY_FILE_NAME, openKioskDb } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

describe('createOfflineDelivery (the composition root’s one call)', () => {
  it('queues while the gateway is down, shows offline, and delivers as soon as the probe sees it back', async () => {
    const gw = await startGatewaySimulator({ down: true });
    stops.push(() => gw.close());
    const file = tmp.path();
    const db = openKioskDb(file);
    stops.push(() => db.open && db.close());
    const offline = createOfflineDelivery({
      db,
      kioskId: 'K03',
      gatewayUrl: gw.url,
      keys: fileKeyProvider(join(file, '..', KEY_FILE_NAME)),
      probeTimeoutMs: 300,
      delivery: { baseDelayMs: 5000, maxDelayMs: 5000 }, // long backoff: only the probe's kick can deliver quickly
      probe: { onlineIntervalMs: 200, offlineIntervalMs: 50, confirmMs: 20 },
    });
    stops.push(() => offline.stop());
    const statuses: GatewayStatus[] = [];
    offline.probe.on('change', (s) => statuses.push(s));
    offline.start();

    const payload: QueuedSubmission = { serviceId: 'national-address-update', applicant: { idNumber: DEMO_QID }, payload: { zone: 9 }, submittedAt: '2026-11-28T09:00:00.000Z' };
    const entry = offline.outbox.enqueue({ serviceId: payload.serviceId, personKey: 'p1', payload });
    offline.delivery.kick();
    while (!statuses.includes('offline')) await new Promise((r) => setTimeout(r, 20));
    expect(offline.outbox.get(entry.id)!.state).toBe('queued');
    expect(statSync(join(file, '..', KEY_FILE_NAME)).mode & 0o777).toBe(0o600);

    const delivered = new Promise((r) => offline.delivery.once('delivered', r));
    const t = Date.now();
    gw.setDown(false);
    await delivered;
    expect(Date.now() - t).toBeLessThan(4000); // well before the 5 s backoff: the probe kicked it
    expect(statuses).toEqual(['offline', 'online']);
    expect(gw.submissions().map((s) => s.localRef)).toEqual([entry.localRef]);
    await offline.stop();
    db.close();
    expect(readFileSync(file).includes(Buffer.from(DEMO_QID))).toBe(false);
  });
});
