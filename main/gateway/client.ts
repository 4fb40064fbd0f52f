import { errorCode } from '../../shared/coded-error';
import { type ZodType } from 'zod';
import {
  AuditEntriesReceipt,
  AuditEntriesRequest,
  type AuditEntryRecord,
  AuditProblem,
  ConfigReportReceipt,
  ConfigReportRequest,
  ErrorBody,
  type Fine,
  FinesInquiryResponse,
  HealthResponse,
  HeartbeatReceipt,
  type HeartbeatRequest,
  IdempotencyProblem,
  QID_PATTERN,
  type RequestsInquiryResponse as TrackedRequests,
  RequestsInquiryResponse,
  type ResidencePermit,
  ResidencePermitInquiryResponse,
  type SponsoredPerson,
  SponsorshipsInquiryResponse,
  SubmissionReceipt,
  SubmissionRequest,
  SubmissionStatus,
  UUID_PATTERN,
} from '../../gateway/schemas';
import { type ResidencyEligibility, ResidencyEligibilityResponse } from '../../gateway/schemas-residency';
import { type Visa, VisaInquiryResponse } from '../../gateway/schemas-visas';
import { type FinancialClaim, FinancialClaimsInquiryResponse } from '../../gateway/schemas-claims';
import type { SubmitOutcome } from '../../offline-cache/outcome';
import { GatewayError } from './client-error';
import { type GatewayRequest, type GatewayTls, openGatewayLink, type RawAnswer } from './link';

export { GatewayError } from './client-error';

/**
 * The kiosk's client of the ministry gateway (gateway/openapi.yaml). Every answer is checked
 * against the same zod schemas the simulator uses; an answer that does not match is a
 * GatewayError('bad-response'), never a crash or a half-parsed object.
 */

export interface GatewayClientOptions {
  baseUrl: string;
  /** Goes into each submission; the transport (mTLS certificate) identifies the kiosk too. */
  kioskId: string;
  /** Per request, including reading the answer. Default 10 s. */
  timeoutMs?: number;
  /** The ministry CA and the kiosk's certificate and key; required for an https gateway (link.ts). */
  tls?: GatewayTls;
}

/** A submission as the kiosk builds it; the client adds its own kioskId. */
export type SubmissionInput = Omit<SubmissionRequest, 'kioskId'>;

/** The operations this client uses, with every status it handles: checked against openapi.yaml by a test. */
export const GATEWAY_ROUTES = {
  health: { method: 'get', path: '/v1/health', statuses: [200, 503] },
  trafficFines: { method: 'post', path: '/v1/traffic-fines/inquiry', statuses: [200, 400, 503] },
  sponsoredPeople: { method: 'post', path: '/v1/sponsorships/inquiry', statuses: [200, 400, 503] },
  residencePermit: { method: 'post', path: '/v1/residence-permits/inquiry', statuses: [200, 400, 404, 503] },
  visa: { method: 'post', path: '/v1/visas/inquiry', statuses: [200, 400, 404, 503] },
  permanentResidency: { method: 'post', path: '/v1/permanent-residency/eligibility', statuses: [200, 400, 404, 503] },
  financialClaims: { method: 'post', path: '/v1/financial-claims/inquiry', statuses: [200, 400, 404, 503] },
  trackedRequests: { method: 'post', path: '/v1/requests/inquiry', statuses: [200, 400, 503] },
  submit: { method: 'post', path: '/v1/submissions', statuses: [200, 201, 400, 409, 422, 503] },
  submissionStatus: { method: 'get', path: '/v1/submissions/{ministryRef}', statuses: [200, 404, 503] },
  heartbeat: { method: 'post', path: '/v1/kiosks/{kioskId}/heartbeat', statuses: [202, 400, 401, 409, 503] },
  configReport: { method: 'post', path: '/v1/kiosks/{kioskId}/config-reports', statuses: [200, 201, 400, 409, 503] },
  auditEntries: { method: 'post', path: '/v1/kiosks/{kioskId}/audit-entries', statuses: [200, 201, 400, 409, 422, 503] },
} as const;

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const isTransient = (status: number) => status >= 500 || status === 408 || status === 425 || status === 429;

export class GatewayClient {
  private readonly baseUrl: string;
  private readonly kioskId: string;
  private readonly timeoutMs: number;
  private readonly send: GatewayRequest;

  constructor(opts: GatewayClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    this.kioskId = opts.kioskId;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.send = openGatewayLink(this.baseUrl, opts.tls);
  }

