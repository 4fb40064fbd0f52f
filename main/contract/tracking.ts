import { z } from 'zod';

/**
 * "My requests" (issue 15): what the ministry and this kiosk know of a card holder's requests,
 * per person (the card holder, then each person they sponsor), each with its status history,
 * what comes next and what can be done now. Main merges and decides all of it; the screen only
 * shows it and, for an action main offers, sends the intent main named.
 */

/** The ministry's statuses, and the two only this kiosk can know: still in its queue, or never delivered. */
const TrackedStatusView = z.enum(['queued', 'not-delivered', 'received', 'in-review', 'awaiting-payment', 'awaiting-visit', 'completed', 'rejected', 'cancelled']);

const RequestChannelView = z.enum(['website', 'app', 'kiosk', 'this-kiosk', 'service-centre']);

const Place = z.enum(['service-centre', 'website', 'app']);

const StatusChangeView = z.strictObject({
  status: TrackedStatusView,
  /** ms since epoch */
  at: z.number(),
  noteAr: z.string().optional(),
  noteEn: z.string().optional(),
});

/**
 * What the person can do now: pay here (main opens that service's payment flow when it gets
 * `payRequestFee` with this request's key), pay elsewhere (no service of this kiosk takes it, or
 * not for this person), or go somewhere for what only they can do.
 */
export const RequestActionView = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('pay-here'), amountCents: z.number().int().positive(), serviceId: z.string() }),
  z.strictObject({ kind: z.literal('pay-elsewhere'), amountCents: z.number().int().positive(), where: z.array(Place).min(1) }),
  z.strictObject({ kind: z.literal('visit'), where: Place, reasonAr: z.string(), reasonEn: z.string() }),
]);
export type RequestActionView = z.infer<typeof RequestActionView>;

export const TrackedRequestView = z.strictObject({
  /** Unique on the screen: the reference to keep (the ministry's once known, else the kiosk's). */
  reference: z.string(),
  /** The kiosk's reference, shown beside the ministry's for a request made at a kiosk. */
  localRef: z.string().optional(),
  channel: RequestChannelView,
  serviceId: z.string(),
  titleAr: z.string(),
  titleEn: z.string(),
  /** ms since epoch */
  submittedAt: z.number(),
  /** Oldest first; the last one is where the request stands. */
  history: z.array(StatusChangeView).min(1),
  nextAr: z.string().optional(),
  nextEn: z.string().optional(),
  action: RequestActionView.optional(),
});
export type TrackedRequestView = z.infer<typeof TrackedRequestView>;

export const PersonRequestsView = z.strictObject({
  /** 'self', or the sponsored person's opaque id ('sponsored' when the kiosk offline knows no more). */
  id: z.string(),
  relation: z.enum(['self', 'employee', 'family', 'visitor', 'sponsored']),
  nameAr: z.string().optional(),
  nameEn: z.string().optional(),
  idNumberMasked: z.string().optional(),
  requests: z.array(TrackedRequestView),
});
export type PersonRequestsView = z.infer<typeof PersonRequestsView>;
