import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, type Socket } from 'node:net';
import { demoSponsoredPeople, seededRandom } from './demo-data';
import { demoResidencePermit } from './demo-permits';
import { demoPermanentResidency } from './demo-residency';
import { demoVisa } from './demo-visas';
import { ResidencyEligibilityRequest } from './schemas-residency';
import { VisaInquiryRequest } from './schemas-visas';
import { FinancialClaimsInquiryRequest } from './schemas-claims';
import { type AuditEntryRecord, FinesInquiryRequest, type ErrorBody, RequestsInquiryRequest, ResidencePermitInquiryRequest, SponsorshipsInquiryRequest, SubmissionRequest, type SubmissionState, UUID_PATTERN } from './schemas';
import { checkMix, type FaultMix, flakyMix, pickFate } from './sim-faults';
import { AuditBook, type AuditChainCheck } from './sim-audit';
import { ConfigReportBook, type ConfigReportRecord } from './sim-config-reports';
import { HeartbeatBook, type HeartbeatRecord } from './sim-heartbeats';
import { HttpProblem, parseJson, readBody, send } from './sim-http';
import { type LedgerAnswer, SimLedger, type SubmissionRecord } from './sim-ledger';
import { trackedRequests } from './sim-requests';

/**
 * A stand-in for the ministry gateway that follows gateway/openapi.yaml on real HTTP (node:http),
 * for `npm start` and the tests. It can be slow, down (the port refuses connections, as when the network
 * is gone) or flaky (a share of requests answer 503, or are committed and then lose their
 * answer: the case that makes idempotency keys necessary); `faults` picks the mix (sim-faults.ts).
 */

export interface GatewaySimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1';
  latencyMs?: number;
  down?: boolean;
  /** Share of requests (0..1) that fail: half with 503, half with a connection dropped after commit. */
  flaky?: number;
  /** Seeds the flakiness, so a failing run can be replayed. */
  seed?: number;
  /** Retry-After on 503 answers, in seconds (default 1). */
  retryAfterS?: number;
  /** Keeps the simulator's record in this JSON file across restarts. */
  stateFile?: string;
  /**
   * When > 0, flaky failures also include "committed, then no answer for this long" (the
   * client's timeout fires first), split evenly with 503 and dropped connections.
   */
  hangMs?: number;
  /** Share (0..1) of accepted submissions that the ministry rejects later, after review. */
  rejectLater?: number;
  /** How long after acceptance such a rejection happens (default 1 s). */
  rejectAfterMs?: number;
  /** The fault mix, share per fault (see sim-faults.ts); replaces `flaky` when given. */
  faults?: FaultMix;
  /** How long a `slow` request is processed before it is recorded and answered (default 2 s). */
  slowMs?: number;
  /**
   * Serve HTTPS with mutual TLS, as the ministry's gateway does: this server certificate and key,
   * and client certificates only from `ca` (a client without one is refused in the handshake).
   */
  tls?: { cert: string; key: string; ca: string };
}

