import { z } from 'zod';
import { ISO_DATE, Qid } from './schemas';

/**
 * The permanent-residency eligibility inquiry's wire shapes (gateway/openapi.yaml,
 * /v1/permanent-residency/eligibility). It is the card holder's own: nobody asks it for someone
 * they sponsor. The application itself is not part of this API.
 */
export const ResidencyEligibilityRequest = z.object({ idNumber: Qid }).strict();
export type ResidencyEligibilityRequest = z.infer<typeof ResidencyEligibilityRequest>;

/** Why a resident cannot apply yet: too few years of residence, or no valid residence permit now. */
export const ResidencyReason = z.enum(['residence-period', 'residence-permit-not-valid']);
export type ResidencyReason = z.infer<typeof ResidencyReason>;

export const ResidencyEligibility = z.object({
  status: z.enum(['eligible', 'not-yet-eligible']),
  /** Empty exactly when eligible (the client holds the answer to that). */
  reasons: z.array(ResidencyReason).max(2),
  /** Whole years of lawful residence the ministry counts. */
  residenceYears: z.number().int().min(0).max(99),
  /** The years the law asks for: 20, or 10 for a person born in Qatar. */
  requiredYears: z.number().int().min(10).max(20),
  /** With residence-period: the first day the required years are reached. */
  eligibleFrom: z.string().regex(ISO_DATE).optional(),
});
export type ResidencyEligibility = z.infer<typeof ResidencyEligibility>;

export const ResidencyEligibilityResponse = z.object({ eligibility: ResidencyEligibility });
export type ResidencyEligibilityResponse = z.infer<typeof ResidencyEligibilityResponse>;
