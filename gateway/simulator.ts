import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type AddressInfo, type Socket } from 'node:net';
import { type ZodType } from 'zod';
import { demoSponsoredPeople, seededRandom } from './demo-data';
import { FinesInquiryRequest, type ErrorBody, SponsorshipsInquiryRequest, SubmissionRequest, type SubmissionState, UUID_PATTERN } from './schemas';
import { SimLedger, type SubmissionRecord } from './sim-ledger';

/**
 * A stand-in for the ministry gateway that follows gateway/openapi.yaml on real HTTP (node:http),
 * for `npm start` and the tests. It can be slow, down (the port refuses connections, as when the network
 * is gone) or flaky (a share of requests answer 503, or are committed and then lose their
 * answer: the case that makes idempotency keys necessary).
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
}

export interface GatewaySimulator {
  url: string;
  close(): Promise<void>;
  setDown(down: boolean): void;
  setFlaky(share: number): void;
  setLatency(ms: number): void;
  setRejectLater(share: number): void;
  /** The gateway's own record of accepted submissions: the judge of exactly-once. */
  submissions(): ReadonlyArray<SubmissionRecord>;
  finesPaid(idNumber: string): ReadonlyArray<string>;
  /** Changes a submission's status later, e.g. a rejection after review. */
  setStatus(ministryRef: string, status: SubmissionState, reason?: ErrorBody): boolean;
}

const MAX_BODY = 64 * 1024;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new HttpProblem(413, 'too-large', 'The request body is too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Validation messages name the field and the rule, never the value (it may be a QID). */
function parseJson<T>(schema: ZodType<T>, raw: Buffer): T {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new HttpProblem(400, 'invalid-request', 'The request body is not valid JSON.');
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const detail = result.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
      .join('; ');
    throw new HttpProblem(400, 'invalid-request', detail);
  }
  return result.data;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startGatewaySimulator(opts: GatewaySimulatorOptions = {}): Promise<GatewaySimulator> {
  const ledger = new SimLedger(opts.stateFile);
  const random = seededRandom(opts.seed ?? Date.now());
  const retryAfter = String(opts.retryAfterS ?? 1);
  let down = opts.down ?? false;
  let flaky = opts.flaky ?? 0;
  let latencyMs = opts.latencyMs ?? 0;
  const sockets = new Set<Socket>();

  const hangMs = Math.max(0, opts.hangMs ?? 0);
  let rejectLater = opts.rejectLater ?? 0;
  const rejectAfterMs = opts.rejectAfterMs ?? 1000;
  const timers = new Set<NodeJS.Timeout>();

  /**
   * Decides this request's fate up front; 'drop' means "commit, then lose the answer", 'hang'
   * "commit, then answer nothing until the client gives up".
   */
  function fate(): 'ok' | '503' | 'drop' | 'hang' {
    if (flaky <= 0 || random() >= flaky) return 'ok';
    const r = random();
    if (hangMs > 0) return r < 1 / 3 ? '503' : r < 2 / 3 ? 'drop' : 'hang';
    return r < 0.5 ? '503' : 'drop';
  }

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
    const outcome = fate();
    if (outcome === '503') {
      send(res, 503, { code: 'unavailable', message: 'The gateway is temporarily unavailable.' }, { 'retry-after': retryAfter });
      return;
    }
    const answer = route(req.method ?? 'GET', url.pathname, req, raw);
    if (outcome === 'drop') {
      req.socket.destroy();
      return;
    }
    if (outcome === 'hang') {
      await sleep(hangMs);
      req.socket.destroy();
      return;
    }
    send(res, answer.status, answer.body, answer.headers);
  }

  function route(method: string, path: string, req: IncomingMessage, raw: Buffer): { status: number; body: unknown; headers?: Record<string, string> } {
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
    if (path === '/v1/submissions') {
      if (method !== 'POST') throw new HttpProblem(405, 'method-not-allowed', 'Use POST.');
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || !UUID_PATTERN.test(key)) {
        throw new HttpProblem(400, 'invalid-request', 'The Idempotency-Key header must be a UUID.');
      }
      const request = parseJson(SubmissionRequest, raw);
      const answer = ledger.submit(key.toLowerCase(), request);
      if (answer.status === 201) maybeRejectLater(answer.body.ministryRef);
      return { status: answer.status, body: answer.body, headers: answer.replayed ? { 'idempotent-replayed': 'true' } : {} };
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

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent || res.destroyed) return;
      if (err instanceof HttpProblem) send(res, err.status, { code: err.code, message: err.message });
      else send(res, 500, { code: 'internal', message: 'The gateway simulator failed.' });
    });
  });
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
    url: `http://${address}:${port}`,
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
      flaky = share;
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
    setStatus: (ref, status, reason) => ledger.setStatus(ref, status, reason),
  };
}
