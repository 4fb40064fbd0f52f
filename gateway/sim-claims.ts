import { demoClaims } from './demo-claims';
import type { RejectionCode, SubmissionRequest } from './schemas';
import { type FinancialClaim, PayFinancialClaimsPayload } from './schemas-claims';

/**
 * The simulated ministry's rules for paying financial claims (POST /v1/submissions with
 * serviceId pay-financial-claims): whose claims, which are still owed, and whether the payment
 * is exactly what the chosen claims add up to. The ledger keeps which claims are paid.
 */

/** The ledger's key for one person's paid claims: the card holder's own, or one sponsored person's. */
export const claimsKey = (idNumber: string, personId: string | undefined) => `claims:${idNumber}:${personId ?? ''}`;

/** Undefined: not someone this QID sponsors. */
export function unpaidClaims(idNumber: string, personId: string | undefined, paid: ReadonlySet<string> | undefined, today = new Date()): FinancialClaim[] | undefined {
  return demoClaims(idNumber, personId, today)?.filter((c) => !paid?.has(c.id));
}

export function claimsOf(request: SubmissionRequest): { key: string; claimIds: string[] } {
  const payload = PayFinancialClaimsPayload.parse(request.payload);
  return { key: claimsKey(request.applicant.idNumber, payload.beneficiaryId), claimIds: payload.claimIds };
}

export function checkClaimsPayment(request: SubmissionRequest, paidOf: (key: string) => ReadonlySet<string> | undefined): RejectionCode | undefined {
  const parsed = PayFinancialClaimsPayload.safeParse(request.payload);
  if (!parsed.success) return 'invalid-payload';
  const { claimIds, beneficiaryId } = parsed.data;
  if (new Set(claimIds).size !== claimIds.length) return 'invalid-payload';
  const all = demoClaims(request.applicant.idNumber, beneficiaryId);
  if (!all) return 'unknown-claim';
  const byId = new Map(all.map((c) => [c.id, c]));
  const paid = paidOf(claimsKey(request.applicant.idNumber, beneficiaryId));
  let total = 0;
  for (const id of claimIds) {
    const claim = byId.get(id);
    if (!claim) return 'unknown-claim';
    if (paid?.has(id)) return 'claim-already-paid';
    if (!claim.payableAt.includes('kiosk')) return 'claim-not-payable-at-kiosk';
    total += claim.amountCents;
  }
  if (!request.payment) return 'payment-required';
  if (request.payment.currency !== 'QAR' || request.payment.amountCents !== total) return 'amount-mismatch';
  return undefined;
}
