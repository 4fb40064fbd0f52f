import { z } from 'zod';

/**
 * What main tells the renderer. Main owns every value here; the renderer only renders it.
 * Personal data is reduced to what a screen shows (masked ID number, names).
 */

export const Lang = z.enum(['ar', 'en']);
export type Lang = z.infer<typeof Lang>;

export const ScreenId = z.enum([
  'attract', // idle: invite to insert a card
  'reading', // card inserted, identity being read
  'pin', // the card needs its PIN before it gives up the identity
  'welcome', // identity known: choose a service
  'beneficiary', // for whom: the shopper, or someone they sponsor (from the ministry's records)
  'form', // the chosen service's short form, typed on the on-screen keyboard
  'fines', // traffic fines listed, shopper selects which to pay (or just reads them)
  'confirm', // fees computed by main, waiting for the shopper's confirmation
  'paying', // sale running on the terminal
  'result', // payment outcome, reference number, receipt state
  'requests', // the shopper's earlier requests made at kiosks, with their status
  'goodbye', // session over, asking to take the card
  'error', // card unreadable or a device/gateway failure the shopper must know about
]);
export type ScreenId = z.infer<typeof ScreenId>;

export const DeviceHealth = z.enum(['ready', 'busy', 'warning', 'unavailable', 'unknown']);
export type DeviceHealth = z.infer<typeof DeviceHealth>;

export const PersonView = z.object({
  givenNamesAr: z.string().optional(),
  surnameAr: z.string().optional(),
  givenNames: z.string().optional(),
  surname: z.string().optional(),
  /** e.g. "2845•••••12": never the whole number on screen. */
  idNumberMasked: z.string(),
  nationality: z.string().optional(),
  validUntil: z.string().optional(),
  expired: z.boolean(),
});
export type PersonView = z.infer<typeof PersonView>;