  /** True when the gateway answers its health check as documented; never throws. */
  async health(timeoutMs?: number): Promise<boolean> {
    try {
      const answer = await this.request('GET', GATEWAY_ROUTES.health.path, undefined, {}, timeoutMs);
      return answer.status === 200 && HealthResponse.safeParse(safeJson(answer.text)).success;
    } catch {
      return false;
    }
  }

  /**
   * Delivers one signed heartbeat (gateway/schemas.ts HeartbeatRequest). Throws GatewayError:
   * `rejected` with the gateway's code (signature-invalid, key-mismatch) for 401/409.
   */
  async heartbeat(request: HeartbeatRequest, timeoutMs?: number): Promise<{ receivedAt: string; seq: number }> {
    const path = GATEWAY_ROUTES.heartbeat.path.replace('{kioskId}', encodeURIComponent(this.kioskId));
    const answer = await this.request('POST', path, request, {}, timeoutMs);
    if (answer.status === 202) return this.parse(HeartbeatReceipt, answer);
    if (answer.status === 401 || answer.status === 409) {
      const problem = ErrorBody.safeParse(safeJson(answer.text));
      throw new GatewayError('rejected', `the gateway refused the heartbeat (${problem.success ? problem.data.code : `HTTP ${answer.status}`})`, { status: answer.status });
    }
    throw this.failure(answer);
  }

  /** Unpaid fines of one person. Throws GatewayError; the QID never appears in its message. */
  async trafficFines(idNumber: string): Promise<Fine[]> {
    if (!QID_PATTERN.test(idNumber)) throw new GatewayError('invalid-input', 'the ID number is not a valid QID');
    const answer = await this.request('POST', GATEWAY_ROUTES.trafficFines.path, { idNumber });
    if (answer.status === 200) return this.parse(FinesInquiryResponse, answer).fines;
    throw this.failure(answer);
  }

  /**
   * The people one card holder sponsors (employees, family residents, visitors), for whom the
   * shopper may make a request. Throws GatewayError; the QID never appears in its message.
   */
  async sponsoredPeople(idNumber: string): Promise<SponsoredPerson[]> {
    if (!QID_PATTERN.test(idNumber)) throw new GatewayError('invalid-input', 'the ID number is not a valid QID');
    const answer = await this.request('POST', GATEWAY_ROUTES.sponsoredPeople.path, { idNumber });
    if (answer.status === 200) return this.parse(SponsorshipsInquiryResponse, answer).people;
    throw this.failure(answer);
  }

  /**
   * The card holder's own residence permit, or (with `personId` from sponsoredPeople) that of
   * someone they sponsor; undefined when the ministry has none on record for that person. Only
   * the documented 404 (`no-residence-permit`) means "none": any other 404 (a gateway without
   * this endpoint) is bad-response, so the kiosk never tells a resident they hold no permit
   * because a route was missing.
   * Throws GatewayError; the QID never appears in its message.
   */
  async residencePermit(idNumber: string, personId?: string): Promise<ResidencePermit | undefined> {
    if (!QID_PATTERN.test(idNumber)) throw new GatewayError('invalid-input', 'the ID number is not a valid QID');
    const answer = await this.request('POST', GATEWAY_ROUTES.residencePermit.path, personId === undefined ? { idNumber } : { idNumber, personId });
    if (answer.status === 200) return this.parse(ResidencePermitInquiryResponse, answer).permit;
    if (answer.status === 404) {
      if (this.saysCode(answer, 'no-residence-permit')) return undefined;
      throw new GatewayError('bad-response', 'the gateway answered 404 without saying no-residence-permit', { status: 404 });
    }
    throw this.failure(answer);
  }

  /**
   * The visa of a visitor the card holder sponsors (`personId` from sponsoredPeople); undefined
   * when the ministry has none on record for that person. Only the documented 404 (`no-visa`)
   * means "none": any other 404 (a gateway without this endpoint) is bad-response, so the kiosk
   * never tells a sponsor their visitor has no visa because a route was missing.
   * Throws GatewayError; the QID never appears in its message.
   */
  async visa(idNumber: string, personId: string): Promise<Visa | undefined> {
    if (!QID_PATTERN.test(idNumber)) throw new GatewayError('invalid-input', 'the ID number is not a valid QID');
    const answer = await this.request('POST', GATEWAY_ROUTES.visa.path, { idNumber, personId });
    if (answer.status === 200) return this.parse(VisaInquiryResponse, answer).visa;
    if (answer.status === 404) {
      if (this.saysCode(answer, 'no-visa')) return undefined;
      throw new GatewayError('bad-response', 'the gateway answered 404 without saying no-visa', { status: 404 });
    }
    throw this.failure(answer);
  }

