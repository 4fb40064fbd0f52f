import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_QID, startGatewaySimulator } from '../../../gateway';
import { GatewayClient, myRequests, outboxSender, type QueuedSubmission } from '../../../main/gateway';
import { openKioskDb, Outbox, OutboxDelivery } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

const body = (zone: number): QueuedSubmission => ({
  serviceId: 'national-address-update',
  applicant: { idNumber: DEMO_QID },
  payload: { zone },
  submittedAt: '2026-11-28T09:00:00.000Z',
});

describe('my requests', () => {
  it('shows local and ministry references, and the ministry’s later rejection; offline it shows what the kiosk knows', async () => {
    const gw = await startGatewaySimulator({ rejectLater: 1, rejectAfterMs: 10 });
    stops.push(() => gw.close());
    const db = openKioskDb(tmp.path());
    stops.push(() => db.close());
    const outbox = new Outbox(db);
    const client = new GatewayClient({ baseUrl: gw.url, kioskId: 'K01', timeoutMs: 1000 });
    const delivery = new OutboxDelivery(outbox, outboxSender(client), { baseDelayMs: 20, maxDelayMs: 100, pollMs: 50 });
    stops.push(() => delivery.stop());
    const a = outbox.enqueue({ serviceId: 'national-address-update', personKey: 'me', payload: body(1) });
    const delivered = new Promise((r) => delivery.once('delivered', r));
    delivery.start();
    await delivered;
    await delivery.stop();
    const b = outbox.enqueue({ serviceId: 'national-address-update', personKey: 'me', payload: body(2) }); // not sent yet
    await new Promise((r) => setTimeout(r, 40));

    const mine = await myRequests(outbox, client, 'me');
    expect(mine.map((r) => [r.localRef, r.state])).toEqual([
      [b.localRef, 'queued'],
      [a.localRef, 'delivered'],
    ]);
    expect(mine[1]).toMatchObject({ ministryRef: gw.submissions()[0]!.ministryRef, ministryStatus: 'rejected', ministryReason: { code: 'rejected-on-review' } });

    gw.setDown(true);
    const offline = await myRequests(outbox, client, 'me');
    expect(offline[1]).toMatchObject({ localRef: a.localRef, ministryRef: gw.submissions()[0]!.ministryRef });
    expect(offline[1]!.ministryStatus).toBeUndefined();
    expect(await myRequests(outbox, client, 'someone-else')).toEqual([]);
  });
});
