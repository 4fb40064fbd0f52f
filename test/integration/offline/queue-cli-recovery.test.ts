import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_QID, type GatewaySimulator, startGatewaySimulator } from '../../../gateway';
import { aesGcmCodec, fileKeyProvider, KEY_FILE_NAME, openKioskDb, Outbox } from '../../../offline-cache';
import { PaymentJournal } from '../../../offline-cache/payment-journal';
import { goneSenderId } from '../../support/senders';
import { kioskctl } from './kioskctl-run';

/**
 * kioskctl queue after a crash: a killed drain's in-flight entries are taken over, a live
 * sender's are left alone, status shows who sends what and which lines are stuck, set-aside lets
 * a stuck line move, a paid refusal marks its payment to be returned.
 */
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An encrypted queue like the browser host's (key file next to the database), as `sender`. */
function queue(opts: { sender?: string; now?: () => number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-cli-recovery-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const db = openKioskDb(join(dir, 'kiosk.db'));
  cleanups.push(() => db.open && db.close());
  const outbox = new Outbox(db, { codec: aesGcmCodec(fileKeyProvider(join(dir, KEY_FILE_NAME))), ...opts });
  return { dir, db, outbox, dbPath: join(dir, 'kiosk.db') };
}

async function gateway(opts: Parameters<typeof startGatewaySimulator>[0] = {}): Promise<GatewaySimulator> {
  const gw = await startGatewaySimulator({ retryAfterS: 0, ...opts });
  cleanups.push(() => gw.close());
  return gw;
}

const submission = (n: number, qid = DEMO_QID) => ({
  serviceId: 'national-address-update',
  applicant: { idNumber: qid },
  payload: { zone: 45, street: n },
  submittedAt: '2026-11-28T09:00:00.000Z',
});

describe('kioskctl queue after a crash', () => {
  it('drain takes over at once what a killed drain was sending, and delivers the line behind it in order', async () => {
    const { outbox, db, dbPath } = queue({ sender: goneSenderId('kioskctl-drain') });
    const entries = [1, 2, 3].map((n) => outbox.enqueue({ serviceId: 'national-address-update', personKey: 'p1', payload: submission(n) }));
    outbox.claimDue(Date.now(), 10); // the first was in flight when its drain was killed
    db.close();
    const status = await kioskctl(['queue', 'status', '--db', dbPath, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ sending: 1, inFlight: [{ localRef: entries[0]!.localRef, senderGone: true, sender: expect.stringMatching(/^kioskctl-drain pid \d+ on /) }] });
    const text = await kioskctl(['queue', 'status', '--db', dbPath]);
    expect(text.stdout).toMatch(/sending K01-\d{8}-000001 for \d+ s by kioskctl-drain pid \d+ on .*its process is gone/);

    const gw = await gateway();
    const res = await kioskctl(['queue', 'drain', '--db', dbPath, '--gateway-url', gw.url, '--timeout-ms', '20000', '--json']);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ delivered: 3, takenOver: 1, remaining: 0, faults: [] });
    expect(gw.submissions().map((r) => r.localRef)).toEqual(entries.map((e) => e.localRef));
  });

  it("drain leaves an entry a live process is sending alone, and says who has it", async () => {
    const { outbox, dbPath } = queue(); // this test process: a live kiosk in the middle of a send
    const busy = outbox.enqueue({ serviceId: 'national-address-update', personKey: 'p1', payload: submission(1) });
    const other = outbox.enqueue({ serviceId: 'national-address-update', personKey: 'p2', payload: submission(2, '30011122233') });
    outbox.claimDue(Date.now(), 1);
    const gw = await gateway();
    const res = await kioskctl(['queue', 'drain', '--db', dbPath, '--gateway-url', gw.url, '--timeout-ms', '1500', '--json']);
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout) as { delivered: number; remaining: number; takenOver: number; inFlightElsewhere: string[] };
    expect(out).toMatchObject({ delivered: 1, remaining: 1, takenOver: 0 });
    expect(out.inFlightElsewhere).toEqual([expect.stringMatching(new RegExp(`^${busy.localRef} by kiosk pid ${process.pid} on `))]);
    expect(gw.submissions().map((r) => r.localRef)).toEqual([other.localRef]);
    expect(outbox.get(busy.id)).toMatchObject({ state: 'sending', leaseOwner: outbox.sender });
  });

  it('status names a stuck line and what it holds back; set-aside lets the later requests go, retry --id puts it back', async () => {
    const hourAgo = Date.now() - 3600_000;
    const { outbox, dbPath } = queue({ now: () => hourAgo });
    const head = outbox.enqueue({ serviceId: 'renew-rp', personKey: 'p1', payload: submission(1), paymentRef: 'ZVT-7' });
    const later = outbox.enqueue({ serviceId: 'national-address-update', personKey: 'p1', payload: submission(2) });
    const other = outbox.enqueue({ serviceId: 'national-address-update', personKey: 'p2', payload: submission(3, '30011122233') });
    outbox.claimDue(hourAgo, 10);
    outbox.markDelivered(other.id, 'MOI-2026-0000001');
    for (let i = 0; i < 8; i++) {
      outbox.markRetry(head.id, 'bad-response', hourAgo);
      outbox.claimDue(hourAgo, 10);
    }
    outbox.markRetry(head.id, 'bad-response', Date.now() + 3600_000);
    const status = await kioskctl(['queue', 'status', '--db', dbPath, '--json']);
    expect(JSON.parse(status.stdout).stuck).toEqual([
      { id: head.id, localRef: head.localRef, serviceId: 'renew-rp', state: 'queued', attempts: 9, waitingMs: expect.any(Number), lastError: 'bad-response', paymentRef: 'ZVT-7', holdingBack: 1, othersDeliveredSince: 1 },
    ]);
    const text = await kioskctl(['queue', 'status', '--db', dbPath]);
    expect(text.stdout).toMatch(/stuck K01-\d{8}-000001 renew-rp: 9 attempts over 60 min, last error bad-response; holds back 1 later request\(s\) of the same person; 1 other request\(s\) delivered meanwhile/);

    const aside = await kioskctl(['queue', 'set-aside', '--db', dbPath, '--id', head.id, '--json']);
    expect(aside.stderr).toBe('');
    expect(JSON.parse(aside.stdout)).toMatchObject({ id: head.id, localRef: head.localRef, paymentRef: 'ZVT-7' });
    const gw = await gateway();
    const res = await kioskctl(['queue', 'drain', '--db', dbPath, '--gateway-url', gw.url, '--timeout-ms', '10000', '--json']);
    // The later request went; the set-aside one waits (not delivered, so drain still says 1 remains).
    expect(JSON.parse(res.stdout)).toMatchObject({ delivered: 1, remaining: 1, setAside: 1 });
    expect(res.code).toBe(1);
    expect(gw.submissions().map((r) => r.localRef)).toEqual([later.localRef]);
    expect((await kioskctl(['queue', 'retry', '--db', dbPath, '--id', head.id])).code).toBe(0);
    const again = await kioskctl(['queue', 'drain', '--db', dbPath, '--gateway-url', gw.url, '--timeout-ms', '10000', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ delivered: 1, remaining: 0, setAside: 0 });
  });

  it('set-aside refuses an entry a live process is sending, and an unknown id', async () => {
    const { outbox, dbPath } = queue();
    const e = outbox.enqueue({ serviceId: 'renew-rp', personKey: 'p1', payload: submission(1) });
    outbox.claimDue(Date.now(), 1);
    const busy = await kioskctl(['queue', 'set-aside', '--db', dbPath, '--id', e.id]);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(/is being sent by kiosk pid \d+ on .*; try again once that attempt ends/);
    const unknown = await kioskctl(['queue', 'set-aside', '--db', dbPath, '--id', 'nope']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no outbox entry nope/);
  });

  it('drain retries "still being processed" (409) instead of dead-lettering it, and delivers once', async () => {
    const { outbox, dbPath } = queue();
    const e = outbox.enqueue({ serviceId: 'renew-rp', personKey: 'p1', payload: submission(1) });
    // Every request is processed for 1.2 s; the drain gives up after 0.3 s and retries into the in-progress key.
    const gw = await gateway({ faults: { slow: 1 }, slowMs: 1200 });
    const res = await kioskctl(['queue', 'drain', '--db', dbPath, '--gateway-url', gw.url, '--timeout-ms', '20000', '--request-timeout-ms', '300', '--json']);
    expect(JSON.parse(res.stdout)).toMatchObject({ delivered: 1, rejected: 0, remaining: 0 });
    expect(gw.submissions().map((r) => r.idempotencyKey)).toEqual([e.idempotencyKey]);
    expect(outbox.get(e.id)).toMatchObject({ state: 'delivered', ministryRef: gw.submissions()[0]!.ministryRef });
  });

  it("a paid request refused while kioskctl drains has its payment marked to be returned, as the kiosk would", async () => {
    const { outbox, db, dbPath } = queue();
    const journal = new PaymentJournal(db);
    const payment = journal.recordIntent({ requestId: 'req-1', sessionId: 's-1', amountCents: 50_000, currency: 'QAR' });
    journal.recordOutcome(payment.id, 'approved', { trace: 12, receiptNo: 34, resultCode: 0 });
    const e = outbox.enqueue({
      serviceId: 'pay-traffic-fines',
      personKey: 'p1',
      paymentRef: payment.id,
      payload: { ...submission(1), serviceId: 'pay-traffic-fines', payload: { fineIds: ['TF-00000000'] }, payment: { amountCents: 50_000, currency: 'QAR', reference: '34' } },
    });
    journal.markFulfilled(payment.id, e.id);
    const gw = await gateway();
    const res = await kioskctl(['queue', 'drain', '--db', dbPath, '--gateway-url', gw.url, '--timeout-ms', '10000', '--json']);
    expect(JSON.parse(res.stdout)).toMatchObject({ delivered: 0, rejected: 1, refundsOwed: 1, remaining: 0 });
    expect(outbox.get(e.id)).toMatchObject({ state: 'rejected', rejectCode: 'unknown-fine', paymentRef: payment.id });
    expect(journal.get(payment.id).state).toBe('reversal-pending');
  });
});