  /**
   * Whether the card holder may apply for permanent residency now; undefined when it does not
   * apply to them (a Qatari citizen: the documented 404 `not-applicable`; any other 404 is a
   * gateway without the route, bad-response). An answer whose reasons contradict its status is
   * off the contract too, so "eligible" is never shown with a reason against it.
   * Throws GatewayError; the QID never appears in its message.
   */
  async permanentResidency(idNumber: string): Promise<ResidencyEligibility | undefined> {
    if (!QID_PATTERN.test(idNumber)) throw new GatewayError('invalid-input', 'the ID number is not a valid QID');
    const answer = await this.request('POST', GATEWAY_ROUTES.permanentResidency.path, { idNumber });
    if (answer.status === 404) {
      const problem = ErrorBody.safeParse(safeJson(answer.text));
      if (problem.success && problem.data.code === 'not-applicable') return undefined;
      throw new GatewayError('bad-response', 'the gateway answered 404 without saying not-applicable', { status: 404 });
    }
    if (answer.status !== 200) throw this.failure(answer);
    const { eligibility } = this.parse(ResidencyEligibilityResponse, answer);
    const off = (field: string) => new GatewayError('bad-response', `the gateway's answer (HTTP 200) does not match the contract at eligibility.${field}`, { status: 200 });
    if ((eligibility.status === 'eligible') !== (eligibility.reasons.length === 0)) throw off('reasons');
    if (eligibility.reasons.includes('residence-period') !== (eligibility.eligibleFrom !== undefined)) throw off('eligibleFrom');
    return eligibility;
  }

  /**
   * What the card holder (or, with `personId` from sponsoredPeople, someone they sponsor) owes
   * the ministry besides traffic fines; [] when nothing. Only the documented 404 (`no-claims`)
   * means nothing owed: any other 404 (a gateway without this endpoint) is bad-response, so the
   * kiosk never tells a person they owe nothing because a route was missing.
   * Throws GatewayError; the QID never appears in its message.
   */
  async financialClaims(idNumber: string, personId?: string): Promise<FinancialClaim[]> {
    if (!QID_PATTERN.test(idNumber)) throw new GatewayError('invalid-input', 'the ID number is not a valid QID');
    const answer = await this.request('POST', GATEWAY_ROUTES.financialClaims.path, personId === undefined ? { idNumber } : { idNumber, personId });
    if (answer.status === 200) return this.parse(FinancialClaimsInquiryResponse, answer).claims;
    if (answer.status === 404) {
      if (this.saysCode(answer, 'no-claims')) return [];
      throw new GatewayError('bad-response', 'the gateway answered 404 without saying no-claims', { status: 404 });
    }
    throw this.failure(answer);
  }

  /**
   * The card holder's requests from every channel, and each sponsored person's, with their
   * status history (issue 15). An answer off the contract is GatewayError('bad-response'), so a
   * lying gateway never reaches the screen half-read. The QID never appears in an error.
   */
  async trackedRequests(idNumber: string): Promise<TrackedRequests> {
    if (!QID_PATTERN.test(idNumber)) throw new GatewayError('invalid-input', 'the ID number is not a valid QID');
    const answer = await this.request('POST', GATEWAY_ROUTES.trackedRequests.path, { idNumber });
    if (answer.status === 200) return this.parse(RequestsInquiryResponse, answer);
    throw this.failure(answer);
  }

  /**
   * Delivers one submission. Network trouble, timeouts and 5xx are 'retry' (safe with the same
   * key); 4xx are 'rejected' (sending it again cannot help), except the 409 that says the key's
   * first request is still being processed, which is 'retry' after its Retry-After (see
   * conflictOutcome). A 2xx answer that breaks the contract throws GatewayError('bad-response'):
   * the caller cannot tell whether the gateway recorded it, so it must retry with the same key.
   * `signal` abandons the request (the caller no longer holds the submission): 'retry'.
   */
  async submit(sub: SubmissionInput, idempotencyKey: string, opts: { signal?: AbortSignal } = {}): Promise<SubmitOutcome> {
    if (!UUID_PATTERN.test(idempotencyKey)) return { kind: 'rejected', code: 'invalid-input', reason: 'the idempotency key is not a UUID' };
    const body = SubmissionRequest.safeParse({ ...sub, kioskId: this.kioskId });
    if (!body.success) {
      const where = body.error.issues.map((i) => i.path.join('.') || '(body)').slice(0, 3).join(', ');
      return { kind: 'rejected', code: 'invalid-input', reason: `the submission does not follow the gateway contract (${where})` };
    }
    return this.deliver(GATEWAY_ROUTES.submit.path, body.data, { 'idempotency-key': idempotencyKey }, opts.signal, (answer) => this.parse(SubmissionReceipt, answer).ministryRef);
  }

