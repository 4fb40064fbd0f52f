import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { DEMO_QID, demoSponsoredPeople, type GatewaySimulator, startGatewaySimulator } from '../../../gateway';
import { GatewayClient, GatewayError } from '../../../main/gateway';
import { signHeartbeat } from '../../../main/telemetry/heartbeat';
import { generateKeyPairSync } from 'node:crypto';
import { fuzzIt, type JsonMutation, jsonMutation, mutateJson } from '../../support/fuzz';

/**
 * The gateway's answers are the other untrusted input of the kiosk. Between the GatewayClient
 * and the real gateway simulator sits a proxy that takes the simulator's real answer to each
 * request and changes it as the case says: one JSON value inside replaced or removed, the body
 * cut short or replaced, another status, another content type, a strange Retry-After. Every
 * call must end in a typed outcome or a GatewayError with a code: never another exception,
 * never a half-parsed object.
 */
interface Twist {
  mutation?: JsonMutation;
  status?: number;
  contentType?: string;
  retryAfter?: string;
}

const twistArb: fc.Arbitrary<Twist> = fc.record(
  {
    mutation: jsonMutation,
    status: fc.constantFrom(200, 201, 202, 204, 301, 400, 401, 404, 409, 422, 429, 500, 503),
    contentType: fc.constantFrom('application/json', 'text/html', 'application/problem+json', ''),
    retryAfter: fc.oneof(fc.nat(100).map(String), fc.constantFrom('-1', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT', '1e9', '')),
  },
  { requiredKeys: [] },
);

let sim: GatewaySimulator;
let proxy: Server;
let twist: Twist = {};
let client: GatewayClient;

beforeAll(async () => {
  sim = await startGatewaySimulator({ seed: 13 });
  proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const real = await fetch(`${sim.url}${req.url}`, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length')) as Record<string, string>,
      body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
    });
    let body = await real.text();
    const t = twist;
    if (t.mutation) {
      try {
        body = mutateJson(JSON.parse(body), t.mutation);
      } catch {
        body = mutateJson(body, t.mutation);
      }
    }
    const status = t.status ?? real.status;
    const headers: Record<string, string> = {};
    const type = t.contentType ?? real.headers.get('content-type');
    if (type) headers['content-type'] = type;
    if (t.retryAfter !== undefined) headers['retry-after'] = t.retryAfter;
    res.writeHead(status, headers).end(status === 204 || status === 301 ? undefined : body);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  client = new GatewayClient({ baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, kioskId: 'K01', timeoutMs: 3000 });
});

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
  await sim?.close();
});

const TYPED = /^[a-z][a-z0-9-]{1,47}$/;
const { privateKey } = generateKeyPairSync('ed25519');
const heartbeat = () =>
  signHeartbeat(
    {
      kioskId: 'K01',
      seq: 1,
      sentAt: new Date().toISOString(),
      startedAt: new Date().toISOString(),
      version: '0.1.0',
      mode: 'in-service',
      config: { version: '0', rollout: 'none' },
      devices: {},
      queue: { waiting: 0, oldestWaitingSeconds: 0, dead: 0 },
      refundsOwed: 0,
      crashes: 0,
    },
    privateKey,
  );

const CALLS = {
  fines: () => client.trafficFines(DEMO_QID),
  sponsors: () => client.sponsoredPeople(DEMO_QID),
  requests: () => client.trackedRequests(DEMO_QID),
  visa: () => client.visa(DEMO_QID, demoSponsoredPeople(DEMO_QID)[2]!.id),
  permit: () => client.residencePermit(DEMO_QID, demoSponsoredPeople(DEMO_QID)[0]!.id),
  // The card holder has none: the 404 no-residence-permit, twisted.
  noPermit: () => client.residencePermit(DEMO_QID),
  // A demo resident not yet eligible: the answer carries every field (reasons, the day).
  residency: () => client.permanentResidency('29035600123'),
  // A Qatari citizen: the 404 not-applicable, twisted.
  noResidency: () => client.permanentResidency(DEMO_QID),
  claims: () => client.financialClaims(DEMO_QID),
  sponsoredClaims: () => client.financialClaims(DEMO_QID, demoSponsoredPeople(DEMO_QID)[1]!.id),
  submit: () =>
    client.submit({ serviceId: 'national-address', localRef: 'K01-20261203-000001', applicant: { idNumber: DEMO_QID }, payload: { zone: 51 }, submittedAt: new Date().toISOString() }, randomUUID()),
  status: () => client.submissionStatus('MOI-2026-0000001'),
  health: () => client.health(2000),
  heartbeat: () => client.heartbeat(heartbeat(), 2000),
} as const;

describe('gateway answers under generated changes', () => {
  fuzzIt('every call ends in a typed outcome or a GatewayError with a code', 600, async (numRuns) => {
    const ends = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...(Object.keys(CALLS) as (keyof typeof CALLS)[])), twistArb, async (call, t) => {
        twist = t;
        let end: string;
        try {
          const value: unknown = await CALLS[call]();
          end = `${call}:ok`;
          if (call === 'submit') expect(['delivered', 'retry', 'rejected']).toContain((value as { kind: string }).kind);
          if (call === 'fines' || call === 'sponsors' || call === 'claims' || call === 'sponsoredClaims') expect(Array.isArray(value)).toBe(true);
          if (call === 'requests') expect(Array.isArray((value as { own: unknown }).own)).toBe(true);
        } catch (err) {
          if (!(err instanceof GatewayError) || !TYPED.test(err.code)) throw err;
          end = `${call}:${err.code}`;
        }
        ends.set(end, (ends.get(end) ?? 0) + 1);
      }),
      { numRuns, seed: 1303 },
    );
    // Unchanged answers pass and changed ones are refused: the cases reached the parsers.
    expect([...ends.keys()].some((k) => k.endsWith(':bad-response'))).toBe(true);
    expect([...ends.keys()].filter((k) => k.endsWith(':ok')).length).toBeGreaterThan(2);
  });
});
