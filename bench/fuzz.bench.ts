/**
 * Fuzz at the boundaries, counted (no pcscd needed):
 * - every kind of message a screen could send, over the browser host's WebSocket into the real
 *   SessionService (in-memory devices, every state checked against the contract), ≥ 100,000
 *   generated cases: valid intents with random values, intents with extra or mistyped fields,
 *   unknown types and arbitrary JSON, with shopper sessions opened and closed along the way.
 *   Goal: 0 crashes (no `internal` answer, no untyped answer, the connection never dropped).
 *   Baseline: the same messages handed to KioskCore.dispatch directly, the cost without transport.
 * - configuration bundles: generated parts (random bytes, random JSON, a valid bundle with one
 *   field mutated) through parseBundle: a Bundle or a BundleError, never anything else.
 * - gateway answers: the GatewayClient against a server answering random statuses, headers and
 *   bodies: a typed outcome or an error with a code, never anything else.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { startBrowserHost } from '../main/browser-host/server';
import { shippedCatalog } from '../main/config/catalog';
import { BundleError } from '../main/config/bundle/errors';
import { parseBundle, type PartName, PART_NAMES } from '../main/config/bundle/schema';
import { GatewayClient } from '../main/gateway/client';
import { silentLogger } from '../main/core/log';
import { errorCode } from '../shared/coded-error';
import { identity, makeKiosk } from '../test/support/core-fakes';
import type { Bench } from './types';
import { UNLIMITED_CLIENT, WsScreen } from './ws-shopper';

const INTENTS = Number(process.env.FUZZ_INTENTS ?? 100_000);
const BUNDLES = Number(process.env.FUZZ_BUNDLES ?? 20_000);
const ANSWERS = Number(process.env.FUZZ_ANSWERS ?? 3_000);
const TYPED = /^[a-z][a-z0-9-]{1,47}$/;

const serviceIds = shippedCatalog().map((s) => s.id);
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('', '1234', '٠١٢٣', 'x'.repeat(300), '<script>', 'أحمد'));
const intentArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.oneof(
    fc.record({ type: fc.constant('setLanguage'), lang: fc.constantFrom('ar', 'en', 'fr') }),
    fc.record({ type: fc.constant('chooseService'), serviceId: fc.oneof(fc.constantFrom(...serviceIds), text) }),
    fc.record({ type: fc.constant('selectFines'), fineIds: fc.array(text, { maxLength: 5 }) }),
    fc.record({ type: fc.constant('setField'), fieldId: fc.oneof(fc.constantFrom('years', 'delivery', 'dependants', 'months', 'plate'), text), value: text }),
    fc.record({ type: fc.constant('chooseBeneficiary'), beneficiaryId: fc.oneof(fc.constantFrom('self', 'SP-emp', 'SP-vis'), text) }),
    fc.record({ type: fc.constant('submitPin'), pin: fc.oneof(fc.stringMatching(/^\d{4,12}$/), text) }),
    fc.constantFrom('submitForm', 'submitRequest', 'review', 'showRequests', 'confirmPayment', 'cancelPayment', 'back', 'finish', 'reprintReceipt', 'activity').map((type) => ({ type })),
  ) },
  { weight: 2, arbitrary: fc.record({ type: fc.constantFrom('confirmPayment', 'chooseService', 'finish'), amountCents: fc.integer(), idNumber: fc.constant(identity.idNumber) }, { requiredKeys: ['type'] }) },
  { weight: 1, arbitrary: fc.record({ type: text }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

async function intentsOverWebSocket(): Promise<{ perSecond: number; direct: number; crashes: number; codes: Record<string, number>; sessions: number }> {
  const k = makeKiosk();
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
  // A trusted client pushing as fast as it can: the per-client budget is the flood bench's subject.
  const host = await startBrowserHost({ core: k.core, log: silentLogger, rendererDir: dir, limits: UNLIMITED_CLIENT });
  const screen = await WsScreen.open(host);
  const cases = fc.sample(intentArb, { numRuns: INTENTS, seed: 13 });
  const codes: Record<string, number> = {};
  let crashes = 0;
  let sessions = 0;
  const onCrash = () => (crashes += 1);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const t0 = performance.now();
  for (let i = 0; i < cases.length; i += 200) {
    // A shopper arrives every 200 messages and leaves every 1,000: most cases reach a session's screens.
    if (i % 1000 === 0) k.session.cardRemoved();
    if (i % 200 === 0 && k.session.snapshot.mode.kind === 'attract') {
      k.session.cardInserted();
      k.session.identityRead(identity, true);
      sessions += 1;
    }
    const answers = await Promise.all(cases.slice(i, i + 200).map((c) => screen.sendRaw(c)));
    for (const a of answers) {
      const code = a.ok ? 'ok' : a.error.code;
      codes[code] = (codes[code] ?? 0) + 1;
      if (!(a.ok === true || (a.ok === false && TYPED.test(a.error.code) && typeof a.error.message === 'string')) || code === 'internal') crashes += 1;
    }
    if (screen.closed) {
      crashes += 1;
      break;
    }
  }
  const perSecond = cases.length / ((performance.now() - t0) / 1000);
  screen.close();
  await host.close();
  k.session.cardRemoved();
  const sample = cases.slice(0, 20_000);
  const t1 = performance.now();
  for (const c of sample) await k.core.dispatch(c);
  const direct = sample.length / ((performance.now() - t1) / 1000);
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  rmSync(dir, { recursive: true, force: true });
  return { perSecond, direct, crashes, codes, sessions };
}

function validParts(): Map<PartName, Uint8Array> {
  const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
  return new Map<PartName, Uint8Array>([
    ['header', enc({ version: 7, notes: 'fuzz' })],
    ['settings', enc({ session: { idleWarningMs: 60_000 } })],
    ['telemetry', enc({ otlpUrl: 'https://collector.example/', exportIntervalMs: 60_000 })],
  ]);
}

function bundles(): { cases: number; accepted: number; refused: number; untyped: number } {
  const mutate = fc.record({
    part: fc.constantFrom(...PART_NAMES),
    body: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.jsonValue({ maxDepth: 4 }).map((v) => new TextEncoder().encode(JSON.stringify(v)))),
    keepValid: fc.boolean(),
  });
  let accepted = 0;
  let refused = 0;
  let untyped = 0;
  for (const m of fc.sample(mutate, { numRuns: BUNDLES, seed: 12 })) {
    const parts = m.keepValid ? validParts() : new Map<PartName, Uint8Array>();
    parts.set(m.part, m.body);
    try {
      parseBundle(parts);
      accepted += 1;
    } catch (err) {
      if (err instanceof BundleError) refused += 1;
      else untyped += 1;
    }
  }
  return { cases: BUNDLES, accepted, refused, untyped };
}

async function gatewayAnswers(): Promise<{ cases: number; untyped: number; outcomes: Record<string, number> }> {
  const answerArb = fc.record({
    status: fc.constantFrom(200, 201, 202, 204, 301, 400, 401, 404, 409, 422, 429, 500, 502, 503, 504),
    contentType: fc.constantFrom('application/json', 'text/html', 'application/problem+json', ''),
    retryAfter: fc.option(fc.oneof(fc.nat(100).map(String), fc.stringMatching(/^[!-~][ -~]{0,20}$/)), { nil: undefined }),
    body: fc.oneof(fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), text, fc.constant('{"fines": [{"id": 1}]}'), fc.constant('{"ministryRef": "MOI-1", "status": "received"}')),
  });
  const answers = fc.sample(answerArb, { numRuns: ANSWERS, seed: 11 });
  let next = 0;
  const server = createServer((req, res) => {
    req.resume();
    const a = answers[next++ % answers.length]!;
    res.writeHead(a.status, { ...(a.contentType ? { 'content-type': a.contentType } : {}), ...(a.retryAfter ? { 'retry-after': a.retryAfter } : {}) }).end(a.status === 204 ? undefined : a.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const client = new GatewayClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, kioskId: 'K01', timeoutMs: 2000 });
  const outcomes: Record<string, number> = {};
  let untyped = 0;
  const note = (k: string) => (outcomes[k] = (outcomes[k] ?? 0) + 1);
  const sub = { serviceId: 'national-address', localRef: 'K01-20261201-000001', applicant: { idNumber: identity.idNumber }, payload: {}, submittedAt: new Date(0).toISOString() };
  for (let i = 0; i < ANSWERS; i++) {
    try {
      switch (i % 5) {
        case 0:
          note(`submit:${(await client.submit(sub, '6f1c2a52-8a7e-4c1e-9d43-2b5b7d9e0a11')).kind}`);
          break;
        case 1:
          await client.trafficFines(identity.idNumber);
          note('fines:ok');
          break;
        case 2:
          await client.sponsoredPeople(identity.idNumber);
          note('sponsors:ok');
          break;
        case 3:
          await client.trackedRequests(identity.idNumber);
          note('requests:ok');
          break;
        default:
          note(`health:${await client.health(1000)}`);
      }
    } catch (err) {
      const code = errorCode(err);
      if (code && TYPED.test(code)) note(`error:${code}`);
      else untyped += 1;
    }
  }
  await new Promise<void>((r) => server.close(() => r()));
  return { cases: ANSWERS, untyped, outcomes };
}

const bench: Bench = {
  name: 'fuzz',
  async run() {
    const ws = await intentsOverWebSocket();
    const b = bundles();
    const g = await gatewayAnswers();
    return {
      title: `fuzz: ${INTENTS} messages over the WebSocket, ${b.cases} configuration bundles, ${g.cases} gateway answers`,
      baseline: 'the same messages handed to KioskCore.dispatch without the WebSocket',
      rows: [
        { metric: 'intents: crashes or untyped answers', unit: 'cases', value: ws.crashes, better: 'lower', goal: 0 },
        { metric: 'intents per second over the WebSocket', unit: '/s', value: ws.perSecond, baseline: ws.direct, better: 'higher' },
        { metric: 'bundles: neither a Bundle nor a BundleError', unit: 'cases', value: b.untyped, better: 'lower', goal: 0 },
        { metric: 'gateway answers: neither an outcome nor a coded error', unit: 'cases', value: g.untyped, better: 'lower', goal: 0 },
      ],
      notes: [
        `intent answers by code: ${JSON.stringify(ws.codes)} (${ws.sessions} shopper sessions opened)`,
        `bundles: ${b.accepted} accepted, ${b.refused} refused with a BundleError`,
        `gateway: ${JSON.stringify(g.outcomes)}`,
      ],
    };
  },
};

export default bench;
