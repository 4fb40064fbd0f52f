import { z } from 'zod';
import {
  AnswerView,
  BeneficiaryView,
  DeviceHealth,
  FeeLineView,
  FineView,
  FormView,
  NoticeCode,
  PermitView,
  PaymentView,
  PersonView,
  ReceiptView,
  ServiceCategory,
  ServiceView,
  SubmissionView,
} from './views';
import { PersonRequestsView } from './tracking';
import { ResidencyView, VisaView } from './inquiries';
import { OutOfServiceStep, type TechnicianStep, TechnicianVisit } from './technician';

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
  'permit', // a residence permit's validity and what to do next (read only)
  'visa', // a sponsored visitor's visa and what can be done about it (read only)
  'residency', // the card holder's permanent-residency eligibility and what to do next (read only)
  'confirm', // fees computed by main, waiting for the shopper's confirmation
  'paying', // sale running on the terminal
  'result', // payment outcome, reference number, receipt state
  'requests', // the shopper's requests from every channel, theirs and their sponsored people's, with status history
  'goodbye', // session over, asking to take the card
  'error', // card unreadable or a device/gateway failure the shopper must know about
  'technicianPin', // a technician card is in: the technician's PIN (main checks it; lockout)
  'technicianWorkOrder', // after the PIN, where config asks for it: the work-order code from ops (main checks it)
  'diagnostics', // the technician's visit: device states, self-tests, out of service
  'techQueue', // the technician's visit: outbox counts, dead letters, open payments and refunds owed
  'techLogs', // the technician's visit: recent log lines, filterable by device, and the error counters since start
  'techSettings', // the technician's visit: device settings changed on site, and the device restarts that apply them
  'outOfService', // temporarily out of service: where the nearest alternative is; no card is read for a shopper
]);
export type ScreenId = z.infer<typeof ScreenId>;


const amountCents = z.number().int().nonnegative();

/** How the request is priced: by the fines or the financial claims the ministry listed, or by the catalog from a form. */
export const RequestFlow = z.enum(['fines', 'claims', 'form']);
export type RequestFlow = z.infer<typeof RequestFlow>;

/**
 * One step per screen of a shopper's session, each with exactly what its screen shows: a screen
 * never guesses where it is from which fields happen to be there.
 */
export const ShopperStep = z.discriminatedUnion('screen', [
  z.strictObject({ screen: z.literal('reading') }),
  /** How many tries the card says are left, and whether the last PIN was wrong. */
  z.strictObject({ screen: z.literal('pin'), triesLeft: z.number().int().nonnegative().optional(), wrong: z.boolean() }),
  z.strictObject({
    screen: z.literal('welcome'),
    person: PersonView,
    /** Within a category, the most used first. */
    services: z.array(ServiceView),
    /** The most used services, most used first, by id: the menu offers them above the categories. */
    featured: z.array(z.string()),
    /** The category the shopper opened; absent: the menu shows the categories. */
    category: ServiceCategory.optional(),
    /**
     * The notice above the menu is how a free inquiry just ended (no visa on record, the ministry
     * unreachable): the shopper is choosing again, not buying, so no purchase steps are shown.
     * Kept while that notice is.
     */
    inquiryOutcome: z.literal(true).optional(),
  }),
  z.strictObject({ screen: z.literal('beneficiary'), service: ServiceView, beneficiaries: z.array(BeneficiaryView) }),
  z.strictObject({ screen: z.literal('form'), service: ServiceView, form: FormView }),
  z.strictObject({
    screen: z.literal('fines'),
    /** What the ministry listed: traffic fines, or financial claims (fees, fines, tickets). */
    flow: RequestFlow.exclude(['form']),
    /** Whose claims, when they are a sponsored person's (absent for the card holder and for fines). */
    beneficiary: BeneficiaryView.optional(),
    fines: z.array(FineView),
    /** The inquiry is for reading only: nothing to select or pay. */
    readOnly: z.boolean(),
    selectedFineIds: z.array(z.string()),
    /** Computed by main from its own copy of the fines; never sent by the renderer. */
    amountCents,
  }),
  /** The residence-permit inquiry's answer: whose permit, its validity, what to do next. */
  z.strictObject({ screen: z.literal('permit'), service: ServiceView, beneficiary: BeneficiaryView, permit: PermitView }),
  /** The visa inquiry's answer: whose visa (always a sponsored visitor's), its state, what to do next. */
  z.strictObject({ screen: z.literal('visa'), service: ServiceView, beneficiary: BeneficiaryView, visa: VisaView }),
  /** The permanent-residency eligibility inquiry's answer: always the card holder's own. */
  z.strictObject({ screen: z.literal('residency'), service: ServiceView, eligibility: ResidencyView }),
  z.strictObject({
    screen: z.literal('confirm'),
    flow: RequestFlow,
    service: ServiceView,
    /** Who the request is for. */
    beneficiary: BeneficiaryView,
    /** The shopper chose the beneficiary from a list, so may choose again from the review. */
    beneficiaryChangeable: z.boolean(),
    /** Every answer of the form, each one changeable from the review (none for an inquiry). */
    answers: z.array(AnswerView),
    /** What the shopper pays, line by line, as main computed it. */
    fees: z.array(FeeLineView),
    amountCents,
    /** How many fines or claims are being paid (0 for a form service). */
    fineCount: z.number().int().nonnegative(),
  }),
  z.strictObject({ screen: z.literal('paying'), flow: RequestFlow, amountCents, payment: PaymentView }),
  z.strictObject({
    screen: z.literal('result'),
    flow: RequestFlow,
    amountCents,
    /** Absent for a request that costs nothing. */
    payment: PaymentView.optional(),
    /** Absent when nothing was recorded (payment declined, or the outbox refused it). */
    submission: SubmissionView.optional(),
    /** The receipt of a recorded submission. */
    receipt: ReceiptView.optional(),
  }),
  /**
   * "My requests": the card holder first, then each person they sponsor. `ministry`: whether the
   * ministry answered; when it did not, only what this kiosk holds is listed, and the screen says so.
   */
  z.strictObject({ screen: z.literal('requests'), ministry: z.enum(['answered', 'unavailable']), people: z.array(PersonRequestsView) }),
]);
export type ShopperStep = z.infer<typeof ShopperStep>;

