import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS_HASH, DEMO_QID, demoSponsoredPeople, startGatewaySimulator } from '../../../gateway';
import { auditEntryHash } from '../../../gateway/sim-audit';
import { parseRetryAfter, type SponsoredPerson, type SubmissionInput } from '../../../main/gateway';
import { caught, useGatewayHarness } from '../../support/gateway-harness';

const { sim, rawServer, scripted, client } = useGatewayHarness();

function submission(over: Partial<SubmissionInput> = {}): SubmissionInput {
  return {
    serviceId: 'national-address-update',
    applicant: { idNumber: DEMO_QID },
    payload: { zone: 45 },
    submittedAt: '2026-11-28T09:16:30+03:00',
    localRef: 'K01-20261128-000001',
    ...over,
  };
}

describe('GatewayClient against the simulator', () => {
  it('reads health and the demo card’s fines', async () => {
    const c = client((await sim()).url);
    expect(await c.health()).toBe(true);
    const fines = await c.trafficFines(DEMO_QID);
    expect(fines.map((f) => f.offence.en)).toEqual(['Speeding', 'Parking in a prohibited place']);
    expect(fines.reduce((s, f) => s + f.amountCents, 0)).toBe(800_00);
  });

  it('reads the people the demo card sponsors', async () => {
    const c = client((await sim()).url);
    const people: SponsoredPerson[] = await c.sponsoredPeople(DEMO_QID);
    expect(people.map((p) => [p.relation, p.givenNamesAr, p.surnameAr, p.givenNames, p.surname])).toEqual([
      ['employee', 'راجيش', 'كومار', 'Rajesh', 'Kumar'],
      ['family', 'مريم', 'الكواري', 'Maryam', 'Al-Kuwari'],
      ['visitor', 'فاطمة', 'أحمد', 'Fatima', 'Ahmed'],
    ]);
    expect(people[2]!.documentValidUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await c.sponsoredPeople('29012345678')).toEqual(demoSponsoredPeople('29012345678'));
  });

  it('sponsored people: down is unreachable, an invalid QID is refused before sending, neither names the QID', async () => {
    const down = client((await sim({ down: true })).url);
    const unreachable = await caught(down.sponsoredPeople(DEMO_QID));
    expect(unreachable.code).toBe('unreachable');
    expect(unreachable.message).not.toContain(DEMO_QID);
    const invalid = await caught(down.sponsoredPeople('12345678901'));
    expect(invalid.code).toBe('invalid-input');
    expect(invalid.message).not.toContain('12345678901');
  });

  it('delivers, replays the same ministryRef for the same key, and maps 409 and 422 to rejected', async () => {
    const s = await sim();
    const c = client(s.url);
    const key = randomUUID();
    const first = await c.submit(submission(), key);
    expect(first).toEqual({ kind: 'delivered', ministryRef: expect.stringMatching(/^MOI-/) });
    expect(await c.submit(submission(), key)).toEqual(first);
    expect(await c.submit(submission({ payload: { zone: 46 } }), key)).toMatchObject({ kind: 'rejected', code: 'idempotency-conflict' });
    const unknownFine = submission({
      serviceId: 'pay-traffic-fines',
      payload: { fineIds: ['TF-00000000'] },
      payment: { amountCents: 100, currency: 'QAR', reference: '1' },
      localRef: 'K01-20261128-000002',
    });
    expect(await c.submit(unknownFine, randomUUID())).toEqual({ kind: 'rejected', code: 'unknown-fine', reason: expect.any(String) });
    expect(s.submissions()).toHaveLength(1);
    expect(s.submissions()[0]?.kioskId).toBe('K01');
    const status = await c.submissionStatus((first as { ministryRef: string }).ministryRef);
    expect(status).toMatchObject({ status: 'received', localRef: 'K01-20261128-000001' });
    expect(await c.submissionStatus('MOI-2026-9999999')).toBeUndefined();
  });

  it('gateway down: submit says retry (unreachable), health is false, the inquiry throws unreachable', async () => {
    const s = await sim({ down: true });
    const c = client(s.url);
    expect(await c.submit(submission(), randomUUID())).toEqual({ kind: 'retry', reason: 'unreachable' });
    expect(await c.health()).toBe(false);
    expect((await caught(c.trafficFines(DEMO_QID))).code).toBe('unreachable');
  });

  it('nothing listening at all is unreachable too', async () => {
    const s = await startGatewaySimulator();
    const url = s.url;
    await s.close();
    expect(await client(url).submit(submission(), randomUUID())).toEqual({ kind: 'retry', reason: 'unreachable' });
  });

  it('refuses invalid input before sending, without echoing the ID number', async () => {
    const s = await sim();
    const c = client(s.url);
    const err = await caught(c.trafficFines('12345678901'));
    expect(err.code).toBe('invalid-input');
    expect(err.message).not.toContain('12345678901');
    const bad = await c.submit(submission({ applicant: { idNumber: '1234' } }), randomUUID());
    expect(bad).toMatchObject({ kind: 'rejected', code: 'invalid-input' });
    expect(JSON.stringify(bad)).not.toContain('1234');
    expect(await c.submit(submission(), 'key-1')).toMatchObject({ kind: 'rejected', code: 'invalid-input' });
    expect(s.submissions()).toEqual([]);
  });
});

