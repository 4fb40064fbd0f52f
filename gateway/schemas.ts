import { z } from 'zod';

/**
 * The wire shapes of the ministry gateway API, as zod schemas. gateway/openapi.yaml is the
 * contract the ministry reads; these schemas are the same rules in code, used by the simulator to
 * validate requests and by the kiosk's client to validate answers. A test keeps the two in step.
 */

/** Qatari ID number (QID): 11 digits, first digit 2 (citizen) or 3 (resident). */
export const QID_PATTERN = /^[23]\d{10}$/;
export const Qid = z.string().regex(QID_PATTERN, 'not a QID (11 digits starting with 2 or 3)');

/** Kiosk-side reference shown to the shopper before the ministry answers, e.g. K01-20261128-000123. */
const LOCAL_REF_PATTERN = /^[A-Z0-9]{1,12}-\d{8}-\d{6}$/;
const SERVICE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const KIOSK_ID_PATTERN = /^[A-Z0-9]{1,12}$/;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const LocalizedText = z.object({ ar: z.string().min(1), en: z.string().min(1) });
export type LocalizedText = z.infer<typeof LocalizedText>;

export const ErrorBody = z.object({ code: z.string().min(1), message: z.string() });
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * The two 409 answers to a submission: another body under this key (final), or the first
 * request with this key not finished yet (retry later with the same key).
 */
const IdempotencyProblemCode = z.enum(['idempotency-conflict', 'idempotency-in-progress']);
export const IdempotencyProblem = z.object({ code: IdempotencyProblemCode, message: z.string() });
export type IdempotencyProblem = z.infer<typeof IdempotencyProblem>;

export const HealthResponse = z.object({ status: z.literal('ok'), time: z.iso.datetime({ offset: true }) });
export type HealthResponse = z.infer<typeof HealthResponse>;

export const FinesInquiryRequest = z.object({ idNumber: Qid }).strict();
export type FinesInquiryRequest = z.infer<typeof FinesInquiryRequest>;

export const Fine = z.object({
  id: z.string().min(1).max(64),
  date: z.string().regex(ISO_DATE),
  offence: LocalizedText,
  place: LocalizedText.optional(),
  plate: z.string().min(1).max(16).optional(),
  /** QAR in dirham (1/100): integers only, so sums are exact. */
  amountCents: z.number().int().positive(),
});
export type Fine = z.infer<typeof Fine>;

export const FinesInquiryResponse = z.object({ fines: z.array(Fine) });
export type FinesInquiryResponse = z.infer<typeof FinesInquiryResponse>;

export const SponsorshipsInquiryRequest = z.object({ idNumber: Qid }).strict();
export type SponsorshipsInquiryRequest = z.infer<typeof SponsorshipsInquiryRequest>;

/** Opaque id of a sponsored person: never the person's document number. */
export const SPONSORED_PERSON_ID_PATTERN = /^[A-Za-z0-9-]{1,40}$/;
/** A document number with some digits hidden, e.g. 284••••••23: digits and • only, at least one •. */
export const MASKED_ID_PATTERN = /^(?=.*•)[0-9•]{4,20}$/;

export const SponsoredRelation = z.enum(['employee', 'family', 'visitor']);
export type SponsoredRelation = z.infer<typeof SponsoredRelation>;

/** Someone the card holder sponsors: a shopper may make a request for them. */
export const SponsoredPerson = z.object({
  id: z.string().regex(SPONSORED_PERSON_ID_PATTERN),
  relation: SponsoredRelation,
  givenNamesAr: z.string().min(1).max(100),
  surnameAr: z.string().min(1).max(100),
  givenNames: z.string().min(1).max(100),
  surname: z.string().min(1).max(100),
  /** The QID, or for visitors the passport number, masked. */
  idNumberMasked: z.string().regex(MASKED_ID_PATTERN),
  /** Until when the residence permit or visa is valid. */
  documentValidUntil: z.string().regex(ISO_DATE).optional(),
});
export type SponsoredPerson = z.infer<typeof SponsoredPerson>;

export const SponsorshipsInquiryResponse = z.object({ people: z.array(SponsoredPerson) });
export type SponsorshipsInquiryResponse = z.infer<typeof SponsorshipsInquiryResponse>;