/** Everything about the shopper at the kiosk. Ending the session drops this one value. */
const ShopperSession = z.strictObject({ step: ShopperStep });

/** Screens with nobody's session open: nothing personal can be on them. */
export const AttractStep = z.strictObject({ screen: z.enum(['attract', 'goodbye', 'error']) });
export type AttractStep = z.infer<typeof AttractStep>;

/**
 * Who the kiosk is serving: nobody yet, a shopper, a technician on a visit (main/contract/
 * technician.ts), or nobody because it is out of service. Each has its own steps; a visit and an
 * out-of-service kiosk never carry anything of a shopper. Other parts of main (the configuration
 * agent, issue 12) read `kind` to know a technician is at work.
 */
const KioskMode = z.discriminatedUnion('kind', [
  /** Waiting for a card, or just after a session (goodbye, or the error that ended it). */
  z.strictObject({ kind: z.literal('attract'), step: AttractStep }),
  z.strictObject({ kind: z.literal('shopper'), session: ShopperSession }),
  z.strictObject({ kind: z.literal('technician'), visit: TechnicianVisit }),
  z.strictObject({ kind: z.literal('outOfService'), step: OutOfServiceStep }),
]);

/**
 * Screen texts that ops changed in the signed configuration in force (issue 12), per language:
 * message key → text. Main has checked them before they got here (every key one the renderer
 * ships, both languages given, the same placeholders: main/config/bundle/texts.ts); the renderer
 * shows them in place of its own and never makes up a text. They change only between sessions.
 */
const TextTable = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9.-]{0,79}$/), z.string().min(1).max(2000))
  .refine((table) => Object.keys(table).length <= 1000, 'at most 1000 texts');
export const ScreenTexts = z.strictObject({ ar: TextTable, en: TextTable });
export type ScreenTexts = z.infer<typeof ScreenTexts>;

/** What main tells the renderer: a full snapshot, sent again on every change. */
export const KioskState = z.strictObject({
  /** Increases with every change, so a client can drop stale snapshots. */
  seq: z.number().int().nonnegative(),
  lang: Lang,
  gateway: z.enum(['online', 'offline', 'unknown']),
  devices: z.strictObject({
    card: DeviceHealth,
    printer: DeviceHealth,
    terminal: DeviceHealth,
  }),
  /**
   * What the kiosk can offer now, from the out-of-service rules over the device states: anybody
   * at all (no card reader: out of service), paid
   * services at all (no terminal, or no room to journal a payment: only free ones), and whether
   * the receipt will be printed or only shown on screen (told before the shopper pays).
   */
  offer: z.strictObject({ inService: z.boolean(), paid: z.boolean(), receipt: z.enum(['paper', 'on-screen']) }),
  currency: z.string(),
  mode: KioskMode,
  /** Why the screen changed (card pulled, timeout, gateway down); belongs to the step it came with. */
  notice: NoticeCode.optional(),
  /** Main is waiting on hardware or the network; the renderer shows what is happening. */
  busy: z.boolean(),
  /** ms since epoch when the inactivity warning will reset the session, if counting down. */
  timeoutAt: z.number().optional(),
  /** The configuration's screen texts, when it changes any. */
  texts: ScreenTexts.optional(),
});
export type KioskState = z.infer<typeof KioskState>;

export type Step = AttractStep | ShopperStep | TechnicianStep | OutOfServiceStep;
/** The step of one screen, e.g. `StepOf<'fines'>`. */
export type StepOf<S extends ScreenId> = Extract<ShopperStep | TechnicianStep | OutOfServiceStep, { screen: S }> | (S extends AttractStep['screen'] ? AttractStep & { screen: S } : never);

export function currentStep(state: Pick<KioskState, 'mode'>): Step {
  const mode = state.mode;
  switch (mode.kind) {
    case 'attract':
      return mode.step;
    case 'shopper':
      return mode.session.step;
    case 'technician':
      return mode.visit.step;
    case 'outOfService':
      return mode.step;
  }
}

export function screenOf(state: Pick<KioskState, 'mode'>): ScreenId {
  return currentStep(state).screen;
}