describe('GatewayClient against a misbehaving gateway', () => {
  it('malformed JSON is a typed bad-response error, not a crash', async () => {
    const url = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"fines": [');
    });
    const err = await caught(client(url).trafficFines(DEMO_QID));
    expect(err.code).toBe('bad-response');
    expect(err.details.status).toBe(200);
    const submitErr = await caught(client(url).submit(submission(), randomUUID()));
    expect(submitErr.code).toBe('bad-response');
    expect(await client(url).health()).toBe(false);
  });

  it('well-formed JSON of the wrong shape is bad-response too, naming the field', async () => {
    const url = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ fines: [{ id: 'x', date: '2026-01-01', offence: { en: 'Speeding' }, amountCents: 1.5 }] }));
    });
    const err = await caught(client(url).trafficFines(DEMO_QID));
    expect(err.code).toBe('bad-response');
    expect(err.message).toMatch(/fines\.0\./);
  });

  it('sponsored people: a malformed answer is bad-response naming the field; 503 is unavailable; 400 invalid-request', async () => {
    const answers = [
      { status: 200, body: '{"people": [' },
      { status: 200, body: JSON.stringify({ people: [{ id: 'SP-1', relation: 'employee', givenNamesAr: 'راجيش', surnameAr: 'كومار', givenNames: 'Rajesh', surname: 'Kumar', idNumberMasked: '35635600871' }] }) },
      { status: 200, body: JSON.stringify({ people: [{ id: 'SP-1', relation: 'friend' }] }) },
      { status: 503, body: JSON.stringify({ code: 'unavailable', message: 'busy' }), headers: { 'retry-after': '5' } },
      { status: 400, body: JSON.stringify({ code: 'invalid-request', message: 'idNumber: not a QID' }) },
    ];
    const { url, seen } = await scripted(answers);
    const c = client(url);
    const notJson = await caught(c.sponsoredPeople(DEMO_QID));
    expect(notJson).toMatchObject({ code: 'bad-response', details: { status: 200 } });
    const unmasked = await caught(c.sponsoredPeople(DEMO_QID));
    expect(unmasked.code).toBe('bad-response');
    expect(unmasked.message).toMatch(/people\.0\.idNumberMasked/);
    expect(unmasked.message).not.toContain('35635600871');
    expect((await caught(c.sponsoredPeople(DEMO_QID))).code).toBe('bad-response');
    const busy = await caught(c.sponsoredPeople(DEMO_QID));
    expect(busy).toMatchObject({ code: 'unavailable', details: { status: 503, retryAfterMs: 5000 } });
    expect((await caught(c.sponsoredPeople(DEMO_QID))).code).toBe('invalid-request');
    // The QID travels in the body only, never the URL.
    expect(seen[0]).toBe(`POST /v1/sponsorships/inquiry {"idNumber":"${DEMO_QID}"}`);
  });

  it('503 with Retry-After: retry with the delay; 500 without JSON: retry; 429: retry', async () => {
    const answers = [
      { status: 503, headers: { 'retry-after': '7' }, body: JSON.stringify({ code: 'unavailable', message: 'busy' }) },
      { status: 500, headers: {}, body: '<html>oops</html>' },
      { status: 429, headers: { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }, body: '' },
    ];
    const url = await rawServer((_req, res) => {
      const a = answers.shift()!;
      res.writeHead(a.status, a.headers);
      res.end(a.body);
    });
    const c = client(url);
    expect(await c.submit(submission(), randomUUID())).toEqual({ kind: 'retry', reason: 'unavailable', retryAfterMs: 7000 });
    expect(await c.submit(submission(), randomUUID())).toEqual({ kind: 'retry', reason: 'http-500' });
    const limited = await c.submit(submission(), randomUUID());
    expect(limited).toMatchObject({ kind: 'retry', reason: 'http-429' });
    expect((limited as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(55_000);
  });

  it('an unanswered request times out as retry; the inquiry throws timeout', async () => {
    const url = await rawServer(() => {
      /* never answers */
    });
    const c = client(url, 300);
    const started = Date.now();
    expect(await c.submit(submission(), randomUUID())).toEqual({ kind: 'retry', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect((await caught(c.trafficFines(DEMO_QID))).code).toBe('timeout');
  });

  it('other 4xx are rejected with the gateway’s code, or http-<status> when it gave none', async () => {
    const answers = [
      { status: 400, body: JSON.stringify({ code: 'invalid-request', message: 'payload: required' }) },
      { status: 403, body: 'forbidden' },
      { status: 409, body: JSON.stringify({ code: 'idempotency-conflict', message: 'other body' }) },
      { status: 400, body: JSON.stringify({ code: 'invalid-request', message: 'x' }) },
      { status: 302, body: '' },
    ];
    const url = await rawServer((_req, res) => {
      const a = answers.shift()!;
      res.writeHead(a.status, { 'content-type': 'application/json' });
      res.end(a.body);
    });
    const c = client(url);
    expect(await c.submit(submission(), randomUUID())).toEqual({ kind: 'rejected', code: 'invalid-request', reason: 'payload: required' });
    expect(await c.submit(submission(), randomUUID())).toMatchObject({ kind: 'rejected', code: 'http-403' });
    expect(await c.submit(submission(), randomUUID())).toEqual({ kind: 'rejected', code: 'idempotency-conflict', reason: 'other body' });
    expect((await caught(c.trafficFines(DEMO_QID))).code).toBe('invalid-request');
    expect((await caught(c.submit(submission(), randomUUID()))).code).toBe('bad-response');
  });

  it('a 409 "still being processed" is a retry after its Retry-After; a 409 it cannot read is a retry too, never a dead letter', async () => {
    const answers = [
      { body: JSON.stringify({ code: 'idempotency-in-progress', message: 'still processing' }), headers: { 'retry-after': '3' } },
      { body: JSON.stringify({ code: 'idempotency-in-progress', message: 'still processing' }), headers: {} },
      { body: '', headers: {} },
      { body: JSON.stringify({ code: 'something-else', message: 'x' }), headers: { 'retry-after': '1' } },
    ];
    const url = await rawServer((_req, res) => {
      const a = answers.shift()!;
      res.writeHead(409, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body);
    });
    const c = client(url);
    expect(await c.submit(submission(), randomUUID())).toEqual({ kind: 'retry', reason: 'idempotency-in-progress', retryAfterMs: 3000 });
    expect(await c.submit(submission(), randomUUID())).toEqual({ kind: 'retry', reason: 'idempotency-in-progress' });
    expect(await c.submit(submission(), randomUUID())).toEqual({ kind: 'retry', reason: 'http-409' });
    expect(await c.submit(submission(), randomUUID())).toEqual({ kind: 'retry', reason: 'http-409', retryAfterMs: 1000 });
  });

  it('against the simulator: a retry while the first request is still processed is told to wait, then gets the first answer', async () => {
    const s = await sim({ faults: { slow: 1 }, slowMs: 400 });
    const c = client(s.url, 150);
    const key = randomUUID();
    // The first attempt gives up before the gateway has finished; the retry finds it in progress.
    expect(await c.submit(submission(), key)).toEqual({ kind: 'retry', reason: 'timeout' });
    s.setFaults({});
    expect(await c.submit(submission(), key)).toEqual({ kind: 'retry', reason: 'idempotency-in-progress', retryAfterMs: 1000 });
    // A different body under the same key is a conflict even while the first is in progress.
    expect(await c.submit(submission({ payload: { zone: 99 } }), key)).toMatchObject({ kind: 'rejected', code: 'idempotency-conflict' });
    await new Promise((r) => setTimeout(r, 400));
    const after = await c.submit(submission(), key);
    expect(after).toEqual({ kind: 'delivered', ministryRef: s.submissions()[0]!.ministryRef });
    expect(s.submissions()).toHaveLength(1);
  });

  it('a cancelled submission is a retry that says so, not a timeout', async () => {
    const url = await rawServer(() => {
      /* never answers */
    });
    const c = client(url, 5000);
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 50);
    const started = Date.now();
    expect(await c.submit(submission(), randomUUID(), { signal: cancel.signal })).toEqual({ kind: 'retry', reason: 'cancelled' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('audit entries: delivered with the last hash, refusals final with audit- codes, an answer naming other entries is not an acknowledgement', async () => {
    const entry = (seq: number, prevHash: string) => {
      const e = { seq, at: 1_764_322_800_000 + seq, actor: 'kiosk', action: 'enter', detail: '{}', prevHash };
      return { ...e, hash: auditEntryHash(e) };
    };
    const one = entry(1, AUDIT_GENESIS_HASH);
    const c = client((await sim()).url);
    expect(await c.auditEntries([one])).toEqual({ kind: 'delivered', ministryRef: one.hash });
    expect(await c.auditEntries([one])).toEqual({ kind: 'delivered', ministryRef: one.hash }); // a replay
    expect(await c.auditEntries([{ ...entry(1, AUDIT_GENESIS_HASH), action: 'exit', hash: auditEntryHash({ ...one, action: 'exit' }) }])).toMatchObject({ kind: 'rejected', code: 'audit-seq-conflict' });
    expect(await c.auditEntries([{ ...entry(2, one.hash), detail: '{"x":1}' }])).toMatchObject({ kind: 'rejected', code: 'audit-hash-mismatch' });
    expect(await c.auditEntries([{ ...one, actor: '29063400777' }])).toMatchObject({ kind: 'rejected', code: 'invalid-input' });
    const liar = await rawServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ receivedAt: '2026-11-28T09:20:41Z', entries: [{ seq: 1, hash: 'f'.repeat(64), result: 'recorded' }] }));
    });
    expect((await caught(client(liar).auditEntries([one]))).code).toBe('bad-response');
  });

  it('parses Retry-After in seconds and as an HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 09:00:10 GMT', Date.UTC(2026, 10, 28, 9, 0, 0))).toBe(10_000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 08:00:00 GMT', Date.UTC(2026, 10, 28, 9, 0, 0))).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
