import { describe, expect, it } from 'vitest';
import { DEMO_NO_VISA_SPONSOR_QID, DEMO_QID, demoSponsoredPeople } from '../../../gateway';
import { caught, useGatewayHarness } from '../../support/gateway-harness';

const { sim, scripted, client } = useGatewayHarness();

describe('GatewayClient.visa', () => {
  it('answers the demo card’s visitor’s family visit visa; an employee or a stranger has none', async () => {
    const s = await sim();
    const c = client(s.url);
    const [employee, , visitor] = demoSponsoredPeople(DEMO_QID);
    expect(await c.visa(DEMO_QID, visitor!.id)).toMatchObject({ type: 'family-visit', status: 'valid', validUntil: visitor!.documentValidUntil, passportMasked: visitor!.idNumberMasked });
    expect(await c.visa(DEMO_QID, employee!.id)).toBeUndefined();
    // Someone else's card asking for the same visitor gets the same "none".
    expect(await c.visa('29012345678', visitor!.id)).toBeUndefined();
    // A visitor the ministry lists for their sponsor with no visa on record: the documented 404.
    const [unrecorded] = demoSponsoredPeople(DEMO_NO_VISA_SPONSOR_QID);
    expect(unrecorded).toMatchObject({ relation: 'visitor' });
    expect(await c.visa(DEMO_NO_VISA_SPONSOR_QID, unrecorded!.id)).toBeUndefined();
  });

  it('a lying or failing gateway is a typed error naming the field, never the QID; down is unreachable', async () => {
    const visa = { visaNumber: '3120045817', type: 'family-visit', status: 'valid', validUntil: '2026-12-25', passportMasked: '••••••67' };
    const answers = [
      { status: 200, body: '{"visa": ' },
      { status: 200, body: JSON.stringify({ visa: { ...visa, passportMasked: '48213567' } }) },
      { status: 200, body: JSON.stringify({ visa: { ...visa, status: 'used' } }) },
      // A gateway without the endpoint: its 404 must not read as "this visitor has no visa".
      { status: 404, body: JSON.stringify({ code: 'not-found', message: 'No such route.' }) },
      { status: 404, body: JSON.stringify({ code: 'no-visa', message: 'No visa is on record for this person.' }) },
      { status: 503, body: JSON.stringify({ code: 'unavailable', message: 'busy' }), headers: { 'retry-after': '4' } },
      { status: 400, body: JSON.stringify({ code: 'invalid-request', message: 'personId' }) },
      { status: 200, body: JSON.stringify({ visa }) },
    ];
    const { url, seen } = await scripted(answers);
    const c = client(url);
    expect(await caught(c.visa(DEMO_QID, 'SP-1'))).toMatchObject({ code: 'bad-response', details: { status: 200 } });
    expect((await caught(c.visa(DEMO_QID, 'SP-1'))).message).toMatch(/visa\.passportMasked/);
    expect((await caught(c.visa(DEMO_QID, 'SP-1'))).message).toMatch(/visa\.status/);
    expect(await caught(c.visa(DEMO_QID, 'SP-1'))).toMatchObject({ code: 'bad-response', details: { status: 404 } });
    expect(await c.visa(DEMO_QID, 'SP-1')).toBeUndefined();
    expect(await caught(c.visa(DEMO_QID, 'SP-1'))).toMatchObject({ code: 'unavailable', details: { status: 503, retryAfterMs: 4000 } });
    expect((await caught(c.visa(DEMO_QID, 'SP-1'))).code).toBe('invalid-request');
    expect(await c.visa(DEMO_QID, 'SP-1')).toEqual(visa);
    expect(seen[0]).toBe(`POST /v1/visas/inquiry {"idNumber":"${DEMO_QID}","personId":"SP-1"}`);
    const invalid = await caught(c.visa('12345678901', 'SP-1'));
    expect(invalid.code).toBe('invalid-input');
    expect(invalid.message).not.toContain('12345678901');
    expect(seen).toHaveLength(8);
    const s = await sim();
    s.setDown(true);
    const down = await caught(client(s.url).visa(DEMO_QID, 'SP-1'));
    expect(down.code).toBe('unreachable');
    expect(down.message).not.toContain(DEMO_QID);
  });
});
