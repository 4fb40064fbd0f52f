import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_QID, demoSponsoredPeople, startGatewaySimulator } from '../../../gateway';
import { GatewayClient, outboxSender, type QueuedSubmission, trackRequests } from '../../../main/gateway';
import { openKioskDb, Outbox, OutboxDelivery } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const stops: (() => unknown)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0).reverse()) await s();
});

const rajesh = demoSponsoredPeople(DEMO_QID)[0]!;
const body = (beneficiaryId?: string): QueuedSubmission => ({
  serviceId: 'renew-residence-permit',
  applicant: { idNumber: DEMO_QID },
  payload: beneficiaryId ? { beneficiary: 'employee', beneficiaryId, fields: {} } : { beneficiary: 'self', fields: {} },
  submittedAt: new Date().toISOString(),
});

describe('my requests: the ministry’s list merged with a real outbox', () => {
  it('a delivered request once (the ministry’s history, made here), a queued one as queued under its person; offline only the kiosk’s, said so', async () => {
    const gw = await startGatewaySimulator({ rejectLater: 1, rejectAfterMs: 10 });
    stops.push(() => gw.close());
    const db = openKioskDb(tmp.path());
    stops.push(() => db.close());
    const outbox = new Outbox(db);
    const client = new GatewayClient({ baseUrl: gw.url, kioskId: 'K01', timeoutMs: 1000 });
    const delivery = new OutboxDelivery(outbox, outboxSender(client), { baseDelayMs: 20, maxDelayMs: 100, pollMs: 50 });
    stops.push(() => delivery.stop());
    const sent = outbox.enqueue({ serviceId: 'renew-residence-permit', personKey: 'me', payload: body(rajesh.id) });
    const delivered = new Promise((r) => delivery.once('delivered', r));
    delivery.start();
    await delivered;
    await delivery.stop();
    const waiting = outbox.enqueue({ serviceId: 'renew-residence-permit', personKey: 'me', payload: body() });
    const ministryRef = gw.submissions()[0]!.ministryRef;
    // The ministry's review turns the delivered one down a moment later.
    await new Promise((r) => setTimeout(r, 40));

    const online = await trackRequests(outbox, client, DEMO_QID, 'me');
    expect(online.ministry).toBe('answered');
    expect(online.people.map((p) => p.personId)).toEqual(['self', ...demoSponsoredPeople(DEMO_QID).map((p) => p.id)]);
    const self = online.people[0]!.requests;
    expect(self[0]).toMatchObject({ localRef: waiting.localRef, channel: 'this-kiosk', history: [{ status: 'queued' }] });
    expect(self.some((r) => r.channel === 'website' && r.outstandingFee?.serviceId === 'pay-traffic-fines')).toBe(true);
    const forRajesh = online.people[1]!.requests.filter((r) => r.localRef === sent.localRef);
    expect(forRajesh).toHaveLength(1);
    expect(forRajesh[0]).toMatchObject({ ministryRef, channel: 'this-kiosk' });
    expect(forRajesh[0]!.history.map((h) => h.status)).toEqual(['queued', 'received', 'rejected']);

    gw.setDown(true);
    const warnings: unknown[] = [];
    const offline = await trackRequests(outbox, client, DEMO_QID, 'me', { warn: (event, fields) => warnings.push([event, fields]) });
    expect(offline.ministry).toBe('unavailable');
    // A delivered request's payload is purged once acknowledged, and with it for whom it was: offline
    // the kiosk lists it among the card holder's, who made it. A queued one still knows its person.
    const forEmployee = outbox.enqueue({ serviceId: 'renew-residence-permit', personKey: 'me', payload: body(rajesh.id) });
    const later = await trackRequests(outbox, client, DEMO_QID, 'me', { warn: (event, fields) => warnings.push([event, fields]) });
    expect(offline.people.map((p) => [p.personId, p.requests.map((r) => r.localRef)])).toEqual([['self', [waiting.localRef, sent.localRef]]]);
    expect(offline.people[0]!.requests[1]!.history.map((h) => h.status)).toEqual(['queued', 'received']);
    expect(later.people.map((p) => [p.personId, p.requests.map((r) => r.localRef)])).toEqual([
      ['self', [waiting.localRef, sent.localRef]],
      [rajesh.id, [forEmployee.localRef]],
    ]);
    // The log names what failed, not whom.
    expect(warnings).toEqual([['requests-inquiry-failed', { code: 'unreachable' }], ['requests-inquiry-failed', { code: 'unreachable' }]]);
    expect(JSON.stringify(warnings)).not.toContain(DEMO_QID);
    expect((await trackRequests(outbox, client, '29012345678', 'someone-else')).people).toEqual([{ personId: 'self', requests: [] }]);
  });
});
