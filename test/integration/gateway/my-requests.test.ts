import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_QID, demoSponsoredPeople, startGatewaySimulator } from '../../../gateway';
import { wireDelivery } from '../../../main/app/delivery';
import { openStore } from '../../../main/app/store';
import { DeviceStateModel } from '../../../main/core/device-states';
import { silentLogger } from '../../../main/core/log';
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
    const forRajeshToo = { id: rajesh.id, idNumberMasked: rajesh.idNumberMasked };
    const sent = outbox.enqueue({ serviceId: 'renew-residence-permit', personKey: 'me', payload: body(rajesh.id), beneficiary: forRajeshToo });
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
    // A delivered request's payload is purged once acknowledged, but the outbox keeps for whom it
    // was (an opaque id and a masked number): offline it is still listed under that person.
    expect(outbox.get(sent.id)).toMatchObject({ payload: undefined, purgedAt: expect.any(Number), beneficiary: forRajeshToo });
    const forEmployee = outbox.enqueue({ serviceId: 'renew-residence-permit', personKey: 'me', payload: body(rajesh.id), beneficiary: forRajeshToo });
    const later = await trackRequests(outbox, client, DEMO_QID, 'me', { warn: (event, fields) => warnings.push([event, fields]) });
    expect(offline.people.map((p) => [p.personId, p.requests.map((r) => r.localRef)])).toEqual([
      ['self', [waiting.localRef]],
      [rajesh.id, [sent.localRef]],
    ]);
    expect(offline.people[1]).toMatchObject({ idNumberMasked: rajesh.idNumberMasked });
    expect(offline.people[1]!.requests[0]!.history.map((h) => h.status)).toEqual(['queued', 'received']);
    expect(later.people.map((p) => [p.personId, p.requests.map((r) => r.localRef)])).toEqual([
      ['self', [waiting.localRef]],
      [rajesh.id, [forEmployee.localRef, sent.localRef]],
    ]);
    // The log names what failed, not whom.
    expect(warnings).toEqual([['requests-inquiry-failed', { code: 'unreachable' }], ['requests-inquiry-failed', { code: 'unreachable' }]]);
    expect(JSON.stringify(warnings)).not.toContain(DEMO_QID);
    expect((await trackRequests(outbox, client, '29012345678', 'someone-else')).people).toEqual([{ personId: 'self', requests: [] }]);
  });

  it('a request for a sponsored person queued while the ministry is down stays under that person once delivered, offline again and after a restart', async () => {
    const gw = await startGatewaySimulator({ down: true });
    stops.push(() => gw.close());
    const dataDir = tmp.dir();
    const kiosk = (store = openStore(dataDir)) => {
      const wiring = wireDelivery({
        store,
        kioskId: 'K01',
        gatewayUrl: gw.url,
        currency: 'QAR',
        log: silentLogger,
        probe: { onlineIntervalMs: 200, offlineIntervalMs: 50, confirmMs: 20 },
        states: new DeviceStateModel({ clock: { now: Date.now }, log: silentLogger }),
      });
      wiring.offline.start();
      stops.push(async () => {
        await wiring.close();
        if (store.db.open) store.close();
      });
      return { store, wiring };
    };
    const first = kiosk();
    // As checkout records it: the payload names the employee, and the kiosk keeps who it is for.
    const made = first.wiring.port.submissions.enqueue({
      serviceId: 'renew-residence-permit',
      applicant: { profile: 'moi-qid', idNumber: DEMO_QID },
      payload: { beneficiary: 'employee', beneficiaryId: rajesh.id, fields: { years: 'y1' } },
      beneficiary: { id: rajesh.id, idNumberMasked: rajesh.idNumberMasked },
    });
    const requests = () => first.wiring.port.requests.requestsOf(DEMO_QID);
    const byPerson = (t: Awaited<ReturnType<typeof requests>>) => t.people.map((p) => [p.personId, p.requests.filter((r) => r.channel === 'this-kiosk').map((r) => r.localRef)]);

    // Down: only the queue, under the employee, with the masked number the kiosk kept.
    const queued = await requests();
    expect(queued.ministry).toBe('unavailable');
    expect(byPerson(queued)).toEqual([
      ['self', []],
      [rajesh.id, [made.localRef]],
    ]);
    expect(queued.people[1]).toMatchObject({ idNumberMasked: rajesh.idNumberMasked });

    // Up: delivered once, listed once under the employee the ministry names.
    const delivered = new Promise((r) => first.wiring.offline.delivery.once('delivered', r));
    gw.setDown(false);
    await delivered;
    expect(gw.submissions().map((r) => r.localRef)).toEqual([made.localRef]);
    const online = await requests();
    expect(online.ministry).toBe('answered');
    expect(byPerson(online)[0]).toEqual(['self', []]);
    expect(online.people.find((p) => p.personId === rajesh.id)!.requests.filter((r) => r.localRef === made.localRef)).toEqual([
      expect.objectContaining({ ministryRef: gw.submissions()[0]!.ministryRef, channel: 'this-kiosk' }),
    ]);
    expect(first.wiring.offline.outbox.get(made.id)).toMatchObject({ state: 'delivered', payload: undefined });

    // Down again: the payload is gone, who it was for is not.
    gw.setDown(true);
    const after = await requests();
    expect(after.ministry).toBe('unavailable');
    expect(byPerson(after)).toEqual([
      ['self', []],
      [rajesh.id, [made.localRef]],
    ]);
    expect(after.people[1]!.requests[0]!.history.map((h) => h.status)).toEqual(['queued', 'received']);

    // A restart on the same file: the same answer.
    await first.wiring.close();
    first.store.close();
    const second = kiosk();
    const restarted = await second.wiring.port.requests.requestsOf(DEMO_QID);
    expect(byPerson(restarted)).toEqual(byPerson(after));
    expect(restarted.people[1]).toMatchObject({ idNumberMasked: rajesh.idNumberMasked });
    // What the kiosk keeps in clear names nobody: no QID, no name (the masked number only).
    for (const f of readdirSync(dataDir).filter((n) => n.startsWith('kiosk.db'))) {
      const bytes = readFileSync(join(dataDir, f));
      for (const secret of [DEMO_QID, rajesh.givenNames, rajesh.surname, rajesh.givenNamesAr]) expect(bytes.includes(Buffer.from(secret))).toBe(false);
    }
  });
});
