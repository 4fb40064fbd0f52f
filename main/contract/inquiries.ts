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
