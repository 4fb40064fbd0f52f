/**
 * What the session needs from the outside world, in the session's own terms. The composition
 * root (main/app) adapts the drivers, the outbox and the gateway client to these; tests give
 * the session small in-memory versions.
 */
import type { TerminalPrompt } from '../contract';
import { CodedError } from '../../shared/coded-error';

export interface CardIdentity {
  profile: string;
  idNumber: string;
  documentNumber?: string;
  surname?: string;
  givenNames?: string;
  surnameAr?: string;
  givenNamesAr?: string;
  nationality?: string;
  birthDate?: string;
  birthPlace?: string;
  sex?: string;
  validFrom?: string;
  validUntil?: string;
  address?: { street?: string; postalCode?: string; municipality?: string };
}

export interface Fine {
  id: string;
  date: string;
  offence: { ar: string; en: string };
  place?: { ar: string; en: string };
  plate?: string;
  amountCents: number;
  /**
   * Set when the item is a financial claim listed with the fines' machinery (services.md #40):
   * its kind, the department that issued it, and where it can be paid (a kiosk only if `kiosk`).
   */
  claim?: { kind: FinancialClaim['kind']; department: Bilingual; payableAt: readonly PayPlace[] };
}

export interface FinesPort {
  /** Rejects when the gateway cannot answer; the session tells the shopper it needs the network. */
  trafficFines(idNumber: string): Promise<Fine[]>;
}

type PayPlace = 'kiosk' | 'website' | 'app' | 'service-centre';

/** What a person owes the ministry besides traffic fines: a request's fee, a fine, a ticket. */
export interface FinancialClaim {
  id: string;
  kind: 'service-fee' | 'fine' | 'ticket';
  description: Bilingual;
  department: Bilingual;
  amountCents: number;
  issuedOn: string;
  payableAt: readonly PayPlace[];
  /** The request this fee is for, as "my requests" names it. */
  ministryRef?: string;
}

export interface ClaimsPort {
  /**
   * The card holder's outstanding claims, or with `personId` (from the sponsorships inquiry) a
   * sponsored person's; [] when nothing is owed. Rejects when the gateway cannot answer.
   */
  financialClaims(idNumber: string, personId?: string): Promise<FinancialClaim[]>;
}

export interface ResidencePermit {
  status: 'valid' | 'expired' | 'cancelled';
  validUntil: string;
  idNumberMasked: string;
}

export interface PermitsPort {
  /**
   * The card holder's residence permit, or with `personId` (from the sponsorships inquiry) a
   * sponsored person's; undefined when the ministry has none on record. Rejects when the gateway
   * cannot answer.
   */
  residencePermit(idNumber: string, personId?: string): Promise<ResidencePermit | undefined>;
}

export interface Visa {
  visaNumber: string;
  type: 'family-visit' | 'business-visit' | 'tourist';
  status: 'valid' | 'expired' | 'cancelled';
  validUntil: string;
  passportMasked: string;
}

export interface VisasPort {
  /**
   * The visa of a visitor the card holder sponsors, by the ministry's id for them (from the
   * sponsorships inquiry: the kiosk never has their passport number); undefined when the
   * ministry has none on record. Rejects when the gateway cannot answer.
   */
  visa(idNumber: string, personId: string): Promise<Visa | undefined>;
}

export interface ResidencyEligibility {
  status: 'eligible' | 'not-yet-eligible';
  reasons: ('residence-period' | 'residence-permit-not-valid')[];
  residenceYears: number;
  requiredYears: number;
  eligibleFrom?: string;
}

export interface ResidencyPort {
  /**
   * Whether the card holder may apply for permanent residency now; undefined when it does not
   * apply to them (a Qatari citizen). Rejects when the gateway cannot answer.
   */
  permanentResidency(idNumber: string): Promise<ResidencyEligibility | undefined>;
}

export type PaymentOutcome =
  | {
      result: 'approved';
      /** The payment journal's id, once the approval is durable. */
      paymentId?: string;
      amountCents: number;
      trace?: string;
      receiptNo?: string;
      cardType?: string;
      panMasked?: string;
      authCode?: string;
      terminalId?: string;
      receiptLines: string[];
    }
  | { result: 'declined'; code: number; reason: string }
  | { result: 'aborted' }
  | { result: 'unknown'; reason: string };

export interface PaymentPort {
  /**
   * Charges the amount; `requestId` names the thing paid for, so it can never be charged twice.
   * Rejects (nothing charged) when the terminal is unavailable or a previous payment is unresolved.
   */
  sale(
    amountCents: number,
    opts: { onProgress: (prompt: TerminalPrompt) => void; signal: AbortSignal; sessionId?: string; requestId?: string },
  ): Promise<PaymentOutcome>;
  /** The approved payment now has its durable submission: it will not be reversed. */
  markFulfilled(paymentId: string, submissionId: string): void;
  /** The request could not be recorded after payment: give the money back (or record it as owed). */
  cancelPaid(paymentId: string, reason: string): Promise<'reversed' | 'refund-owed' | 'reversal-pending'>;
}

export interface SubmissionInput {
  serviceId: string;
  applicant: CardIdentity;
  payload: Record<string, unknown>;
  /** Absent for services that cost nothing. */
  payment?: Extract<PaymentOutcome, { result: 'approved' }>;
  /** The sponsored person it is for (the ministry's opaque id, the masked number); absent: the card holder. */
  beneficiary?: { id: string; idNumberMasked?: string };
}

