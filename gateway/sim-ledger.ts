import { civilTime } from '../shared/civil-date';
import { errorCode } from '../shared/coded-error';
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { demoFines } from './demo-data';
import { checkClaimsPayment, claimsKey, claimsOf, unpaidClaims } from './sim-claims';
import {
  type ErrorBody,
  type Fine,
  PAY_TRAFFIC_FINES,
  PayTrafficFinesPayload,
  type RejectionCode,
  type SubmissionReceipt,
  type SubmissionRequest,
  type SubmissionState,
  type SubmissionStatus,
} from './schemas';
import { type FinancialClaim, PAY_FINANCIAL_CLAIMS } from './schemas-claims';

/**
 * The simulated ministry's own books: what it received, under which key, and which fines are
 * paid. Tests use it as the judge of exactly-once delivery, so it records only what a real
 * gateway would have committed. No HTTP here; the server in simulator.ts drives it.
 */

export interface SubmissionRecord {
  ministryRef: string;
  idempotencyKey: string;
  serviceId: string;
  localRef: string;
  kioskId: string;
  receivedAt: string;
  updatedAt: string;
  status: SubmissionState;
  reason?: ErrorBody;
  request: SubmissionRequest;
}

export type LedgerAnswer =
  | { status: 201 | 200; body: SubmissionReceipt; replayed: boolean }
  | { status: 409 | 422; body: ErrorBody; replayed: boolean; inProgress?: boolean };

const CONFLICT: ErrorBody = { code: 'idempotency-conflict', message: 'This Idempotency-Key was already used with a different request body.' };
const IN_PROGRESS: ErrorBody = { code: 'idempotency-in-progress', message: 'A request with this Idempotency-Key is still being processed. Retry later.' };

interface KeyEntry {
  bodyHash: string;
  status: 201 | 422;
  body: SubmissionReceipt | ErrorBody;
}

interface LedgerFile {
  counter: number;
  submissions: SubmissionRecord[];
  keys: [string, KeyEntry][];
  paid: [string, string[]][];
}

