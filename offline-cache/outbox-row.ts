import { civilDate } from '../shared/civil-date';
import { OutboxError } from './errors';
import { type PayloadCodec } from './payload-codec';

export type OutboxState = 'queued' | 'sending' | 'delivered' | 'rejected' | 'expired';
export const OUTBOX_STATES: readonly OutboxState[] = ['queued', 'sending', 'delivered', 'rejected', 'expired'];
/**
 * What an entry is, and so which gateway operation delivers it: a shopper's submission, the
 * kiosk's report of a configuration bundle it rolled back or refused, or one entry of the
 * technician audit log.
 */
export type OutboxKind = 'submission' | 'config-report' | 'audit-entry';

/**
 * For whom a submission is, when not the card holder: the ministry's opaque id of a sponsored
 * person and the masked number the screens show. Kept in clear after the payload is purged, so
 * it holds nothing more (never a QID, a passport number or a name).
 */
export interface Beneficiary {
  id: string;
  idNumberMasked?: string;
}

/** The ministry's opaque person ids (the sponsorships inquiry's). */
const BENEFICIARY_ID = /^[A-Za-z0-9-]{1,40}$/;
/** Digits and • only, at least one •, and no run of more than 4 digits: never a whole number. */
const MASKED = /^(?=.*•)(?!.*\d{5})[0-9•]{4,20}$/;

/** The column's text for `b`; OutboxError invalid-input for anything that is not opaque or masked. */
export function encodeBeneficiary(b: Beneficiary | undefined): string | null {
  if (b === undefined) return null;
  if (typeof b.id !== 'string' || !BENEFICIARY_ID.test(b.id)) throw new OutboxError('invalid-input', 'beneficiary.id must be an opaque person id (letters, digits and -, 1-40)');
  if (b.idNumberMasked !== undefined && (typeof b.idNumberMasked !== 'string' || !MASKED.test(b.idNumberMasked))) {
    throw new OutboxError('invalid-input', 'beneficiary.idNumberMasked must be a masked number (digits and •, no more than 4 digits in a row)');
  }
  return JSON.stringify(b.idNumberMasked === undefined ? { id: b.id } : { id: b.id, idNumberMasked: b.idNumberMasked });
}

/** The column read back; a value this code did not write reads as unknown, never as someone else. */
export function decodeBeneficiary(text: string | null): Beneficiary | undefined {
  if (text === null) return undefined;
  try {
    const v = JSON.parse(text) as { id?: unknown; idNumberMasked?: unknown };
    if (typeof v.id !== 'string' || !BENEFICIARY_ID.test(v.id)) return undefined;
    return typeof v.idNumberMasked === 'string' && MASKED.test(v.idNumberMasked) ? { id: v.id, idNumberMasked: v.idNumberMasked } : { id: v.id };
  } catch {
    return undefined;
  }
}

export interface OutboxEntry {
  id: string;
  kind: OutboxKind;
  serviceId: string;
  /**
   * Groups one person's entries so they are delivered in order. Callers pass a pseudonym
   * (e.g. an HMAC of the QID), not the ID number: this column is stored in clear.
   */
  personKey: string;
  /** The submission as enqueued; undefined once purged after the ministry acknowledged it. */
  payload: unknown;
  /** A sponsored person it is for (absent: the card holder); kept after the payload is purged. */
  beneficiary?: Beneficiary;
  paymentRef?: string;
  localRef: string;
  idempotencyKey: string;
  state: OutboxState;
  /** Delivery attempts started so far. */
  attempts: number;
  /** ms since epoch */
  nextAttemptAt: number;
  createdAt: number;
  updatedAt: number;
  ministryRef?: string;
  rejectCode?: string;
  /** Why the last attempt failed or was rejected: a code or gateway message, no personal data. */
  lastError?: string;
  deliveredAt?: number;
  /** When the payload was dropped after delivery. */
  purgedAt?: number;
  /** When a technician last sent this dead letter back to the queue. */
  requeuedAt?: number;
  /** While 'sending': the sender that holds it (see outbox-lease.ts) and until when. */
  leaseOwner?: string;
  leaseUntil?: number;
  /** When the latest attempt started. */
  claimedAt?: number;
  /** A technician moved this queued entry out of its person's line (see Outbox.setAside). */
  setAsideAt?: number;
}

/** A row as better-sqlite3 returns it. */
export interface OutboxRow {
  seq: number;
  id: string;
  kind: OutboxKind;
  service_id: string;
  person_key: string;
  payload: Buffer | null;
  payload_format: string;
  payment_ref: string | null;
  local_ref: string;
  idempotency_key: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number;
  created_at: number;
  updated_at: number;
  ministry_ref: string | null;
  reject_code: string | null;
  last_error: string | null;
  delivered_at: number | null;
  purged_at: number | null;
  requeued_at: number | null;
  lease_owner: string | null;
  lease_until: number | null;
  claimed_at: number | null;
  set_aside_at: number | null;
  beneficiary: string | null;
}

export function encodePayload(codec: PayloadCodec, payload: unknown, id: string): Buffer {
  const json = JSON.stringify(payload);
  if (json === undefined) throw new OutboxError('invalid-input', 'payload must be JSON-serialisable');
  return codec.encode(Buffer.from(json, 'utf8'), id);
}

function decodePayload(codec: PayloadCodec, row: OutboxRow): unknown {
  if (row.payload === null) return undefined;
  try {
    return JSON.parse(codec.decode(row.payload, row.payload_format, row.id).toString('utf8')) as unknown;
  } catch (err) {
    if (err instanceof OutboxError) throw err;
    throw new OutboxError('corrupt-payload', `payload of outbox entry ${row.id} cannot be decoded`, { cause: err });
  }
}

export function rowToEntry(codec: PayloadCodec, row: OutboxRow): OutboxEntry {
  const entry: OutboxEntry = {
    id: row.id,
    kind: row.kind,
    serviceId: row.service_id,
    personKey: row.person_key,
    payload: decodePayload(codec, row),
    localRef: row.local_ref,
    idempotencyKey: row.idempotency_key,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.payment_ref !== null) entry.paymentRef = row.payment_ref;
  if (row.ministry_ref !== null) entry.ministryRef = row.ministry_ref;
  if (row.reject_code !== null) entry.rejectCode = row.reject_code;
  if (row.last_error !== null) entry.lastError = row.last_error;
  if (row.delivered_at !== null) entry.deliveredAt = row.delivered_at;
  if (row.purged_at !== null) entry.purgedAt = row.purged_at;
  if (row.requeued_at !== null) entry.requeuedAt = row.requeued_at;
  if (row.lease_owner !== null) entry.leaseOwner = row.lease_owner;
  if (row.lease_until !== null) entry.leaseUntil = row.lease_until;
  if (row.claimed_at !== null) entry.claimedAt = row.claimed_at;
  if (row.set_aside_at !== null) entry.setAsideAt = row.set_aside_at;
  const beneficiary = decodeBeneficiary(row.beneficiary);
  if (beneficiary) entry.beneficiary = beneficiary;
  return entry;
}

/** yyyymmdd in Doha, whatever the machine's time zone: the day a shopper reads on the receipt. */
export function localDay(ms: number): string {
  return civilDate(ms).replaceAll('-', '');
}
