import { z } from 'zod';

/**
 * A visa of a visitor the card holder sponsors, as the ministry has it, and what can be done
 * about it now, decided by main from its type, status and last day in Doha: extend it here (a
 * family visit visa this kiosk can extend for this card holder now), extend it elsewhere (the
 * same, where this kiosk cannot), leave by the last day (a visa that cannot be extended), or,
 * ended or cancelled, ask at a service centre.
 */
export const VisaView = z.strictObject({
  visaNumber: z.string(),
  type: z.enum(['family-visit', 'business-visit', 'tourist']),
  status: z.enum(['valid', 'expired', 'cancelled']),
  /** ISO date: the last day the visitor may stay on it. */
  validUntil: z.string(),
  passportMasked: z.string(),
  next: z.enum(['extend-here', 'extend-elsewhere', 'leave-by', 'ended', 'cancelled']),
  /** Whole days from today to the last day (negative once it has passed). */
  daysLeft: z.number().int(),
});
export type VisaView = z.infer<typeof VisaView>;

/**
 * The card holder's eligibility for permanent residency as the ministry counts it, and what to
 * do next, decided by main: apply (on the ministry's website, with the smart ID card: the kiosk
 * offers the inquiry only), renew the residence permit first (here when this kiosk's renewal is
 * open to them now), or wait for the day the required years of residence are reached.
 */
export const ResidencyView = z.strictObject({
  status: z.enum(['eligible', 'not-yet-eligible']),
  reasons: z.array(z.enum(['residence-period', 'residence-permit-not-valid'])),
  residenceYears: z.number().int(),
  requiredYears: z.number().int(),
  /** ISO date: with residence-period, the first day the required years are reached. */
  eligibleFrom: z.string().optional(),
  next: z.enum(['apply-online', 'renew-permit-here', 'renew-permit-elsewhere', 'wait']),
});
export type ResidencyView = z.infer<typeof ResidencyView>;
