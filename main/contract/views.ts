import { z } from 'zod';

/**
 * The pieces a state is made of, each cut down to what a screen shows: names and a masked ID
 * number, never the card's whole record. Every object is strict, so a field main adds by mistake
 * (a whole ID number, say) fails the contract check instead of travelling to the screen.
 */

export const DeviceHealth = z.enum(['ready', 'busy', 'warning', 'unavailable', 'unknown']);
export type DeviceHealth = z.infer<typeof DeviceHealth>;

export const PersonView = z.strictObject({
  givenNamesAr: z.string().optional(),
  surnameAr: z.string().optional(),
  givenNames: z.string().optional(),
  surname: z.string().optional(),
  /** e.g. "2845•••••12": never the whole number on screen. */
  idNumberMasked: z.string(),
  nationality: z.string().optional(),
  validUntil: z.string().optional(),
  expired: z.boolean(),
  /** The card's signed data and chip were verified; when false, no name is sent and the screen says what is still possible. */
  verified: z.boolean(),
});
export type PersonView = z.infer<typeof PersonView>;

/** The menu's first level, in the order the menu shows them. */
export const ServiceCategory = z.enum(['traffic', 'licences', 'residency', 'visas', 'documents', 'certificates', 'general', 'companies']);
export type ServiceCategory = z.infer<typeof ServiceCategory>;

export const ServiceView = z.strictObject({
  id: z.string(),
  category: ServiceCategory,
  titleAr: z.string(),
  titleEn: z.string(),
  descriptionAr: z.string(),
  descriptionEn: z.string(),
  /** Needs the ministry online now (a live inquiry first); otherwise it may be queued. */
  needsNetwork: z.boolean(),
  /**
   * How it is paid, so the screen shows the steps this service really has: a catalog fee, the
   * fines an inquiry lists, nothing at all (free), an inquiry that is only read, or not known
   * (a service served elsewhere whose fee no source gives; never offered here).
   */
  pricing: z.enum(['fee', 'by-inquiry', 'free', 'read-only', 'unknown']),
  /** For a fee: the least it can cost, and whether the answers (length, delivery…) can make it more. */
  feeFromCents: z.number().int().nonnegative().optional(),
  feeVaries: z.boolean().optional(),
  /** Main's verdict for this shopper right now; the renderer greys it out when false. */
  available: z.boolean(),
  /** elsewhere: served on the ministry's website, app and service centres, not here. devices-unavailable: a device it cannot complete without is down (main/core/availability.ts); such a service is not listed. */
  unavailableReason: z.enum(['elsewhere', 'needs-network', 'not-for-you', 'card-expired', 'card-unverified', 'devices-unavailable']).optional(),
});
export type ServiceView = z.infer<typeof ServiceView>;

export const FieldErrorCode = z.enum([
  'required',
  'too-long',
  'not-a-number',
  'out-of-range',
  'invalid-qid',
  'invalid-phone',
  'invalid-email',
  'invalid-plate',
  'wrong-script',
  'unknown-option',
]);
export type FieldErrorCode = z.infer<typeof FieldErrorCode>;

export const FormFieldView = z.strictObject({
  id: z.string(),
  kind: z.enum(['text', 'number', 'qid', 'phone', 'email', 'plate', 'select']),
  labelAr: z.string(),
  labelEn: z.string(),
  required: z.boolean(),
  script: z.enum(['any', 'arabic', 'latin']).optional(),
  maxLength: z.number().int().optional(),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  options: z.array(z.strictObject({ value: z.string(), labelAr: z.string(), labelEn: z.string() })).optional(),
});
export type FormFieldView = z.infer<typeof FormFieldView>;

export const FormView = z.strictObject({
  fields: z.array(FormFieldView),
  values: z.record(z.string(), z.string()),
  /** Main's verdict on each value; shown once the shopper tried to continue or left a field. */
  errors: z.record(z.string(), FieldErrorCode),
  /** The one field being changed from the review: the form opens at it and goes back to the review. */
  editing: z.string().optional(),
});
export type FormView = z.infer<typeof FormView>;

/** One answer as the shopper gave it, in both languages (a choice by its label, typing as typed). */
export const AnswerView = z.strictObject({
  fieldId: z.string(),
  labelAr: z.string(),
  labelEn: z.string(),
  valueAr: z.string(),
  valueEn: z.string(),
});
export type AnswerView = z.infer<typeof AnswerView>;

export const FeeLineView = z.strictObject({ labelAr: z.string(), labelEn: z.string(), amountCents: z.number().int().nonnegative() });
export type FeeLineView = z.infer<typeof FeeLineView>;