  /**
   * Reports a configuration bundle this kiosk rolled back or refused (an outbox entry of kind
   * config-report), read like a submission: 'retry' is safe with the same key, 4xx is final.
   * The gateway's report id stands where a submission's ministry reference does.
   */
  async configReport(report: ConfigReportRequest, idempotencyKey: string, opts: { signal?: AbortSignal } = {}): Promise<SubmitOutcome> {
    if (!UUID_PATTERN.test(idempotencyKey)) return { kind: 'rejected', code: 'invalid-input', reason: 'the idempotency key is not a UUID' };
    const body = ConfigReportRequest.safeParse(report);
    if (!body.success) {
      const where = body.error.issues.map((i) => i.path.join('.') || '(body)').slice(0, 3).join(', ');
      return { kind: 'rejected', code: 'invalid-input', reason: `the configuration report does not follow the gateway contract (${where})` };
    }
    const path = GATEWAY_ROUTES.configReport.path.replace('{kioskId}', encodeURIComponent(this.kioskId));
    return this.deliver(path, body.data, { 'idempotency-key': idempotencyKey }, opts.signal, (answer) => this.parse(ConfigReportReceipt, answer).reportId);
  }

  /**
   * Delivers technician audit entries (an outbox entry of kind audit-entry carries one). The
   * entry's hash is its idempotency key at the gateway, so no header is needed and a resend after
   * a lost answer records nothing. The gateway's refusal (409 seq-conflict, 422 hash-mismatch or
   * chain-broken: its chain and ours disagree) is final; an acknowledgement must name every entry
   * by its hash, or it is not one. The last entry's hash stands where a ministry reference does.
   */
  async auditEntries(entries: readonly AuditEntryRecord[], opts: { signal?: AbortSignal } = {}): Promise<SubmitOutcome> {
    const body = AuditEntriesRequest.safeParse({ entries });
    if (!body.success) {
      const where = body.error.issues.map((i) => i.path.join('.') || '(body)').slice(0, 3).join(', ');
      return { kind: 'rejected', code: 'invalid-input', reason: `the audit entries do not follow the gateway contract (${where})` };
    }
    const path = GATEWAY_ROUTES.auditEntries.path.replace('{kioskId}', encodeURIComponent(this.kioskId));
    const refusal = (answer: RawAnswer): SubmitOutcome | undefined => {
      if (answer.status !== 409 && answer.status !== 422) return undefined;
      const problem = AuditProblem.safeParse(safeJson(answer.text));
      return problem.success ? { kind: 'rejected', code: `audit-${problem.data.code}`, reason: `${problem.data.message} (entry ${problem.data.seq})` } : undefined;
    };
    return this.deliver(
      path,
      body.data,
      {},
      opts.signal,
      (answer) => {
        const receipt = this.parse(AuditEntriesReceipt, answer);
        const acked = receipt.entries.map((e) => `${e.seq}:${e.hash}`).join(' ');
        if (acked !== body.data.entries.map((e) => `${e.seq}:${e.hash}`).join(' ')) throw new GatewayError('bad-response', 'the gateway acknowledged other audit entries than those sent');
        return body.data.entries.at(-1)!.hash;
      },
      refusal,
    );
  }