/** JSON with object keys sorted, so two bodies that differ only in key order compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const hashOf = (request: SubmissionRequest) => createHash('sha256').update(canonicalJson(request)).digest('hex');

const REJECTION_MESSAGES: Record<RejectionCode, string> = {
  'unknown-fine': 'One or more of the selected fines does not exist for this person.',
  'fine-already-paid': 'One or more of the selected fines has already been paid.',
  'amount-mismatch': 'The payment amount does not equal the total of the selected fines or claims.',
  'unknown-claim': 'One or more of the selected claims does not exist for this person.',
  'claim-already-paid': 'One or more of the selected claims has already been paid.',
  'claim-not-payable-at-kiosk': 'One or more of the selected claims cannot be paid at a kiosk.',
  'payment-required': 'This service needs a payment.',
  'invalid-payload': 'The service form data is not valid for this service.',
};

export class SimLedger {
  private counter = 0;
  private readonly records: SubmissionRecord[] = [];
  private readonly byRef = new Map<string, SubmissionRecord>();
  private readonly keys = new Map<string, KeyEntry>();
  private readonly paid = new Map<string, Set<string>>();
  /**
   * Keys whose first request is being processed right now (body hash): in memory only, as a
   * request in progress when a gateway dies never finished.
   */
  private readonly processing = new Map<string, string>();

  constructor(private readonly file?: string) {
    if (file) this.load(file);
  }

  unpaidFines(idNumber: string): Fine[] {
    const paid = this.paid.get(idNumber);
    return demoFines(idNumber).filter((f) => !paid?.has(f.id));
  }

  finesPaid(idNumber: string): readonly string[] {
    return [...(this.paid.get(idNumber) ?? [])];
  }

  /** Undefined: `personId` is not someone this QID sponsors. */
  unpaidClaims(idNumber: string, personId?: string): FinancialClaim[] | undefined {
    return unpaidClaims(idNumber, personId, this.paid.get(claimsKey(idNumber, personId)));
  }

  claimsPaid(idNumber: string, personId?: string): readonly string[] {
    return [...(this.paid.get(claimsKey(idNumber, personId)) ?? [])];
  }

  submissions(): readonly SubmissionRecord[] {
    return this.records.map((r) => ({ ...r }));
  }

  status(ministryRef: string): SubmissionStatus | undefined {
    const r = this.byRef.get(ministryRef);
    if (!r) return undefined;
    const { idempotencyKey: _k, kioskId: _i, request: _r, ...status } = r;
    return status;
  }

  /** The ministry changes its mind later (e.g. rejects after review); what "my requests" shows. */
  setStatus(ministryRef: string, status: SubmissionState, reason?: ErrorBody, now = new Date()): boolean {
    const r = this.byRef.get(ministryRef);
    if (!r) return false;
    r.status = status;
    r.updatedAt = now.toISOString();
    if (reason) r.reason = reason;
    else delete r.reason;
    this.save();
    return true;
  }

  /**
   * The answer a request with this key gets without being processed: a replay, a conflict, or
   * "still in progress" when its first request is being processed. Undefined for a new key.
   */
  known(key: string, request: SubmissionRequest): LedgerAnswer | undefined {
    const bodyHash = hashOf(request);
    const processing = this.processing.get(key);
    if (processing !== undefined) {
      return processing === bodyHash ? { status: 409, body: IN_PROGRESS, replayed: false, inProgress: true } : { status: 409, body: CONFLICT, replayed: false };
    }
    return this.replay(key, bodyHash);
  }

  /**
   * Starts slow processing of a new key: until finish() records it, other requests with the key
   * are told it is in progress. Returns the answer instead when the key is not new.
   */
  begin(key: string, request: SubmissionRequest): LedgerAnswer | undefined {
    const answer = this.known(key, request);
    if (answer) return answer;
    this.processing.set(key, hashOf(request));
    return undefined;
  }

  /** Ends processing begun by begin(): the request is recorded (or refused) now. */
  finish(key: string, request: SubmissionRequest, now = new Date()): LedgerAnswer {
    this.processing.delete(key);
    return this.submit(key, request, now);
  }

  /** Applies one validated submission under its key: the single place where records are committed. */
  submit(key: string, request: SubmissionRequest, now = new Date()): LedgerAnswer {
    const bodyHash = hashOf(request);
    const known = this.known(key, request);
    if (known) return known;
    return this.record(key, request, bodyHash, now);
  }

  private replay(key: string, bodyHash: string): LedgerAnswer | undefined {
    const seen = this.keys.get(key);
    if (seen) {
      if (seen.bodyHash !== bodyHash) return { status: 409, body: CONFLICT, replayed: false };
      return seen.status === 201
        ? { status: 200, body: seen.body as SubmissionReceipt, replayed: true }
        : { status: 422, body: seen.body as ErrorBody, replayed: true };
    }
    return undefined;
  }

  private record(key: string, request: SubmissionRequest, bodyHash: string, now: Date): LedgerAnswer {
    const rejection = this.businessCheck(request);
    if (rejection) {
      const body = { code: rejection, message: REJECTION_MESSAGES[rejection] };
      this.keys.set(key, { bodyHash, status: 422, body });
      this.save();
      return { status: 422, body, replayed: false };
    }
    this.counter += 1;
    const receivedAt = now.toISOString();
    // The ministry numbers its requests by its own year: Doha's, three hours ahead of UTC at New Year.
    const ministryRef = `MOI-${civilTime(now.getTime()).year}-${String(this.counter).padStart(7, '0')}`;
    const record: SubmissionRecord = {
      ministryRef,
      idempotencyKey: key,
      serviceId: request.serviceId,
      localRef: request.localRef,
      kioskId: request.kioskId,
      receivedAt,
      updatedAt: receivedAt,
      status: 'received',
      request,
    };
    this.records.push(record);
    this.byRef.set(ministryRef, record);
    this.applyEffects(request);
    const body: SubmissionReceipt = { ministryRef, status: 'received', receivedAt };
    this.keys.set(key, { bodyHash, status: 201, body });
    this.save();
    return { status: 201, body, replayed: false };
  }

  private businessCheck(request: SubmissionRequest): RejectionCode | undefined {
    if (request.serviceId === PAY_FINANCIAL_CLAIMS) return checkClaimsPayment(request, (key) => this.paid.get(key));
    if (request.serviceId !== PAY_TRAFFIC_FINES) return undefined;
    const parsed = PayTrafficFinesPayload.safeParse(request.payload);
    if (!parsed.success) return 'invalid-payload';
    const ids = parsed.data.fineIds;
    if (new Set(ids).size !== ids.length) return 'invalid-payload';
    const owner = (request.beneficiary ?? request.applicant).idNumber;
    const all = new Map(demoFines(owner).map((f) => [f.id, f]));
    const paid = this.paid.get(owner);
    let total = 0;
    for (const id of ids) {
      const fine = all.get(id);
      if (!fine) return 'unknown-fine';
      if (paid?.has(id)) return 'fine-already-paid';
      total += fine.amountCents;
    }
    if (!request.payment) return 'payment-required';
    if (request.payment.currency !== 'QAR' || request.payment.amountCents !== total) return 'amount-mismatch';
    return undefined;
  }

  private applyEffects(request: SubmissionRequest): void {
    let owner: string;
    let ids: string[];
    if (request.serviceId === PAY_FINANCIAL_CLAIMS) ({ key: owner, claimIds: ids } = claimsOf(request));
    else if (request.serviceId === PAY_TRAFFIC_FINES) {
      owner = (request.beneficiary ?? request.applicant).idNumber;
      ids = PayTrafficFinesPayload.parse(request.payload).fineIds;
    } else return;
    const paid = this.paid.get(owner) ?? new Set<string>();
    for (const id of ids) paid.add(id);
    this.paid.set(owner, paid);
  }

  private load(file: string): void {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if (errorCode(err) === 'ENOENT') return;
      throw err;
    }
    const data = JSON.parse(text) as LedgerFile;
    this.counter = data.counter;
    for (const r of data.submissions) {
      this.records.push(r);
      this.byRef.set(r.ministryRef, r);
    }
    for (const [k, v] of data.keys) this.keys.set(k, v);
    for (const [qid, ids] of data.paid) this.paid.set(qid, new Set(ids));
  }

  /** Written whole and renamed into place, so a killed simulator never leaves half a file. */
  private save(): void {
    if (!this.file) return;
    const data: LedgerFile = {
      counter: this.counter,
      submissions: this.records,
      keys: [...this.keys],
      paid: [...this.paid].map(([qid, ids]) => [qid, [...ids]]),
    };
    writeFileSync(`${this.file}.tmp`, JSON.stringify(data));
    renameSync(`${this.file}.tmp`, this.file);
  }
}
