import { describe, expect, it } from 'vitest';
import type { RequestsInquiryResponse } from '../../../gateway';
import { personRequestsViews } from '../../../main/core/tracking-views';
import { type LocalSubmission, mergeRequests } from '../../../main/gateway/tracking';

const person = { id: 'SP-1', relation: 'employee' as const, givenNamesAr: 'راجيش', surnameAr: 'كومار', givenNames: 'Rajesh', surname: 'Kumar', idNumberMasked: '356••••••71' };
const title = { ar: 'تجديد الإقامة', en: 'Renew a residence permit' };
const iso = (ms: number) => new Date(ms).toISOString();
const T = Date.UTC(2026, 11, 1, 8);

const local = (over: Partial<LocalSubmission>): LocalSubmission => ({ localRef: 'K01-20261201-000001', serviceId: 'national-address', state: 'queued', createdAt: T, updatedAt: T, ...over });

const remote: RequestsInquiryResponse = {
  own: [
    { ministryRef: 'MOI-7', localRef: 'K01-20261201-000002', channel: 'kiosk', serviceId: 'pay-traffic-fines', title, submittedAt: iso(T + 10), history: [{ status: 'completed', at: iso(T + 90) }, { status: 'received', at: iso(T + 10) }] },
    { ministryRef: 'MOI-8', channel: 'website', serviceId: 'renew-vehicle-registration', title, submittedAt: iso(T - 1000), history: [{ status: 'received', at: iso(T - 1000) }] },
  ],
  sponsored: [{ person, requests: [{ ministryRef: 'MOI-9', localRef: 'K09-20261130-000001', channel: 'kiosk', serviceId: 'renew-residence-permit', title, submittedAt: iso(T - 50), history: [{ status: 'in-review', at: iso(T - 40) }] }] }],
};

describe('mergeRequests', () => {
  it('lists a request the ministry and the outbox both hold once, with the ministry’s history in time order, marked as made here', () => {
    const merged = mergeRequests([local({ localRef: 'K01-20261201-000002', ministryRef: 'MOI-7', state: 'delivered', serviceId: 'pay-traffic-fines', createdAt: T + 5 })], remote);
    expect(merged.ministry).toBe('answered');
    const self = merged.people[0]!;
    expect(self.personId).toBe('self');
    expect(self.requests.map((r) => [r.ministryRef, r.channel])).toEqual([
      ['MOI-7', 'this-kiosk'],
      ['MOI-8', 'website'],
    ]);
    // Ordered by time, and the wait in this kiosk's queue before the ministry had it is a stage of its own.
    expect(self.requests[0]!.history).toEqual([
      { status: 'queued', at: T + 5 },
      { status: 'received', at: T + 10 },
      { status: 'completed', at: T + 90 },
    ]);
    // Another kiosk's request stays "a kiosk", not this one.
    expect(merged.people[1]!.requests[0]!.channel).toBe('kiosk');
  });

  it('dedupes by the kiosk reference too, when the ministry lists a delivery whose answer the kiosk never got', () => {
    const merged = mergeRequests([local({ localRef: 'K01-20261201-000002', state: 'sending', serviceId: 'pay-traffic-fines' })], remote);
    expect(merged.people[0]!.requests.filter((r) => r.localRef === 'K01-20261201-000002')).toHaveLength(1);
    expect(merged.people[0]!.requests[0]!.channel).toBe('this-kiosk');
  });

  it('adds what only the outbox holds: queued, delivered but not listed yet, never delivered; each under the person it is for', () => {
    const merged = mergeRequests(
      [
        local({ localRef: 'K01-20261201-000003', createdAt: T + 500 }),
        local({ localRef: 'K01-20261201-000004', beneficiaryId: 'SP-1', createdAt: T + 400 }),
        local({ localRef: 'K01-20261201-000005', ministryRef: 'MOI-50', state: 'delivered', createdAt: T + 300, deliveredAt: T + 310 }),
        local({ localRef: 'K01-20261201-000006', state: 'expired', createdAt: T + 200, updatedAt: T + 250 }),
        local({ localRef: 'K01-20261201-000007', beneficiaryId: 'SP-GONE', createdAt: T + 100 }),
      ],
      remote,
    );
    const self = merged.people[0]!.requests;
    expect(self.map((r) => [r.localRef ?? r.ministryRef, r.history.map((h) => h.status).join('>')])).toEqual([
      ['K01-20261201-000003', 'queued'],
      ['K01-20261201-000005', 'queued>received'],
      ['K01-20261201-000006', 'queued>not-delivered'],
      ['K01-20261201-000002', 'received>completed'],
      ['MOI-8', 'received'],
    ]);
    expect(self[1]).toMatchObject({ ministryRef: 'MOI-50', history: [{ status: 'queued', at: T + 300 }, { status: 'received', at: T + 310 }] });
    expect(merged.people[1]).toMatchObject({ personId: 'SP-1', person });
    expect(merged.people[1]!.requests.map((r) => r.localRef)).toEqual(['K01-20261201-000004', 'K09-20261130-000001']);
    // Someone the ministry no longer lists keeps their request, under their id, without a name.
    expect(merged.people[2]).toEqual({ personId: 'SP-GONE', requests: [expect.objectContaining({ localRef: 'K01-20261201-000007', history: [{ status: 'queued', at: T + 100 }] })] });
  });

  it('offline: only the outbox’s, grouped by person, and says the ministry did not answer', () => {
    const merged = mergeRequests([local({}), local({ localRef: 'K01-20261201-000009', beneficiaryId: 'SP-1' })], undefined);
    expect(merged.ministry).toBe('unavailable');
    expect(merged.people.map((p) => [p.personId, p.person, p.requests.length])).toEqual([
      ['self', undefined, 1],
      ['SP-1', undefined, 1],
    ]);
    expect(mergeRequests([], undefined)).toEqual({ ministry: 'unavailable', people: [{ personId: 'self', requests: [] }] });
  });

  it('offline, a delivered request for a sponsored person stays under them, by the masked number the kiosk kept', () => {
    const delivered = local({ localRef: 'K01-20261201-000010', ministryRef: 'MOI-60', state: 'delivered', beneficiaryId: 'SP-1', beneficiaryMasked: '356••••••71', deliveredAt: T + 20 });
    const merged = mergeRequests([local({}), delivered], undefined);
    expect(merged.people).toEqual([
      { personId: 'self', requests: [expect.objectContaining({ localRef: 'K01-20261201-000001' })] },
      { personId: 'SP-1', idNumberMasked: '356••••••71', requests: [expect.objectContaining({ localRef: 'K01-20261201-000010', ministryRef: 'MOI-60' })] },
    ]);
    // The screen heads that group with the masked number: no name is known offline.
    expect(personRequestsViews(merged.people, [], () => false)[1]).toMatchObject({ id: 'SP-1', relation: 'sponsored', idNumberMasked: '356••••••71' });
    // Online the ministry's own record of the person wins.
    expect(mergeRequests([delivered], remote).people[1]).toMatchObject({ personId: 'SP-1', person });
  });
});
