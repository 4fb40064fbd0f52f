import { z } from 'zod';

/**
 * The technician's queue and money page (issue 11): the outbox and the payment journal as a
 * technician may see them. Only references, states, counts, amounts and codes: no payload, no
 * person key, no card data. Ids are the outbox's and the journal's own (random, naming nobody):
 * the renderer sends them back in an intent, and main looks them up again.
 */
const ms = z.number().int().nonnegative();
const count = z.number().int().nonnegative();
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/);
const code = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,47}$/);

const PaymentStateView = z.enum(['pending', 'unknown', 'approved', 'declined', 'aborted', 'fulfilled', 'reversal-pending', 'reversed', 'refund-owed', 'refunded']);

/** A payment as the journal has it: how much, in which state, and the terminal's references. */
export const PaymentLink = z.strictObject({
  id,
  state: PaymentStateView,
  amountCents: count,
  currency: z.string().regex(/^[A-Z]{3}$/),
  createdAt: ms,
  /** The terminal's trace and receipt numbers: what the bank's statement shows. */
  trace: count.optional(),
  receiptNo: count.optional(),
  terminalId: z.string().regex(/^[0-9A-Za-z-]{1,16}$/).optional(),
});
export type PaymentLink = z.infer<typeof PaymentLink>;

const DeadLetterView = z.strictObject({
  id,
  localRef: z.string().max(40),
  serviceId: z.string().max(64),
  /** The service's name in the catalog in force; absent for the kiosk's own entries and a service the catalog no longer has. */
  title: z.strictObject({ ar: z.string().max(200), en: z.string().max(200) }).optional(),
  state: z.enum(['rejected', 'expired']),
  attempts: count,
  updatedAt: ms,
  rejectCode: code.optional(),
  /** The payment that bought it, if it was paid: its money is owed back until it is delivered. */
  payment: PaymentLink.optional(),
});

/** How a refund owed was paid back, chosen on the touch screen (kioskctl takes a free note). */
export const RefundHow = z.enum(['cash', 'transfer', 'card']);
export type RefundHow = z.infer<typeof RefundHow>;

export const QueueOverview = z.strictObject({
  counts: z.strictObject({ queued: count, sending: count, delivered: count, rejected: count, expired: count, setAside: count, paidDead: count }),
  /** How long the oldest waiting request has waited (0: nothing waits). */
  oldestWaitingAgeMs: ms,
  /** Newest first; `more` says how many are not listed. */
  deadLetters: z.array(DeadLetterView).max(20),
  deadLettersMore: count,
  /** Open payments (pending, unknown, approved, reversal pending, refund owed), oldest first. */
  payments: z.array(PaymentLink.extend({ localRef: z.string().max(40).optional() })).max(20),
  paymentsMore: count,
});
export type QueueOverview = z.infer<typeof QueueOverview>;

/** What the technician's last queue action did, as main decided it. */
export const QueueActionView = z.strictObject({
  action: z.enum(['retry', 'retryAll', 'drain', 'refunded']),
  result: z.enum(['done', 'refused']),
  /** Entries made due (retry, drain). */
  count: count.optional(),
  code: code.optional(),
  at: ms,
});
export type QueueActionView = z.infer<typeof QueueActionView>;

export const TechnicianPage = z.enum(['devices', 'queue', 'logs', 'settings']);
export type TechnicianPage = z.infer<typeof TechnicianPage>;