export const BeneficiaryView = z.strictObject({
  /** 'self' for the card holder; otherwise the ministry's opaque id of the sponsored person. */
  id: z.string(),
  relation: z.enum(['self', 'employee', 'family', 'visitor']),
  nameAr: z.string().optional(),
  nameEn: z.string().optional(),
  idNumberMasked: z.string().optional(),
});
export type BeneficiaryView = z.infer<typeof BeneficiaryView>;

export const FineView = z.strictObject({
  id: z.string(),
  /** ISO date of the violation. */
  date: z.string(),
  offenceAr: z.string(),
  offenceEn: z.string(),
  placeAr: z.string().optional(),
  placeEn: z.string().optional(),
  plate: z.string().optional(),
  amountCents: z.number().int().nonnegative(),
  /**
   * A financial claim listed on the same screen (services.md #40): its kind, the department
   * that issued it, and whether this kiosk takes it; one it does not take says where it is paid.
   */
  claim: z
    .strictObject({
      kind: z.enum(['service-fee', 'fine', 'ticket']),
      departmentAr: z.string(),
      departmentEn: z.string(),
      payableHere: z.boolean(),
      elsewhere: z.array(z.enum(['website', 'app', 'service-centre'])),
    })
    .optional(),
});
export type FineView = z.infer<typeof FineView>;

/**
 * A residence permit as the ministry has it, and what its holder should do now, decided by main
 * from its dates (services.md §4: renewal from 90 days before the last day; 90 days of grace
 * after it, then a fine for each day late): nothing yet (renewal opens on `renewFrom`), renew
 * now, renew now within the grace period (until `graceUntil`), renew late (a fine is due), or,
 * cancelled, ask at a service centre.
 */
export const PermitView = z.strictObject({
  status: z.enum(['valid', 'expired', 'cancelled']),
  /** ISO date: the permit's last day. */
  validUntil: z.string(),
  idNumberMasked: z.string(),
  next: z.enum(['nothing-yet', 'renew-now', 'renew-in-grace', 'renew-late', 'service-centre']),
  renewFrom: z.string().optional(),
  graceUntil: z.string().optional(),
  /** Whole days from today to the last day (negative once it has passed). */
  daysLeft: z.number().int(),
});
export type PermitView = z.infer<typeof PermitView>;

/** The terminal's own prompts, mapped to codes the renderer translates. */
export const TerminalPrompt = z.enum([
  'insert-card',
  'enter-pin',
  'wrong-pin',
  'processing',
  'waiting-for-host',
  'remove-card',
  'card-not-readable',
  'please-wait',
]);
export type TerminalPrompt = z.infer<typeof TerminalPrompt>;

export const PaymentView = z.strictObject({
  phase: z.enum(['starting', 'in-progress', 'approved', 'declined', 'aborted', 'failed']),
  prompt: TerminalPrompt.optional(),
  cardType: z.string().optional(),
  panMasked: z.string().optional(),
  authCode: z.string().optional(),
  /** Why a payment did not go through, as a code the renderer translates. */
  reason: z.string().optional(),
});
export type PaymentView = z.infer<typeof PaymentView>;

export const SubmissionView = z.strictObject({
  localRef: z.string(),
  ministryRef: z.string().optional(),
  delivery: z.enum(['queued', 'delivered', 'rejected']),
});
export type SubmissionView = z.infer<typeof SubmissionView>;

export const ReceiptView = z.strictObject({
  state: z.enum(['printing', 'printed', 'failed']),
  reason: z.string().optional(),
  /** A failed receipt can be printed again now (the printer is back). */
  reprintAvailable: z.boolean().optional(),
});
export type ReceiptView = z.infer<typeof ReceiptView>;

/** Short messages that explain why the screen changed (card pulled, timeout, gateway down). */
export const NoticeCode = z.enum([
  'card-removed',
  'card-unreadable',
  'card-reader-unavailable',
  'session-timeout',
  'gateway-unavailable',
  'no-fines',
  /** The ministry lists no outstanding financial claim for the person asked about. */
  'no-claims',
  'terminal-unavailable',
  'printer-unavailable',
  'card-expired',
  'pin-blocked',
  'checking-previous-payment',
  'form-invalid',
  'technician-card',
  'no-sponsored-people',
  /** The ministry has no residence permit on record for the person asked about. */
  'no-residence-permit',
  /** The ministry has no visa on record for the visitor asked about. */
  'no-visa',
  /** The ministry says permanent residency does not apply to the card holder (a citizen). */
  'residency-not-applicable',
  /** A technician card while a shopper's payment is still settling: try again when it is done. */
  'technician-wait',
  /** The technician's visit ended for inactivity. */
  'technician-timeout',
  /** After a visit the devices were checked and the kiosk is back in service. */
  'back-in-service',
]);
export type NoticeCode = z.infer<typeof NoticeCode>;

