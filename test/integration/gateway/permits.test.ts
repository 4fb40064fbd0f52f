import { describe, expect, it } from 'vitest';
import { DEMO_QID, demoSponsoredPeople } from '../../../gateway';
import { caught, useGatewayHarness } from '../../support/gateway-harness';

const { sim, scripted, client } = useGatewayHarness();

describe('GatewayClient.residencePermit', () => {
  it('answers the demo card’s employee’s permit; the card holder (a Qatari), a visitor and a stranger have none', async () => {
    const s = await sim();
    const c = client(s.url);
    const [employee, , visitor] = demoSponsoredPeople(DEMO_QID);
    expect(await c.residencePermit(DEMO_QID, employee!.id)).toEqual({ status: 'valid', validUntil: employee!.documentValidUntil, idNumberMasked: employee!.idNumberMasked });
    expect(await c.residencePermit(DEMO_QID)).toBeUndefined();
    expect(await c.residencePermit(DEMO_QID, visitor!.id)).toBeUndefined();
    // Someone else's card asking for the same employee gets the same "none".
    expect(await c.residencePermit('29012345678', employee!.id)).toBeUndefined();
  });

  it('only the documented 404 no-residence-permit means none: a bare 404 or another code is bad-response', async () => {
    const permit = { status: 'valid', validUntil: '2027-08-03', idNumberMasked: '356••••••71' };
    const { url, seen } = await scripted([
      // A gateway (or a proxy in front of it) without the route: its 404 must not read as "no permit".
      { status: 404, body: '', headers: { 'content-type': 'text/plain' } },
      { status: 404, body: 'Not Found', headers: { 'content-type': 'text/plain' } },
      { status: 404, body: JSON.stringify({ code: 'not-found', message: 'No such route.' }) },
      { status: 404, body: JSON.stringify({ message: 'No residence permit is on record for this person.' }) },
      { status: 404, body: JSON.stringify({ code: 'no-residence-permit', message: 'No residence permit is on record for this person.' }) },
      { status: 200, body: JSON.stringify({ permit: { ...permit, idNumberMasked: '35635600871' } }) },
      { status: 503, body: JSON.stringify({ code: 'unavailable', message: 'busy' }), headers: { 'retry-after': '4' } },
      { status: 200, body: JSON.stringify({ permit }) },
    ]);
    const c = client(url);
    for (let i = 0; i < 4; i++) {
      const err = await caught(c.residencePermit(DEMO_QID, 'SP-1'));
      expect(err).toMatchObject({ code: 'bad-response', details: { status: 404 } });
      expect(err.message).not.toContain(DEMO_QID);
    }
    expect(await c.residencePermit(DEMO_QID, 'SP-1')).toBeUndefined();
    expect((await caught(c.residencePermit(DEMO_QID, 'SP-1'))).message).toMatch(/permit\.idNumberMasked/);
    expect(await caught(c.residencePermit(DEMO_QID))).toMatchObject({ code: 'unavailable', details: { status: 503, retryAfterMs: 4000 } });
    expect(await c.residencePermit(DEMO_QID)).toEqual(permit);
    expect(seen[0]).toBe(`POST /v1/residence-permits/inquiry {"idNumber":"${DEMO_QID}","personId":"SP-1"}`);
    expect(seen.at(-1)).toBe(`POST /v1/residence-permits/inquiry {"idNumber":"${DEMO_QID}"}`);
    expect(seen).toHaveLength(8);
  });
});
