import { z } from 'zod';
import { ISO_DATE, MASKED_ID_PATTERN, Qid, SPONSORED_PERSON_ID_PATTERN } from './schemas';

/**
 * The visa inquiry's wire shapes (gateway/openapi.yaml, /v1/visas/inquiry). A visa is asked for
 * by its sponsor, of a visitor named by the opaque id the sponsorships inquiry gave: the kiosk
 * never has the visitor's passport number.
 */
export const VisaInquiryRequest = z.object({ idNumber: Qid, personId: z.string().regex(SPONSORED_PERSON_ID_PATTERN) }).strict();
export type VisaInquiryRequest = z.infer<typeof VisaInquiryRequest>;

const VISA_NUMBER_PATTERN = /^\d{6,14}$/;

export const Visa = z.object({
  visaNumber: z.string().regex(VISA_NUMBER_PATTERN),
  /** Only a family visit visa can be extended (services.md #12). */
  type: z.enum(['family-visit', 'business-visit', 'tourist']),
  status: z.enum(['valid', 'expired', 'cancelled']),
  /** The last day the visitor may stay on it (for a cancelled one, the day it would have ended). */
  validUntil: z.string().regex(ISO_DATE),
  passportMasked: z.string().regex(MASKED_ID_PATTERN),
});
export type Visa = z.infer<typeof Visa>;

export const VisaInquiryResponse = z.object({ visa: Visa });
export type VisaInquiryResponse = z.infer<typeof VisaInquiryResponse>;