export interface GatewaySimulator {
  url: string;
  close(): Promise<void>;
  setDown(down: boolean): void;
  setFlaky(share: number): void;
  setFaults(mix: FaultMix): void;
  setLatency(ms: number): void;
  setRejectLater(share: number): void;
  /** The gateway's own record of accepted submissions: the judge of exactly-once. */
  submissions(): ReadonlyArray<SubmissionRecord>;
  finesPaid(idNumber: string): ReadonlyArray<string>;
  /** The claims paid so far: the card holder's own, or (with `personId`) a sponsored person's. */
  claimsPaid(idNumber: string, personId?: string): ReadonlyArray<string>;
  /** Changes a submission's status later, e.g. a rejection after review. */
  setStatus(ministryRef: string, status: SubmissionState, reason?: ErrorBody): boolean;
  /** The last heartbeat a kiosk sent, with its enrolled key and how many arrived. */
  heartbeat(kioskId: string): HeartbeatRecord | undefined;
  /** The configuration reports recorded for a kiosk (replays are not recorded again). */
  configReports(kioskId: string): ReadonlyArray<ConfigReportRecord>;
  /** The audit entries held for a kiosk, oldest first (replays are not recorded again). */
  auditEntries(kioskId: string): ReadonlyArray<AuditEntryRecord>;
  /** The ministry's check of a kiosk's audit chain as held: whole from the first entry, or the first seq missing or wrong. */
  verifyAudit(kioskId: string): AuditChainCheck;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export async function startGatewaySimulator(opts: GatewaySimulatorOptions = {}): Promise<GatewaySimulator> {
  const ledger = new SimLedger(opts.stateFile);
  const heartbeats = new HeartbeatBook();
  const configReports = new ConfigReportBook();
  const audit = new AuditBook();
  const random = seededRandom(opts.seed ?? Date.now());
  const retryAfter = String(opts.retryAfterS ?? 1);
  let down = opts.down ?? false;
  const hangMs = Math.max(0, opts.hangMs ?? 0);
  const slowMs = Math.max(0, opts.slowMs ?? 2000);
  let faults = checkMix(opts.faults ?? flakyMix(opts.flaky ?? 0, hangMs > 0));
  let latencyMs = opts.latencyMs ?? 0;
  const sockets = new Set<Socket>();

  let rejectLater = opts.rejectLater ?? 0;
  const rejectAfterMs = opts.rejectAfterMs ?? 1000;
  const timers = new Set<NodeJS.Timeout>();

  /** The ministry's review turning down an accepted request later: what "my requests" shows. */
  function maybeRejectLater(ministryRef: string): void {
    if (rejectLater <= 0 || random() >= rejectLater) return;
    const t = setTimeout(() => {
      timers.delete(t);
      ledger.setStatus(ministryRef, 'rejected', { code: 'rejected-on-review', message: 'The request was rejected after review.' });
    }, rejectAfterMs);
    timers.add(t);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const raw = await readBody(req);
    if (latencyMs > 0) await sleep(latencyMs);
    if (down) {
      req.socket.destroy();
      return;
    }
    const fate = pickFate(faults, random);
    if (fate === 'unavailable') {
      send(res, 503, { code: 'unavailable', message: 'The gateway is temporarily unavailable.' }, { 'retry-after': retryAfter });
      return;
    }
    if (fate === 'resetBefore') {
      req.socket.resetAndDestroy();
      return;
    }
    const answer = fate === 'slow' ? await processSlowly(req, url.pathname, raw) : route(req.method ?? 'GET', url.pathname, req, raw);
    if (fate === 'lostAck') {
      req.socket.resetAndDestroy();
      return;
    }
    if (fate === 'hang') {
      await sleep(hangMs);
      req.socket.destroy();
      return;
    }
    if (!res.destroyed) send(res, answer.status, answer.body, answer.headers);
  }

  /**
   * A request that takes `slowMs` to process. For a submission the key is held "in progress"
   * meanwhile (what a client that gave up and retried is told), then recorded and answered,
   * whether or not anyone still listens.
   */
  async function processSlowly(req: IncomingMessage, path: string, raw: Buffer): Promise<Answer> {
    if (path !== '/v1/submissions' || req.method !== 'POST') {
      await sleep(slowMs);
      return route(req.method ?? 'GET', path, req, raw);
    }
    const { key, request } = parseSubmission(req, raw);
    const early = ledger.begin(key, request);
    if (early) return submissionAnswer(early);
    await sleep(slowMs);
    return submissionAnswer(ledger.finish(key, request));
  }

  function idempotencyKey(req: IncomingMessage): string {
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !UUID_PATTERN.test(key)) {
      throw new HttpProblem(400, 'invalid-request', 'The Idempotency-Key header must be a UUID.');
    }
    return key.toLowerCase();
  }

  function parseSubmission(req: IncomingMessage, raw: Buffer): { key: string; request: SubmissionRequest } {
    return { key: idempotencyKey(req), request: parseJson(SubmissionRequest, raw) };
  }