export const ServiceView = z.object({
  id: z.string(),
  category: z.enum(['traffic', 'residency', 'visas', 'licences', 'certificates', 'general']),
  titleAr: z.string(),
  titleEn: z.string(),
  descriptionAr: z.string(),
  descriptionEn: z.string(),
  /** Needs the ministry online now (a live inquiry first); otherwise it may be queued. */
  needsNetwork: z.boolean(),
  /** Main's verdict for this shopper right now; the renderer greys it out when false. */
  available: z.boolean(),
  unavailableReason: z.enum(['needs-network', 'not-for-you', 'card-expired']).optional(),
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

export const FormFieldView = z.object({
  id: z.string(),
  kind: z.enum(['text', 'number', 'qid', 'phone', 'email', 'plate', 'select']),
  labelAr: z.string(),
  labelEn: z.string(),
  required: z.boolean(),
  script: z.enum(['any', 'arabic', 'latin']).optional(),
  maxLength: z.number().int().optional(),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  options: z.array(z.object({ value: z.string(), labelAr: z.string(), labelEn: z.string() })).optional(),
});
export type FormFieldView = z.infer<typeof FormFieldView>;

export const FormView = z.object({
  fields: z.array(FormFieldView),
  values: z.record(z.string(), z.string()),
  /** Main's verdict on each value; shown once the shopper tried to continue or left a field. */
  errors: z.record(z.string(), FieldErrorCode),
});
export type FormView = z.infer<typeof FormView>;

export const FeeLineView = z.object({ labelAr: z.string(), labelEn: z.string(), amountCents: z.number().int().nonnegative() });
export type FeeLineView = z.infer<typeof FeeLineView>;

export const BeneficiaryView = z.object({
  /** 'self' for the card holder; otherwise the ministry's opaque id of the sponsored person. */
  id: z.string(),
  relation: z.enum(['self', 'employee', 'family', 'visitor']),
  nameAr: z.string().optional(),
  nameEn: z.string().optional(),
  idNumberMasked: z.string().optional(),
});
export type BeneficiaryView = z.infer<typeof BeneficiaryView>;

export const RequestView = z.object({
  localRef: z.string(),
  ministryRef: z.string().optional(),
  serviceId: z.string(),
  titleAr: z.string(),
  titleEn: z.string(),
  /** Where the kiosk's copy stands: waiting to be sent, with the ministry, or a dead letter. */
  delivery: z.enum(['waiting', 'delivered', 'rejected', 'expired']),
  /** The ministry's own status when it could be asked. */
  ministryStatus: z.enum(['received', 'in-review', 'completed', 'rejected']).optional(),
  paid: z.boolean(),
  /** ms since epoch */
  createdAt: z.number(),
});
export type RequestView = z.infer<typeof RequestView>;

export const FineView = z.object({
  id: z.string(),
  /** ISO date of the violation. */
  date: z.string(),
  offenceAr: z.string(),
  offenceEn: z.string(),
  placeAr: z.string().optional(),
  placeEn: z.string().optional(),
  plate: z.string().optional(),
  amountCents: z.number().int().nonnegative(),
});
export type FineView = z.infer<typeof FineView>;

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

export const PaymentView = z.object({
  phase: z.enum(['starting', 'in-progress', 'approved', 'declined', 'aborted', 'failed']),
  prompt: TerminalPrompt.optional(),
  cardType: z.string().optional(),
  panMasked: z.string().optional(),
  authCode: z.string().optional(),
  /** Why a payment did not go through, as a code the renderer translates. */
  reason: z.string().optional(),
});
export type PaymentView = z.infer<typeof PaymentView>;

export const SubmissionView = z.object({
  localRef: z.string(),
  ministryRef: z.string().optional(),
  delivery: z.enum(['queued', 'delivered', 'rejected']),
});
export type SubmissionView = z.infer<typeof SubmissionView>;

export const ReceiptView = z.object({
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
  'terminal-unavailable',
  'printer-unavailable',
  'card-expired',
  'pin-blocked',
  'checking-previous-payment',
  'form-invalid',
  'technician-card',
  'no-sponsored-people',
]);
export type NoticeCode = z.infer<typeof NoticeCode>;

export const KioskState = z.object({
  /** Increases with every change, so a client can drop stale snapshots. */
  seq: z.number().int().nonnegative(),
  screen: ScreenId,
  lang: Lang,
  gateway: z.enum(['online', 'offline', 'unknown']),
  devices: z.object({
    card: DeviceHealth,
    printer: DeviceHealth,
    terminal: DeviceHealth,
  }),
  currency: z.string(),
  person: PersonView.optional(),
  services: z.array(ServiceView),
  service: ServiceView.optional(),
  form: FormView.optional(),
  fines: z.array(FineView).optional(),
  /** The fines inquiry is for reading only (no payment). */
  finesReadOnly: z.boolean().optional(),
  requests: z.array(RequestView).optional(),
  beneficiaries: z.array(BeneficiaryView).optional(),
  /** Who the current request is for, once chosen. */
  beneficiary: BeneficiaryView.optional(),
  /** What the shopper pays, line by line, as main computed it. */
  fees: z.array(FeeLineView).optional(),
  selectedFineIds: z.array(z.string()).optional(),
  /** Computed by main from its own copy of the fines; never sent by the renderer. */
  amountCents: z.number().int().nonnegative().optional(),
  payment: PaymentView.optional(),
  submission: SubmissionView.optional(),
  receipt: ReceiptView.optional(),
  notice: NoticeCode.optional(),
  /** PIN entry: how many tries the card says are left, and whether the last PIN was wrong. */
  pin: z.object({ triesLeft: z.number().int().nonnegative().optional(), wrong: z.boolean() }).optional(),
  /** Main is waiting on hardware or the network; the renderer shows what is happening. */
  busy: z.boolean(),
  /** ms since epoch when the inactivity warning will reset the session, if counting down. */
  timeoutAt: z.number().optional(),
});
export type KioskState = z.infer<typeof KioskState>;