/**
 * Whose residence permit: the card holder's own (`idNumber` alone), or that of one person the
 * card holder sponsors, named by the opaque id the sponsorships inquiry gave (never by a QID the
 * kiosk does not have).
 */
export const ResidencePermitInquiryRequest = z.object({ idNumber: Qid, personId: z.string().regex(SPONSORED_PERSON_ID_PATTERN).optional() }).strict();
export type ResidencePermitInquiryRequest = z.infer<typeof ResidencePermitInquiryRequest>;

export const ResidencePermit = z.object({
  status: z.enum(['valid', 'expired', 'cancelled']),
  /** The permit's last day (for a cancelled one, the day it would have ended). */
  validUntil: z.string().regex(ISO_DATE),
  /** The holder's QID, masked. */
  idNumberMasked: z.string().regex(MASKED_ID_PATTERN),
});
export type ResidencePermit = z.infer<typeof ResidencePermit>;

export const ResidencePermitInquiryResponse = z.object({ permit: ResidencePermit });
export type ResidencePermitInquiryResponse = z.infer<typeof ResidencePermitInquiryResponse>;

/**
 * "My requests" from every channel (issue 15): what the ministry holds for a card holder and for
 * each person they sponsor, whichever channel took it (the website, the Metrash app, a kiosk, a
 * service centre), with its status history, what comes next and what the person can do now.
 */
export const RequestChannel = z.enum(['website', 'app', 'kiosk', 'service-centre']);
export type RequestChannel = z.infer<typeof RequestChannel>;
export const TrackedStatus = z.enum(['received', 'in-review', 'awaiting-payment', 'awaiting-visit', 'completed', 'rejected', 'cancelled']);
export type TrackedStatus = z.infer<typeof TrackedStatus>;

export const StatusChange = z.object({
  status: TrackedStatus,
  at: z.iso.datetime({ offset: true }),
  /** The ministry's word on this change (why rejected, where to collect), in both languages. */
  note: LocalizedText.optional(),
});
export type StatusChange = z.infer<typeof StatusChange>;

/** An amount the request waits for, and the ministry service that takes it (e.g. pay-traffic-fines). */
export const OutstandingFee = z.object({
  amountCents: z.number().int().positive(),
  serviceId: z.string().regex(SERVICE_ID_PATTERN),
  payBy: z.string().regex(ISO_DATE).optional(),
});
export type OutstandingFee = z.infer<typeof OutstandingFee>;

/** Something only a person can do in a place: bring a document, collect a card. */
export const RequestVisit = z.object({ where: z.enum(['service-centre', 'website', 'app']), reason: LocalizedText });
export type RequestVisit = z.infer<typeof RequestVisit>;

export const TrackedRequest = z.object({
  ministryRef: z.string().min(1).max(64),
  /** The kiosk's own reference, for a request made at a kiosk. */
  localRef: z.string().regex(LOCAL_REF_PATTERN).optional(),
  channel: RequestChannel,
  serviceId: z.string().regex(SERVICE_ID_PATTERN),
  title: LocalizedText,
  submittedAt: z.iso.datetime({ offset: true }),
  /** Oldest first; the last change is the current status. */
  history: z.array(StatusChange).min(1).max(50),
  expectedNext: LocalizedText.optional(),
  outstandingFee: OutstandingFee.optional(),
  visit: RequestVisit.optional(),
});
export type TrackedRequest = z.infer<typeof TrackedRequest>;

export const RequestsInquiryRequest = z.object({ idNumber: Qid }).strict();
export type RequestsInquiryRequest = z.infer<typeof RequestsInquiryRequest>;

export const SponsoredRequests = z.object({ person: SponsoredPerson, requests: z.array(TrackedRequest).max(50) });
export type SponsoredRequests = z.infer<typeof SponsoredRequests>;

export const RequestsInquiryResponse = z.object({ own: z.array(TrackedRequest).max(50), sponsored: z.array(SponsoredRequests).max(20) });
export type RequestsInquiryResponse = z.infer<typeof RequestsInquiryResponse>;