  function submissionAnswer(answer: LedgerAnswer): Answer {
    if (answer.status === 201) maybeRejectLater(answer.body.ministryRef);
    const headers: Record<string, string> = answer.replayed ? { 'idempotent-replayed': 'true' } : {};
    if (answer.status === 409 && answer.inProgress) headers['retry-after'] = retryAfter;
    return { status: answer.status, body: answer.body, headers };
  }

  function route(method: string, path: string, req: IncomingMessage, raw: Buffer): Answer {
    if (path === '/v1/health') {
      if (method !== 'GET') throw new HttpProblem(405, 'method-not-allowed', 'Use GET.');
      return { status: 200, body: { status: 'ok', time: new Date().toISOString() } };
    }
    if (path === '/v1/traffic-fines/inquiry') {
      if (method !== 'POST') throw new HttpProblem(405, 'method-not-allowed', 'Use POST.');
      const { idNumber } = parseJson(FinesInquiryRequest, raw);
      return { status: 200, body: { fines: ledger.unpaidFines(idNumber) } };
    }
    if (path === '/v1/sponsorships/inquiry') {
      if (method !== 'POST') throw new HttpProblem(405, 'method-not-allowed', 'Use POST.');
      const { idNumber } = parseJson(SponsorshipsInquiryRequest, raw);
      return { status: 200, body: { people: demoSponsoredPeople(idNumber) } };
    }
    if (path === '/v1/residence-permits/inquiry') {
      if (method !== 'POST') throw new HttpProblem(405, 'method-not-allowed', 'Use POST.');
      const { idNumber, personId } = parseJson(ResidencePermitInquiryRequest, raw);
      const permit = demoResidencePermit(idNumber, personId);
      // One answer for "none" and "not someone you sponsor": the gateway tells nobody who exists.
      if (!permit) throw new HttpProblem(404, 'no-residence-permit', 'No residence permit is on record for this person.');
      return { status: 200, body: { permit } };
    }
    if (path === '/v1/permanent-residency/eligibility') {
      if (method !== 'POST') throw new HttpProblem(405, 'method-not-allowed', 'Use POST.');
      const eligibility = demoPermanentResidency(parseJson(ResidencyEligibilityRequest, raw).idNumber);
      if (!eligibility) throw new HttpProblem(404, 'not-applicable', 'Permanent residency does not apply to a Qatari citizen.');
      return { status: 200, body: { eligibility } };
    }
    if (path === '/v1/visas/inquiry') {
      if (method !== 'POST') throw new HttpProblem(405, 'method-not-allowed', 'Use POST.');
      const { idNumber, personId } = parseJson(VisaInquiryRequest, raw);
      const visa = demoVisa(idNumber, personId);
      // As for permits: "none" and "not a visitor you sponsor" are one answer.
      if (!visa) throw new HttpProblem(404, 'no-visa', 'No visa is on record for this person.');
      return { status: 200, body: { visa } };
    }
    if (path === '/v1/financial-claims/inquiry') {
      if (method !== 'POST') throw new HttpProblem(405, 'method-not-allowed', 'Use POST.');
      const { idNumber, personId } = parseJson(FinancialClaimsInquiryRequest, raw);
      const claims = ledger.unpaidClaims(idNumber, personId);
      // "Nothing owed" and "not someone you sponsor" are one answer, as for permits and visas.
      if (!claims?.length) throw new HttpProblem(404, 'no-claims', 'No outstanding financial claims are on record for this person.');
      return { status: 200, body: { claims } };
    }
    if (path === '/v1/requests/inquiry') {
      if (method !== 'POST') throw new HttpProblem(405, 'method-not-allowed', 'Use POST.');
      const { idNumber } = parseJson(RequestsInquiryRequest, raw);
      return { status: 200, body: trackedRequests(ledger, idNumber) };
    }
    if (path === '/v1/submissions') {
      if (method !== 'POST') throw new HttpProblem(405, 'method-not-allowed', 'Use POST.');
      const { key, request } = parseSubmission(req, raw);
      return submissionAnswer(ledger.submit(key, request));
    }
    const beat = /^\/v1\/kiosks\/([A-Z0-9]{1,12})\/heartbeat$/.exec(path);
    if (beat) {
      if (method !== 'POST') throw new HttpProblem(405, 'method-not-allowed', 'Use POST.');
      return heartbeats.receive(beat[1]!, raw);
    }
    const report = /^\/v1\/kiosks\/([A-Z0-9]{1,12})\/config-reports$/.exec(path);
    if (report) {
      if (method !== 'POST') throw new HttpProblem(405, 'method-not-allowed', 'Use POST.');
      return configReports.receive(report[1]!, idempotencyKey(req), raw);
    }
    const auditPath = /^\/v1\/kiosks\/([A-Z0-9]{1,12})\/audit-entries$/.exec(path);
    if (auditPath) {
      if (method !== 'POST') throw new HttpProblem(405, 'method-not-allowed', 'Use POST.');
      return audit.receive(auditPath[1]!, raw);
    }
    const match = /^\/v1\/submissions\/([^/]{1,64})$/.exec(path);
    if (match) {
      if (method !== 'GET') throw new HttpProblem(405, 'method-not-allowed', 'Use GET.');
      const status = ledger.status(decodeURIComponent(match[1]!));
      if (!status) throw new HttpProblem(404, 'not-found', 'No submission with this reference.');
      return { status: 200, body: status };
    }
    throw new HttpProblem(404, 'not-found', 'No such endpoint.');
  }

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (err instanceof HttpProblem) send(res, err.status, { code: err.code, message: err.message });
      else send(res, 500, { code: 'internal', message: 'The gateway simulator failed.' });
    });
  };
  const server = opts.tls ? createHttpsServer({ ...opts.tls, requestCert: true, rejectUnauthorized: true, minVersion: 'TLSv1.2' }, answer) : createServer(answer);
  // A client the handshake refused (no or a foreign certificate) is the client's problem, not a crash.
  server.on('tlsClientError', () => undefined);
  server.on('connection', (socket) => {
    // "Down" means unreachable: cut the connection before any HTTP happens.
    if (down) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;

  /**
   * "Down" means unreachable, as in a real outage: the port stops listening (connection refused)
   * and open connections are cut. Accept-then-close instead makes HTTP clients retry GETs on
   * their own until they time out, and hold other requests behind them.
   */
  let closed = false;
  function applyDown(): void {
    if (down) {
      if (server.listening) server.close();
      for (const s of sockets) s.destroy();
      return;
    }
    if (server.listening || closed) return;
    const retry = () => setTimeout(applyDown, 100); // the port was briefly taken: try again
    server.once('error', retry);
    server.listen(port, host, () => server.off('error', retry));
  }
  if (down) applyDown();

  return {
    url: `${opts.tls ? 'https' : 'http'}://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closed = true;
        for (const t of timers) clearTimeout(t);
        for (const s of sockets) s.destroy();
        if (!server.listening) return resolve();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
    setDown(value) {
      down = value;
      applyDown();
    },
    setFlaky(share) {
      if (!(share >= 0 && share <= 1)) throw new RangeError('flaky share must be between 0 and 1');
      faults = flakyMix(share, hangMs > 0);
    },
    setFaults(mix) {
      faults = checkMix(mix);
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    setRejectLater(share) {
      if (!(share >= 0 && share <= 1)) throw new RangeError('reject-later share must be between 0 and 1');
      rejectLater = share;
    },
    submissions: () => ledger.submissions(),
    finesPaid: (idNumber) => ledger.finesPaid(idNumber),
    claimsPaid: (idNumber, personId) => ledger.claimsPaid(idNumber, personId),
    setStatus: (ref, status, reason) => ledger.setStatus(ref, status, reason),
    heartbeat: (kioskId) => heartbeats.get(kioskId),
    configReports: (kioskId) => configReports.of(kioskId),
    auditEntries: (kioskId) => audit.of(kioskId),
    verifyAudit: (kioskId) => audit.verify(kioskId),
  };
}