  /**
   * One idempotent POST whose 2xx answer carries a reference (`reference` reads it); `refusal`
   * reads an operation's own final answers first.
   */
  private async deliver(
    path: string,
    body: unknown,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
    reference: (answer: RawAnswer) => string,
    refusal?: (answer: RawAnswer) => SubmitOutcome | undefined,
  ): Promise<SubmitOutcome> {
    let answer: RawAnswer;
    try {
      answer = await this.request('POST', path, body, headers, this.timeoutMs, signal);
    } catch (err) {
      return { kind: 'retry', reason: errorCode(err) ?? 'send-failed' };
    }
    if (answer.status === 200 || answer.status === 201) return { kind: 'delivered', ministryRef: reference(answer) };
    const refused = refusal?.(answer);
    if (refused) return refused;
    if (answer.status === 409) return conflictOutcome(answer);
    const error = ErrorBody.safeParse(safeJson(answer.text));
    if (isTransient(answer.status)) {
      const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'));
      const reason = error.success ? error.data.code : `http-${answer.status}`;
      return retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs };
    }
    if (answer.status >= 400 && answer.status < 500) {
      if (error.success) return { kind: 'rejected', code: error.data.code, reason: error.data.message };
      return { kind: 'rejected', code: `http-${answer.status}`, reason: `the gateway refused it (HTTP ${answer.status})` };
    }
    throw new GatewayError('bad-response', `unexpected HTTP ${answer.status} from the gateway`, { status: answer.status });
  }

  /** Status of a delivered submission; undefined when the gateway does not know the reference. */
  async submissionStatus(ministryRef: string): Promise<SubmissionStatus | undefined> {
    const path = GATEWAY_ROUTES.submissionStatus.path.replace('{ministryRef}', encodeURIComponent(ministryRef));
    const answer = await this.request('GET', path);
    if (answer.status === 200) return this.parse(SubmissionStatus, answer);
    if (answer.status === 404) return undefined;
    throw this.failure(answer);
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = this.timeoutMs, cancel?: AbortSignal): Promise<RawAnswer> {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      return await this.send(`${this.baseUrl}${path}`, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: cancel ? AbortSignal.any([timeout, cancel]) : timeout,
      });
    } catch (err) {
      if (err instanceof GatewayError) throw err;
      if (cancel?.aborted && !timeout.aborted) throw new GatewayError('cancelled', 'the request was abandoned by its sender', { cause: err });
      const name = (err as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new GatewayError('timeout', `the gateway did not answer within ${timeoutMs} ms`, { cause: err });
      }
      throw new GatewayError('unreachable', 'the gateway cannot be reached', { cause: err });
    }
  }

  private saysCode(answer: RawAnswer, code: string): boolean {
    const problem = ErrorBody.safeParse(safeJson(answer.text));
    return problem.success && problem.data.code === code;
  }

  private parse<T>(schema: ZodType<T>, answer: RawAnswer): T {
    const json = safeJson(answer.text);
    if (json === undefined) throw new GatewayError('bad-response', `the gateway's answer (HTTP ${answer.status}) is not JSON`, { status: answer.status });
    const result = schema.safeParse(json);
    if (!result.success) {
      const where = result.error.issues.map((i) => i.path.join('.') || '(body)').slice(0, 3).join(', ');
      throw new GatewayError('bad-response', `the gateway's answer (HTTP ${answer.status}) does not match the contract at ${where}`, { status: answer.status });
    }
    return result.data;
  }

  private failure(answer: RawAnswer): GatewayError {
    const status = answer.status;
    if (isTransient(status)) {
      const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'));
      return new GatewayError('unavailable', `the gateway is temporarily unavailable (HTTP ${status})`, retryAfterMs === undefined ? { status } : { status, retryAfterMs });
    }
    if (status === 400) return new GatewayError('invalid-request', 'the gateway refused the request as malformed', { status });
    return new GatewayError('bad-response', `unexpected HTTP ${status} from the gateway`, { status });
  }
}

/**
 * A 409 to a submission, read as the contract says: `idempotency-conflict` (another body under
 * this key) is final, a dead letter; `idempotency-in-progress` (the key's first request is not
 * finished: this kiosk gave up waiting, or another of its processes took over) is retried after
 * Retry-After and never a dead letter. A 409 with neither code cannot be read either way: it is
 * retried too, since a retry with the same key is always safe and a dead letter of a paid
 * request would return money the ministry may have been paid for.
 */
function conflictOutcome(answer: RawAnswer): SubmitOutcome {
  const problem = IdempotencyProblem.safeParse(safeJson(answer.text));
  if (problem.success && problem.data.code === 'idempotency-conflict') {
    return { kind: 'rejected', code: 'idempotency-conflict', reason: problem.data.message };
  }
  const retryAfterMs = parseRetryAfter(answer.headers.get('retry-after'));
  const reason = problem.success ? problem.data.code : 'http-409';
  return retryAfterMs === undefined ? { kind: 'retry', reason } : { kind: 'retry', reason, retryAfterMs };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