const Payment = z
  .object({
    amountCents: z.number().int().nonnegative(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    /** The terminal's receipt/trace number: lets the ministry reconcile with the acquirer. */
    reference: z.string().min(1).max(64),
    authCode: z.string().min(1).max(16).optional(),
    cardType: z.string().min(1).max(32).optional(),
    /** Never the full PAN: first 6 / last 4 at most. */
    panMasked: z
      .string()
      .regex(/^(?=.*[*•X])[0-9*•X ]{4,23}$/)
      .optional(),
  })
  .strict();

const Person = z.object({ idNumber: Qid }).strict();

export const SubmissionRequest = z
  .object({
    serviceId: z.string().regex(SERVICE_ID_PATTERN),
    applicant: Person,
    /** The sponsored person the request is for, when not the applicant. */
    beneficiary: Person.optional(),
    payload: z.record(z.string(), z.unknown()),
    payment: Payment.optional(),
    submittedAt: z.iso.datetime({ offset: true }),
    localRef: z.string().regex(LOCAL_REF_PATTERN),
    kioskId: z.string().regex(KIOSK_ID_PATTERN),
  })
  .strict();
export type SubmissionRequest = z.infer<typeof SubmissionRequest>;

export const SubmissionReceipt = z.object({
  ministryRef: z.string().min(1).max(64),
  status: z.literal('received'),
  receivedAt: z.iso.datetime({ offset: true }),
});
export type SubmissionReceipt = z.infer<typeof SubmissionReceipt>;

export const SubmissionState = z.enum(['received', 'in-review', 'completed', 'rejected']);
export type SubmissionState = z.infer<typeof SubmissionState>;

export const SubmissionStatus = z.object({
  ministryRef: z.string().min(1).max(64),
  localRef: z.string(),
  serviceId: z.string(),
  status: SubmissionState,
  receivedAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  /** Why the ministry rejected the request after receiving it (status 'rejected'). */
  reason: ErrorBody.optional(),
});
export type SubmissionStatus = z.infer<typeof SubmissionStatus>;

/** Business rejections of POST /v1/submissions (HTTP 422). */
export const RejectionCode = z.enum(['unknown-fine', 'fine-already-paid', 'unknown-claim', 'claim-already-paid', 'claim-not-payable-at-kiosk', 'amount-mismatch', 'payment-required', 'invalid-payload']);
export type RejectionCode = z.infer<typeof RejectionCode>;

/** The service id the simulator applies fine-payment business rules to. */
export const PAY_TRAFFIC_FINES = 'pay-traffic-fines';
export const PayTrafficFinesPayload = z.object({ fineIds: z.array(z.string().min(1)).min(1).max(100) });

/**
 * The kiosk's heartbeat: a small status document, signed by the kiosk's own Ed25519 key, so ops
 * without a metrics stack still see each kiosk alive and what it says about itself. The document
 * travels as the exact bytes that were signed (base64url), so no canonical JSON is needed.
 * Nothing personal is in it: statuses, counts, versions.
 */
const base64url = (min: number, max: number) => z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${min},${max}}$`));
export const HEARTBEAT_DEVICES = ['cardReader', 'printer', 'terminal', 'gateway', 'disk', 'database', 'config'] as const;
export const HeartbeatDeviceStatus = z.enum(['online', 'offline', 'noDevice', 'hardwareError', 'userError', 'busy', 'starting']);
export const HeartbeatDocument = z
  .object({
    kioskId: z.string().regex(KIOSK_ID_PATTERN),
    /** Increases by one per heartbeat of one process; a restart starts again at 1 with a new startedAt. */
    seq: z.number().int().min(1),
    sentAt: z.iso.datetime({ offset: true }),
    startedAt: z.iso.datetime({ offset: true }),
    version: z.string().min(1).max(32),
    mode: z.enum(['in-service', 'safe-mode']),
    config: z.object({ version: z.string().min(1).max(64), rollout: z.string().min(1).max(32) }).strict(),
    devices: z.object(Object.fromEntries(HEARTBEAT_DEVICES.map((d) => [d, HeartbeatDeviceStatus.optional()])) as Record<(typeof HEARTBEAT_DEVICES)[number], z.ZodOptional<typeof HeartbeatDeviceStatus>>).strict(),
    queue: z.object({ waiting: z.number().int().min(0), oldestWaitingSeconds: z.number().int().min(0), dead: z.number().int().min(0) }).strict(),
    refundsOwed: z.number().int().min(0),
    crashes: z.number().int().min(0),
  })
  .strict();
export type HeartbeatDocument = z.infer<typeof HeartbeatDocument>;
export const HeartbeatRequest = z
  .object({
    /** base64url of the document's UTF-8 JSON bytes, exactly as signed. */
    document: base64url(1, 8192),
    /** base64url Ed25519 signature (64 bytes) over those bytes. */
    signature: base64url(86, 86),
    /** base64url raw Ed25519 public key (32 bytes) of the kiosk. */
    publicKey: base64url(43, 43),
  })
  .strict();
export type HeartbeatRequest = z.infer<typeof HeartbeatRequest>;
export const HeartbeatReceipt = z.object({ receivedAt: z.iso.datetime({ offset: true }), seq: z.number().int().min(1) });

/**
 * A configuration bundle the kiosk did not keep (issue 12): rolled back after its health gate
 * failed, or refused before applying (its stored parts did not load). Delivered through the
 * kiosk's outbox with an Idempotency-Key, so ops learn of it exactly once, however long the
 * network was down. Codes and check messages only: nothing personal.
 */
export const ConfigReportRequest = z
  .object({
    outcome: z.enum(['rolled-back', 'refused']),
    /** The bundle version that was not kept. */
    version: z.number().int().min(1),
    /** The version in force after it (0: the configuration shipped with the kiosk). */
    inForce: z.number().int().min(0),
    code: z.string().regex(SERVICE_ID_PATTERN),
    reason: z.string().min(1).max(500),
    refusedAt: z.iso.datetime({ offset: true }),
  })
  .strict();
export type ConfigReportRequest = z.infer<typeof ConfigReportRequest>;
export const ConfigReportReceipt = z.object({ reportId: z.string().min(1).max(64), receivedAt: z.iso.datetime({ offset: true }) });

/**
 * The technician audit log (issue 11), delivered entry by entry through the kiosk's outbox so
 * the ministry holds the same chain the kiosk does. Each entry carries its chain fields as
 * stored: `hash` = SHA-256 (hex) of prevHash, seq, at, actor, action and detail joined by "\n",
 * `detail` being the exact JSON text the kiosk wrote (the hash covers those characters, so it is
 * sent as text, not re-encoded). The first entry names 64 zeros as its predecessor. The entry's
 * hash is its idempotency key: the same entry again is a replay and records nothing. The actor
 * is the technician card's masked id (never six digits in a row) or `kiosk` / `kioskctl`.
 */
const AUDIT_HASH_PATTERN = /^[0-9a-f]{64}$/;
export const AUDIT_GENESIS_HASH = '0'.repeat(64);
/** Entries one request may carry: the simulator's 64 KiB body limit holds 20 of the largest. */
const AUDIT_BATCH_MAX = 20;
export const AuditEntryRecord = z
  .object({
    seq: z.number().int().min(1),
    /** ms since the epoch, as the hash covers it. */
    at: z.number().int().min(0),
    actor: z.string().regex(/^(?!.*\d{6})[^\n]{1,32}$/u),
    action: z.string().regex(/^[a-z][a-z0-9-]{0,47}$/),
    /** A JSON object of codes, exactly as stored. */
    detail: z.string().regex(/^\{[^\n]*\}$/).max(2048),
    prevHash: z.string().regex(AUDIT_HASH_PATTERN),
    hash: z.string().regex(AUDIT_HASH_PATTERN),
  })
  .strict();
export type AuditEntryRecord = z.infer<typeof AuditEntryRecord>;
export const AuditEntriesRequest = z.object({ entries: z.array(AuditEntryRecord).min(1).max(AUDIT_BATCH_MAX) }).strict();
export type AuditEntriesRequest = z.infer<typeof AuditEntriesRequest>;
export const AuditEntriesReceipt = z.object({
  receivedAt: z.iso.datetime({ offset: true }),
  /** One per entry sent, in the same order: recorded now, or already held (a replay). */
  entries: z.array(z.object({ seq: z.number().int().min(1), hash: z.string().regex(AUDIT_HASH_PATTERN), result: z.enum(['recorded', 'replayed']) })).min(1).max(AUDIT_BATCH_MAX),
});
export type AuditEntriesReceipt = z.infer<typeof AuditEntriesReceipt>;
/** Why the gateway refused entries (final): the chain they carry does not hold against the one it keeps. */
export const AuditProblem = z.object({ code: z.enum(['hash-mismatch', 'chain-broken', 'seq-conflict']), message: z.string(), seq: z.number().int().min(1) });
export type AuditProblem = z.infer<typeof AuditProblem>;
