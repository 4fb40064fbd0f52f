import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_QID, demoSponsoredPeople } from '../../../gateway';
import { caught, useGatewayHarness } from '../../support/gateway-harness';

const { sim, scripted, client } = useGatewayHarness();

const payment = (amountCents: number) => ({ amountCents, currency: 'QAR', reference: '000124', authCode: '654322' });
let seq = 0;
const submission = (payload: Record<string, unknown>, amountCents: number) => ({
  serviceId: 'pay-financial-claims',
  applicant: { idNumber: DEMO_QID },
  payload,
  payment: payment(amountCents),
  submittedAt: new Date().toISOString(),
  localRef: `K01-20261204-${String(++seq).padStart(6, '0')}`,
});

describe('GatewayClient.financialClaims', () => {
  it('answers the demo card’s claims and its family member’s ID card fee; a sponsored person without claims, or a stranger, owes nothing', async () => {
    const s = await sim();
    const c = client(s.url);
    const [employee, family] = demoSponsoredPeople(DEMO_QID);
    const own = await c.financialClaims(DEMO_QID);
    expect(own.map((x) => [x.kind, x.amountCents, x.payableAt.includes('kiosk')])).toEqual([
      ['ticket', 1000_00, false],
      ['fine', 50_00, true],
      ['fine', 100_00, true],
    ]);
    const [fee] = await c.financialClaims(DEMO_QID, family!.id);
    const tracked = await c.trackedRequests(DEMO_QID);
    const waiting = tracked.sponsored.find((p) => p.person.id === family!.id)!.requests.find((r) => r.ministryRef === fee!.ministryRef)!;
    expect(waiting.outstandingFee).toEqual({ amountCents: fee!.amountCents, serviceId: 'pay-financial-claims' });
    expect(await c.financialClaims(DEMO_QID, employee!.id)).toEqual([]);
    expect(await c.financialClaims('29012345678', family!.id)).toEqual([]);
  });

  it('the simulator takes exactly the outstanding kiosk-payable claims at their sum; the paid fee moves its request on', async () => {
    const s = await sim();
    const c = client(s.url);
    const family = demoSponsoredPeople(DEMO_QID)[1]!;
    const own = await c.financialClaims(DEMO_QID);
    const [ticket, licence, registration] = own as [(typeof own)[0], (typeof own)[0], (typeof own)[0]];
    const refused = async (payload: Record<string, unknown>, amount: number) => {
      const outcome = await c.submit(submission(payload, amount), randomUUID());
      return outcome.kind === 'rejected' ? outcome.code : outcome.kind;
    };
    expect(await refused({ claimIds: [ticket.id] }, ticket.amountCents)).toBe('claim-not-payable-at-kiosk');
    expect(await refused({ claimIds: ['FC-00000000'] }, 100)).toBe('unknown-claim');
    expect(await refused({ claimIds: [licence.id, licence.id] }, 2 * licence.amountCents)).toBe('invalid-payload');
    expect(await refused({ claimIds: [licence.id, registration.id] }, licence.amountCents)).toBe('amount-mismatch');
    // Someone else's claim, named as if it were the family member's.
    expect(await refused({ claimIds: [licence.id], beneficiaryId: family.id }, licence.amountCents)).toBe('unknown-claim');
    expect(await refused({ claimIds: [licence.id, registration.id] }, licence.amountCents + registration.amountCents)).toBe('delivered');
    expect(await refused({ claimIds: [licence.id] }, licence.amountCents)).toBe('claim-already-paid');
    expect((await c.financialClaims(DEMO_QID)).map((x) => x.id)).toEqual([ticket.id]);
    expect(s.claimsPaid(DEMO_QID)).toEqual([licence.id, registration.id]);

    const [fee] = await c.financialClaims(DEMO_QID, family.id);
    expect(await refused({ claimIds: [fee!.id], beneficiaryId: family.id }, fee!.amountCents)).toBe('delivered');
    expect(await c.financialClaims(DEMO_QID, family.id)).toEqual([]);
    const requests = (await c.trackedRequests(DEMO_QID)).sponsored.find((p) => p.person.id === family.id)!.requests;
    const card = requests.find((r) => r.ministryRef === fee!.ministryRef)!;
    expect(card.outstandingFee).toBeUndefined();
    expect(card.history.at(-1)!.status).toBe('in-review');
    // The kiosk's own submission is listed under the person it was for.
    expect(requests.some((r) => r.channel === 'kiosk' && r.serviceId === 'pay-financial-claims')).toBe(true);
  });

  it('a lying or failing gateway is a typed error naming the field, never the QID; down is unreachable', async () => {
    const claim = { id: 'FC-1', kind: 'fine', description: { ar: 'غرامة', en: 'Fine' }, department: { ar: 'الإدارة العامة للمرور', en: 'Traffic' }, amountCents: 5000, issuedOn: '2026-09-20', payableAt: ['kiosk'] };
    const answers = [
      { status: 200, body: '{"claims": ' },
      { status: 200, body: JSON.stringify({ claims: [{ ...claim, amountCents: -5 }] }) },
      { status: 200, body: JSON.stringify({ claims: [{ ...claim, payableAt: ['bank'] }] }) },
      { status: 200, body: JSON.stringify({ claims: [] }) },
      // A gateway without the endpoint: its 404 must not read as "nothing owed".
      { status: 404, body: JSON.stringify({ code: 'not-found', message: 'No such route.' }) },
      { status: 404, body: 'Not Found' },
      { status: 404, body: JSON.stringify({ code: 'no-claims', message: 'No outstanding financial claims are on record for this person.' }) },
      { status: 503, body: JSON.stringify({ code: 'unavailable', message: 'busy' }), headers: { 'retry-after': '4' } },
      { status: 400, body: JSON.stringify({ code: 'invalid-request', message: 'personId' }) },
      { status: 200, body: JSON.stringify({ claims: [claim] }) },
    ];
    const { url, seen } = await scripted(answers);
    const c = client(url);
    expect(await caught(c.financialClaims(DEMO_QID))).toMatchObject({ code: 'bad-response', details: { status: 200 } });
    expect((await caught(c.financialClaims(DEMO_QID))).message).toMatch(/claims\.0\.amountCents/);
    expect((await caught(c.financialClaims(DEMO_QID))).message).toMatch(/claims\.0\.payableAt\.0/);
    expect((await caught(c.financialClaims(DEMO_QID))).message).toMatch(/ at claims/);
    expect(await caught(c.financialClaims(DEMO_QID))).toMatchObject({ code: 'bad-response', details: { status: 404 } });
    expect(await caught(c.financialClaims(DEMO_QID))).toMatchObject({ code: 'bad-response', details: { status: 404 } });
    expect(await c.financialClaims(DEMO_QID, 'SP-1')).toEqual([]);
    expect(await caught(c.financialClaims(DEMO_QID))).toMatchObject({ code: 'unavailable', details: { status: 503, retryAfterMs: 4000 } });
    expect((await caught(c.financialClaims(DEMO_QID, 'SP-1'))).code).toBe('invalid-request');
    expect(await c.financialClaims(DEMO_QID)).toEqual([claim]);
    expect(seen[0]).toBe(`POST /v1/financial-claims/inquiry {"idNumber":"${DEMO_QID}"}`);
    expect(seen[6]).toBe(`POST /v1/financial-claims/inquiry {"idNumber":"${DEMO_QID}","personId":"SP-1"}`);
    const invalid = await caught(c.financialClaims('12345678901'));
    expect(invalid.code).toBe('invalid-input');
    expect(invalid.message).not.toContain('12345678901');
    expect(seen).toHaveLength(10);
    const s = await sim();
    s.setDown(true);
    const down = await caught(client(s.url).financialClaims(DEMO_QID));
    expect(down.code).toBe('unreachable');
    expect(down.message).not.toContain(DEMO_QID);
  });
});
