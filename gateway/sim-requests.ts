import { demoClaims } from './demo-claims';
import { demoRequests } from './demo-requests';
import { PAY_FINANCIAL_CLAIMS, PayFinancialClaimsPayload } from './schemas-claims';
import { PAY_TRAFFIC_FINES, type RequestsInquiryResponse, type StatusChange, type TrackedRequest } from './schemas';
import type { SimLedger, SubmissionRecord } from './sim-ledger';

/**
 * The simulator's answer to POST /v1/requests/inquiry: the demo requests made through other
 * channels, beside what kiosks delivered to this simulator for the card holder (channel kiosk,
 * with the kiosk's reference), each grouped under the person it is for.
 */

const KIOSK_TITLE = { ar: 'طلب مقدَّم من جهاز الخدمة الذاتية', en: 'Request made at a self-service kiosk' };
const MOST = 50;
const REJECTED_NOTE = { ar: 'رُفض الطلب بعد مراجعته.', en: 'The request was rejected after review.' };

function fromLedger(r: SubmissionRecord): TrackedRequest {
  const history: StatusChange[] = [{ status: 'received', at: r.receivedAt }];
  if (r.status !== 'received') history.push({ status: r.status, at: r.updatedAt, ...(r.reason ? { note: REJECTED_NOTE } : {}) });
  return { ministryRef: r.ministryRef, localRef: r.localRef, channel: 'kiosk', serviceId: r.serviceId, title: KIOSK_TITLE, submittedAt: r.receivedAt, history };
}

/** When each request fee that a paid claim names (by the request's reference) was paid. */
function feesPaidAt(idNumber: string, mine: readonly SubmissionRecord[]): Map<string, number> {
  const at = new Map<string, number>();
  for (const r of mine) {
    if (r.serviceId !== PAY_FINANCIAL_CLAIMS) continue;
    const { claimIds, beneficiaryId } = PayFinancialClaimsPayload.parse(r.request.payload);
    const claims = demoClaims(idNumber, beneficiaryId) ?? [];
    for (const c of claims) if (c.ministryRef && claimIds.includes(c.id)) at.set(c.ministryRef, Date.parse(r.receivedAt));
  }
  return at;
}

const newestFirst = (list: TrackedRequest[]) => list.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt)).slice(0, MOST);

export function trackedRequests(ledger: SimLedger, idNumber: string, now = new Date()): RequestsInquiryResponse {
  const mine = ledger.submissions().filter((r) => r.request.applicant.idNumber === idNumber);
  const finesPaid = mine.filter((r) => r.serviceId === PAY_TRAFFIC_FINES).map((r) => Date.parse(r.receivedAt));
  const unpaid = ledger.unpaidFines(idNumber).reduce((sum, f) => sum + f.amountCents, 0);
  const elsewhere = demoRequests({ idNumber, now, unpaidFinesCents: unpaid, finesPaidAt: finesPaid.length ? Math.max(...finesPaid) : undefined, feesPaidAt: feesPaidAt(idNumber, mine) });
  const forWhom = (r: SubmissionRecord) => {
    const id = (r.request.payload as { beneficiaryId?: unknown }).beneficiaryId;
    return typeof id === 'string' ? id : undefined;
  };
  // A request for someone the card holder no longer sponsors stays theirs: it is not lost.
  const sponsoredIds = new Set(elsewhere.sponsored.map((s) => s.person.id));
  const own = [...elsewhere.own, ...mine.filter((r) => !sponsoredIds.has(forWhom(r) ?? '')).map(fromLedger)];
  const sponsored = elsewhere.sponsored.map((s) => ({ person: s.person, requests: newestFirst([...s.requests, ...mine.filter((r) => forWhom(r) === s.person.id).map(fromLedger)]) }));
  return { own: newestFirst(own), sponsored };
}
