import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { JournalError, PaymentJournal } from '../../../offline-cache/payment-journal';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();

function journal(): { j: PaymentJournal; path: string } {
  const path = tmp.path();
  const db = new Database(path);
  tmp.onCleanup(() => db.close());
  migrate(db, MIGRATIONS.filter((m) => m.version <= 3));
  let t = 1000;
  return { j: new PaymentJournal(db, { now: () => t++ }), path };
}

const intent = { sessionId: 's1', requestId: 'r1', amountCents: 150, currency: 'QAR' };

describe('payment journal', () => {
  it('walks a sale from intent to fulfilled and keeps every step as an event', () => {
    const { j } = journal();
    const e = j.recordIntent(intent);
    expect(e).toMatchObject({ state: 'pending', step: 'intent', amountCents: 150 });
    j.recordAccepted(e.id);
    j.recordStatus(e.id, { resultCode: 0, trace: 7, receiptNo: 3 });
    expect(j.get(e.id)).toMatchObject({ state: 'pending', step: 'status', trace: 7, receiptNo: 3 });
    j.recordOutcome(e.id, 'approved', { trace: 7, receiptNo: 3, terminalId: '52000101', receiptLines: ['SALE QAR 1.50'] });
    expect(j.open().map((x) => x.id)).toEqual([e.id]);
    const done = j.markFulfilled(e.id, 'sub-1');
    expect(done).toMatchObject({ state: 'fulfilled', submissionId: 'sub-1', receiptLines: ['SALE QAR 1.50'] });
    expect(done.settledAt).toBeDefined();
    expect(j.open()).toEqual([]);
    expect(j.events(e.id).map((x) => x.event)).toEqual(['intent', 'accepted', 'status', 'approved', 'fulfilled']);
  });

  it('is durable: a second connection sees each write at once', () => {
    const { j, path } = journal();
    const e = j.recordIntent(intent);
    const other = new Database(path, { readonly: true });
    tmp.onCleanup(() => other.close());
    expect(new PaymentJournal(other).get(e.id).state).toBe('pending');
  });

  it('refuses a second intent for the same request and an impossible transition', () => {
    const { j } = journal();
    const e = j.recordIntent(intent);
    expect(() => j.recordIntent(intent)).toThrow(expect.objectContaining({ code: 'duplicate-request' }));
    expect(() => j.markFulfilled(e.id, 'x')).toThrow(JournalError);
    j.recordOutcome(e.id, 'declined', { resultCode: 0x7a });
    expect(() => j.recordOutcome(e.id, 'approved')).toThrow(expect.objectContaining({ code: 'invalid-transition' }));
    expect(() => j.get('nope')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('approved but not completable: reversal pending, then reversed or refund owed', () => {
    const { j } = journal();
    const a = j.recordIntent(intent);
    j.recordOutcome(a.id, 'approved', { trace: 1, receiptNo: 1 });
    j.markReversalPending(a.id, 'session ended');
    expect(j.markReversed(a.id, { trace: 2 })).toMatchObject({ state: 'reversed', reversalTrace: 2 });
    const b = j.recordIntent({ ...intent, requestId: 'r2' });
    j.recordOutcome(b.id, 'unknown', { reason: 'terminal went silent' });
    j.markRefundOwed(b.id, 'reversal refused');
    expect(j.counts()).toMatchObject({ reversed: 1, 'refund-owed': 1 });
    expect(j.markRefunded(b.id, 'cash at the service desk').state).toBe('refunded');
  });

  it('knows which terminal traces are already claimed', () => {
    const { j } = journal();
    const a = j.recordIntent(intent);
    j.recordOutcome(a.id, 'approved', { trace: 9 });
    const b = j.recordIntent({ ...intent, requestId: 'r2' });
    expect(j.traceClaimed(9, b.id)).toBe(true);
    expect(j.traceClaimed(9, a.id)).toBe(false);
    expect(() => j.recordIntent({ ...intent, requestId: 'r3', amountCents: 0 })).toThrow(expect.objectContaining({ code: 'invalid-input' }));
  });
});
