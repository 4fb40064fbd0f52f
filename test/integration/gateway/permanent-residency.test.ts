import { describe, expect, it } from 'vitest';
import { DEMO_QID } from '../../../gateway';
import { caught, useGatewayHarness } from '../../support/gateway-harness';

const { sim, rawServer, client } = useGatewayHarness();

describe('GatewayClient.permanentResidency', () => {
  it('answers a resident eligible or not yet (with why and from when); a Qatari citizen gets not-applicable', async () => {
    const c = client((await sim()).url);
    expect(await c.permanentResidency('28235600456')).toMatchObject({ status: 'eligible', reasons: [], requiredYears: 20 });
    const notYet = await c.permanentResidency('29035600123');
    expect(notYet).toMatchObject({ status: 'not-yet-eligible', reasons: ['residence-period'], requiredYears: 20 });
    expect(notYet!.eligibleFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await c.permanentResidency('27535600444')).toMatchObject({ status: 'not-yet-eligible', reasons: ['residence-permit-not-valid'] });
    expect(await c.permanentResidency(DEMO_QID)).toBeUndefined();
  });

  it('a lying or failing gateway is a typed error naming the field, never the QID; down is unreachable', async () => {
    const eligible = { status: 'eligible', reasons: [], residenceYears: 27, requiredYears: 20 };
    const notYet = { status: 'not-yet-eligible', reasons: ['residence-period'], residenceYears: 13, requiredYears: 20, eligibleFrom: '2033-08-12' };
    const answers = [
      { status: 200, body: '{"eligibility": ' },
      { status: 200, body: JSON.stringify({ eligibility: { ...eligible, requiredYears: 5 } }) },
      // Eligible with a reason against it, or not yet without one: off the contract's words.
      { status: 200, body: JSON.stringify({ eligibility: { ...eligible, reasons: ['residence-permit-not-valid'] } }) },
      { status: 200, body: JSON.stringify({ eligibility: { ...notYet, eligibleFrom: undefined } }) },
      // A gateway without the endpoint: its 404 must not read as "does not apply to you".
      { status: 404, body: JSON.stringify({ code: 'not-found', message: 'No such route.' }) },
      { status: 404, body: JSON.stringify({ code: 'not-applicable', message: 'Permanent residency does not apply to a Qatari citizen.' }) },
      { status: 503, body: JSON.stringify({ code: 'unavailable', message: 'busy' }), headers: { 'retry-after': '4' } },
      { status: 200, body: JSON.stringify({ eligibility: notYet }) },
    ];
    const seen: string[] = [];
    const url = await rawServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        const a = answers.shift()!;
        res.writeHead(a.status, { 'content-type': 'application/json', ...(a.headers ?? {}) });
        res.end(a.body);
      });
    });
    const c = client(url);
    const qid = '29035600123';
    expect(await caught(c.permanentResidency(qid))).toMatchObject({ code: 'bad-response', details: { status: 200 } });
    expect((await caught(c.permanentResidency(qid))).message).toMatch(/eligibility\.requiredYears/);
    expect((await caught(c.permanentResidency(qid))).message).toMatch(/eligibility\.reasons/);
    expect((await caught(c.permanentResidency(qid))).message).toMatch(/eligibility\.eligibleFrom/);
    expect(await caught(c.permanentResidency(qid))).toMatchObject({ code: 'bad-response', details: { status: 404 } });
    expect(await c.permanentResidency(qid)).toBeUndefined();
    expect(await caught(c.permanentResidency(qid))).toMatchObject({ code: 'unavailable', details: { status: 503, retryAfterMs: 4000 } });
    expect(await c.permanentResidency(qid)).toEqual(notYet);
    expect(seen[0]).toBe(`POST /v1/permanent-residency/eligibility {"idNumber":"${qid}"}`);
    const invalid = await caught(c.permanentResidency('12345678901'));
    expect(invalid.code).toBe('invalid-input');
    expect(invalid.message).not.toContain('12345678901');
    expect(seen).toHaveLength(8);
    const s = await sim();
    s.setDown(true);
    const down = await caught(client(s.url).permanentResidency(qid));
    expect(down.code).toBe('unreachable');
    expect(down.message).not.toContain(qid);
  });
});
