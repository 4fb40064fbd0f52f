import { z } from 'zod';
import { ISO_DATE, LocalizedText, Qid, SPONSORED_PERSON_ID_PATTERN } from './schemas';

/**
 * The financial-claims inquiry's wire shapes (gateway/openapi.yaml, /v1/financial-claims/inquiry,
 * services.md #40): what the ministry says a person owes besides traffic fines (a request's
 * service fee, a fine, a ticket), and where each can be paid. Asked for the card holder, or for
 * someone they sponsor by the opaque id the sponsorships inquiry gave.
 */
export const FinancialClaimsInquiryRequest = z.object({ idNumber: Qid, personId: z.string().regex(SPONSORED_PERSON_ID_PATTERN).optional() }).strict();
export type FinancialClaimsInquiryRequest = z.infer<typeof FinancialClaimsInquiryRequest>;

const CLAIM_ID_PATTERN = /^[A-Z0-9-]{1,40}$/;
const ClaimKind = z.enum(['service-fee', 'fine', 'ticket']);

/** Where the ministry takes a payment: a kiosk, its website, the Metrash app, a service centre. */
export const ClaimPayPlace = z.enum(['kiosk', 'website', 'app', 'service-centre']);
export type ClaimPayPlace = z.infer<typeof ClaimPayPlace>;

export const FinancialClaim = z.object({
  id: z.string().regex(CLAIM_ID_PATTERN),
  kind: ClaimKind,
  description: LocalizedText,
  /** The department that issued it, as it names itself. */
  department: LocalizedText,
  /** QAR in dirham (1/100): integers only, so sums are exact. */
  amountCents: z.number().int().positive(),
  issuedOn: z.string().regex(ISO_DATE),
  /** Where it can be paid; a kiosk takes only those that list `kiosk`. */
  payableAt: z.array(ClaimPayPlace).min(1).max(4),
  /** The request this fee is for, when it is a request's fee ("my requests" shows the same reference). */
  ministryRef: z.string().min(1).max(64).optional(),
});
export type FinancialClaim = z.infer<typeof FinancialClaim>;

/** At least one claim: "nothing owed" is the 404 no-claims, so a missing route never reads as it. */
export const FinancialClaimsInquiryResponse = z.object({ claims: z.array(FinancialClaim).min(1).max(100) });
export type FinancialClaimsInquiryResponse = z.infer<typeof FinancialClaimsInquiryResponse>;

/** The service id the simulator applies claim-payment business rules to. */
export const PAY_FINANCIAL_CLAIMS = 'pay-financial-claims';
/** `beneficiaryId`: whose claims, when they are a sponsored person's (as the sponsorships inquiry names them). */
export const PayFinancialClaimsPayload = z.object({
  claimIds: z.array(z.string().regex(CLAIM_ID_PATTERN)).min(1).max(100),
  beneficiaryId: z.string().regex(SPONSORED_PERSON_ID_PATTERN).optional(),
});
export type PayFinancialClaimsPayload = z.infer<typeof PayFinancialClaimsPayload>;
