import { describe, expect, it } from 'vitest';
import { QueueOverview } from '../../../main/contract';
import { technicianQueue } from '../../../main/app/technician-queue';
import { OutboxDelivery } from '../../../offline-cache/delivery';
import { Outbox } from '../../../offline-cache/outbox';
import { PaymentJournal } from '../../../offline-cache/payment-journal';
import { useTempDir } from '../../support/temp-db';

/**
 * The queue and money page over a real SQLite file: an outbox with a refused paid request whose
 * money is owed back, and the page's view of it: references and amounts, nothing personal.
 */
const tmp = useTempDir();

function world() {
  const { db } = tmp.db();
  const outbox = new Outbox(db);
  const journal = new PaymentJournal(db);
  const sent: string[] = [];
  const delivery = new OutboxDelivery(outbox, async (e) => (sent.push(e.localRef), { kind: 'delivered', ministryRef: 'MOI-1' }), { baseDelayMs: 10, maxDelayMs: 40, pollMs: 20 });
  tmp.onCleanup(() => void delivery.stop());
  const queue = technicianQueue({ db, outbox, delivery });
  const payment = journal.recordIntent({ sessionId: 's1', requestId: 'r1', amountCents: 50_000, currency: 'QAR' });
  journal.recordOutcome(payment.id, 'approved', { trace: 117, receiptNo: 42, terminalId: '52001234', authCode: '998877', cardType: 'visa' });
  const entry = outbox.enqueue({ serviceId: 'renew-residence-permit', personKey: 'person-key-secret', payload: { applicant: { idNumber: '28463400012' }, name: 'Ahmed' }, paymentRef: payment.id });
  journal.markFulfilled(payment.id, entry.id);
  outbox.claimDue();
  outbox.markRejected(entry.id, 'invalid-sponsor', 'the ministry refused it');
  journal.markRefundOwed(payment.id, 'gateway rejected: invalid-sponsor');
  outbox.enqueue({ serviceId: 'national-address', personKey: 'other-person', payload: { applicant: { idNumber: '28463400099' } } });
  return { db, outbox, journal, delivery, queue, payment, entry, sent };
}

describe('the technician’s queue and money page', () => {
  it('shows counts, the dead letter with the payment it took, and the refund owed, and nothing personal', () => {
    const w = world();
    const o = w.queue.overview();
    expect(QueueOverview.parse(o)).toEqual(o);
    expect(o.counts).toMatchObject({ queued: 1, rejected: 1, paidDead: 1 });
    expect(o.deadLetters).toEqual([
      expect.objectContaining({ id: w.entry.id, localRef: w.entry.localRef, state: 'rejected', rejectCode: 'invalid-sponsor', payment: expect.objectContaining({ id: w.payment.id, state: 'refund-owed', amountCents: 50_000, trace: 117, receiptNo: 42 }) }),
    ]);
    expect(o.payments).toEqual([expect.objectContaining({ id: w.payment.id, state: 'refund-owed', localRef: w.entry.localRef })]);
    const text = JSON.stringify(o);
    for (const secret of ['28463400012', '28463400099', 'Ahmed', 'person-key-secret', '998877', 'visa']) expect(text).not.toContain(secret);
  });

  it('records a refund only where one is owed, and then the request cannot be sent again', () => {
    const w = world();
    expect(() => w.queue.markRefunded('no-such-payment', 'cash')).toThrow(expect.objectContaining({ code: 'not-found' }));
    w.queue.markRefunded(w.payment.id, 'refunded in cash');
    expect(w.journal.get(w.payment.id)).toMatchObject({ state: 'refunded', reason: 'refunded in cash' });
    expect(() => w.queue.markRefunded(w.payment.id, 'again')).toThrow(expect.objectContaining({ code: 'invalid-transition' }));
    expect(w.queue.overview().payments).toEqual([]);
    expect(() => w.queue.retry(w.entry.id)).toThrow(expect.objectContaining({ code: 'invalid-transition' }));
    expect(w.outbox.stats().rejected).toBe(1);
  });

  it('retries the dead letter into the queue and drains it to the gateway', async () => {
    const w = world();
    let changes = 0;
    w.queue.onChange(() => changes++);
    expect(w.queue.retry(w.entry.id)).toBe(1);
    expect(() => w.queue.retry('no-such-entry')).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(w.queue.overview()).toMatchObject({ counts: { queued: 2, rejected: 0 }, deadLetters: [] });
    w.delivery.start();
    expect(w.queue.drain()).toBe(2);
    await expect.poll(() => w.queue.overview().counts.delivered, { timeout: 5000 }).toBe(2);
    expect(w.sent).toContain(w.entry.localRef);
    expect(changes).toBeGreaterThan(0);
  });
});