export interface SubmissionPort {
  /** Durable when it returns: the shopper may be told "received" afterwards, not before. */
  enqueue(input: SubmissionInput): { id: string; localRef: string };
}

export interface ReceiptRequest {
  lang: 'ar' | 'en';
  applicant: CardIdentity;
  service: { titleAr: string; titleEn: string };
  /** Someone the card holder sponsors (absent when the request is for the card holder). */
  beneficiary?: { nameAr?: string; nameEn?: string; idNumberMasked?: string };
  /** The answers worth keeping on paper, in both languages. */
  answers?: { labelAr: string; labelEn: string; valueAr: string; valueEn: string }[];
  lines: { labelAr: string; labelEn: string; amountCents: number }[];
  totalCents: number;
  currency: string;
  payment?: Extract<PaymentOutcome, { result: 'approved' }>;
  localRef: string;
  ministryRef?: string;
  issuedAt: Date;
}

/** A receipt the printer did not take; `jobId` once it was journaled, so it can be reprinted. */
export class ReceiptError extends CodedError {
  override readonly name = 'ReceiptError';
  constructor(
    code: string,
    readonly jobId?: number,
  ) {
    super(code, `receipt not printed: ${code}`);
  }
}

export interface ReceiptPort {
  /**
   * Resolves when the printer has taken the receipt; rejects with a coded error (paper-out,
   * cover-open, offline, printer-unavailable…), a ReceiptError with its `jobId` once journaled.
   */
  print(receipt: ReceiptRequest): Promise<{ jobId: number }>;
  /** Prints a failed job again (the same journal entry, never a second one). */
  reprint(jobId: number): Promise<{ jobId: number }>;
}

interface Bilingual {
  ar: string;
  en: string;
}

/** Where a request stands: the ministry's statuses, or (only this kiosk knows) queued or never delivered. */
type TrackedStatus = 'queued' | 'not-delivered' | 'received' | 'in-review' | 'awaiting-payment' | 'awaiting-visit' | 'completed' | 'rejected' | 'cancelled';
type RequestPlace = 'service-centre' | 'website' | 'app';

/** One request of "my requests", merged from the ministry's answer and this kiosk's outbox. */
export interface TrackedRecord {
  ministryRef?: string;
  localRef?: string;
  /** `this-kiosk`: made here (the outbox holds it); `kiosk`: at another kiosk. */
  channel: 'website' | 'app' | 'kiosk' | 'this-kiosk' | 'service-centre';
  serviceId: string;
  /** The ministry's name for the service, when it gave one (the catalog's wins). */
  title?: Bilingual;
  /** ms since epoch */
  submittedAt: number;
  /** Oldest first, at least one. */
  history: { status: TrackedStatus; at: number; note?: Bilingual }[];
  expectedNext?: Bilingual;
  outstandingFee?: { amountCents: number; serviceId: string; payBy?: string };
  visit?: { where: RequestPlace; reason: Bilingual };
}

/** One person's requests: the card holder's (`personId` 'self') or a sponsored person's. */
export interface PersonRequests {
  personId: string;
  /** As the ministry names them; absent for the card holder, and offline. */
  person?: SponsoredPerson;
  /** Without `person` (offline): the masked number this kiosk kept when the request was made. */
  idNumberMasked?: string;
  requests: TrackedRecord[];
}

export interface TrackedRequests {
  /** 'unavailable': the ministry did not answer; only what this kiosk holds is listed. */
  ministry: 'answered' | 'unavailable';
  /** The card holder first, then each sponsored person. */
  people: PersonRequests[];
}

/** Someone the card holder sponsors, as the ministry's records name them. */
export interface SponsoredPerson {
  id: string;
  relation: 'employee' | 'family' | 'visitor';
  givenNamesAr: string;
  surnameAr: string;
  givenNames: string;
  surname: string;
  idNumberMasked: string;
  documentValidUntil?: string;
}

export interface SponsorsPort {
  /** Needs the gateway: the list is the ministry's, never typed at the kiosk. */
  sponsoredPeople(idNumber: string): Promise<SponsoredPerson[]>;
}

export interface RequestsPort {
  /** Every channel's requests, newest first per person; offline, the kiosk's own. Never throws for the gateway. */
  requestsOf(idNumber: string): Promise<TrackedRequests>;
}

export type PinResult = { result: 'ok' } | { result: 'wrong'; triesLeft: number } | { result: 'blocked' };

export interface CardPort {
  /** Verifies the PIN on the card in the reader; the read then continues and ends in identityRead. */
  submitPin(pin: string): Promise<PinResult>;
  /** The shopper gave up on the PIN (cancel, timeout): the card's read ends. */
  cancelPin(): void;
}

export interface Logger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** The time, handed in so the core never reads the system clock itself (tests pin it). */
export interface Clock {
  now(): number;
}

/** The names the session gives things, handed in so the core never draws random ids itself. */
export interface IdSource {
  /** Names one shopper session in the payment journal; unique across restarts. */
  sessionId(): string;
  /** Names one request, so it can be paid for once whatever happens. */
  requestId(): string;
}
