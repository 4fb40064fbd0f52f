import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, DEMO_QID, demoFines, type SubmissionRequest } from '../../../gateway';
import { SimLedger } from '../../../gateway/sim-ledger';

const KEY = '6f1c1d52-3b0e-4e43-9d6a-0f1c2b3a4d5e';
const KEY2 = '0b9d7a1e-8c2f-4a55-b1e0-7d6c5b4a3f21';
const [f1, f2] = demoFines(DEMO_QID) as [ReturnType<typeof demoFines>[number], ReturnType<typeof demoFines>[number]];

function payFines(ids: string[], amountCents: number, localRef = 'K01-20261128-000001'): SubmissionRequest {
  return {
    serviceId: 'pay-traffic-fines',
    applicant: { idNumber: DEMO_QID },
    payload: { fineIds: ids },
    payment: { amountCents, currency: 'QAR', reference: '000123' },
    submittedAt: '2026-11-28T09:16:30+03:00',
    localRef,
    kioskId: 'K01',
  };
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('SimLedger', () => {
  it('records a first submission once and replays the same answer for the same key and body', () => {
    const ledger = new SimLedger();
    const first = ledger.submit(KEY, payFines([f1.id, f2.id], 800_00));
    expect(first).toMatchObject({ status: 201, replayed: false, body: { status: 'received' } });
    const again = ledger.submit(KEY, JSON.parse(JSON.stringify(payFines([f1.id, f2.id], 800_00))) as SubmissionRequest);
    expect(again).toEqual({ status: 200, body: first.body, replayed: true });
    expect(ledger.submissions()).toHaveLength(1);
  });

  it('while a key is being processed: same body 409 in progress, other body 409 conflict; after it, the first answer', () => {
    const ledger = new SimLedger();
    const body = payFines([f1.id], 500_00);
    expect(ledger.begin(KEY, body)).toBeUndefined();
    expect(ledger.submit(KEY, body)).toEqual({ status: 409, body: { code: 'idempotency-in-progress', message: expect.any(String) }, replayed: false, inProgress: true });
    expect(ledger.begin(KEY, body)).toMatchObject({ status: 409, inProgress: true });
    expect(ledger.submit(KEY, payFines([f2.id], 300_00))).toMatchObject({ status: 409, body: { code: 'idempotency-conflict' } });
    expect(ledger.submissions()).toHaveLength(0);
    const done = ledger.finish(KEY, body);
    expect(done).toMatchObject({ status: 201 });
    expect(ledger.submit(KEY, body)).toEqual({ status: 200, body: done.body, replayed: true });
    expect(ledger.begin(KEY, body)).toMatchObject({ status: 200, replayed: true });
    expect(ledger.submissions()).toHaveLength(1);
  });

  it('answers 409 for the same key with a different body, recording nothing', () => {
    const ledger = new SimLedger();
    ledger.submit(KEY, payFines([f1.id], 500_00));
    const conflict = ledger.submit(KEY, payFines([f1.id], 500_00, 'K01-20261128-000002'));
    expect(conflict).toMatchObject({ status: 409, body: { code: 'idempotency-conflict' } });
    expect(ledger.submissions()).toHaveLength(1);
  });

  it('marks fines paid, so they leave the inquiry and cannot be paid twice', () => {
    const ledger = new SimLedger();
    ledger.submit(KEY, payFines([f1.id], 500_00));
    expect(ledger.unpaidFines(DEMO_QID).map((f) => f.id)).toEqual([f2.id]);
    expect(ledger.finesPaid(DEMO_QID)).toEqual([f1.id]);
    expect(ledger.submit(KEY2, payFines([f1.id], 500_00, 'K01-20261128-000002'))).toMatchObject({ status: 422, body: { code: 'fine-already-paid' } });
  });

  it('applies the fine-payment business rules with 422 codes, and replays a rejection under its key', () => {
    const ledger = new SimLedger();
    expect(ledger.submit(KEY, payFines(['TF-NOPE'], 100))).toMatchObject({ status: 422, body: { code: 'unknown-fine' } });
    expect(ledger.submit(KEY, payFines(['TF-NOPE'], 100))).toMatchObject({ status: 422, replayed: true });
    const k = () => crypto.randomUUID();
    expect(ledger.submit(k(), payFines([f1.id, f2.id], 500_00))).toMatchObject({ body: { code: 'amount-mismatch' } });
    expect(ledger.submit(k(), payFines([f1.id, f1.id], 1000_00))).toMatchObject({ body: { code: 'invalid-payload' } });
    expect(ledger.submit(k(), { ...payFines([f1.id], 500_00), payment: undefined })).toMatchObject({ body: { code: 'payment-required' } });
    expect(ledger.submit(k(), { ...payFines([f1.id], 500_00), payload: { fineIds: 'x' } })).toMatchObject({ body: { code: 'invalid-payload' } });
    // Someone else's fine ids do not exist for this person.
    const other = demoFines('29012345678')[0]!;
    expect(ledger.submit(k(), payFines([other.id], other.amountCents))).toMatchObject({ body: { code: 'unknown-fine' } });
    expect(ledger.submissions()).toEqual([]);
  });

  it('pays a sponsored person’s fines when a beneficiary is given', () => {
    const ledger = new SimLedger();
    const other = demoFines('29012345678');
    const total = other.reduce((s, f) => s + f.amountCents, 0);
    const req = { ...payFines(other.map((f) => f.id), total), beneficiary: { idNumber: '29012345678' } };
    expect(ledger.submit(KEY, req).status).toBe(201);
    expect(ledger.unpaidFines('29012345678')).toEqual([]);
    expect(ledger.unpaidFines(DEMO_QID)).toHaveLength(2);
  });

  it('accepts other services without business rules and tracks later status changes', () => {
    const ledger = new SimLedger();
    const req: SubmissionRequest = { ...payFines([], 0), serviceId: 'national-address-update', payload: { zone: 45 }, payment: undefined };
    const answer = ledger.submit(KEY, JSON.parse(JSON.stringify(req)) as SubmissionRequest);
    expect(answer.status).toBe(201);
    const ref = (answer.body as { ministryRef: string }).ministryRef;
    expect(ref).toMatch(/^MOI-\d{4}-\d{7}$/);
    expect(ledger.setStatus(ref, 'rejected', { code: 'documents-missing', message: 'Missing documents.' })).toBe(true);
    expect(ledger.status(ref)).toMatchObject({ status: 'rejected', reason: { code: 'documents-missing' }, localRef: req.localRef });
    expect(ledger.status(ref)).not.toHaveProperty('request');
    expect(ledger.setStatus('MOI-0', 'completed')).toBe(false);
  });

  it('keeps its books in a JSON file across restarts when asked', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-ledger-'));
    dirs.push(dir);
    const file = join(dir, 'gateway.json');
    const a = new SimLedger(file);
    const first = a.submit(KEY, payFines([f1.id], 500_00));
    const b = new SimLedger(file);
    expect(b.submissions()).toHaveLength(1);
    expect(b.finesPaid(DEMO_QID)).toEqual([f1.id]);
    expect(b.submit(KEY, payFines([f1.id], 500_00))).toEqual({ status: 200, body: first.body, replayed: true });
    expect((b.submit(KEY2, payFines([f2.id], 300_00, 'K01-20261128-000002')).body as { ministryRef: string }).ministryRef).toMatch(/0000002$/);
  });

  it('compares bodies regardless of key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe(canonicalJson({ b: 1 }));
  });
});
