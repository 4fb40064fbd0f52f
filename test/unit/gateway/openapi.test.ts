import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type ZodType } from 'zod';
import {
  AUDIT_GENESIS_HASH,
  AuditEntriesReceipt,
  AuditEntriesRequest,
  AuditEntryRecord,
  AuditProblem,
  ConfigReportReceipt,
  ConfigReportRequest,
  DEMO_NO_VISA_SPONSOR_QID,
  DEMO_QID,
  demoFines,
  demoRequests,
  demoResidencePermit,
  demoSponsoredPeople,
  ErrorBody,
  FinesInquiryRequest,
  FinesInquiryResponse,
  HealthResponse,
  HeartbeatDocument,
  HeartbeatReceipt,
  HeartbeatRequest,
  IdempotencyProblem,
  RejectionCode,
  OutstandingFee,
  RequestsInquiryRequest,
  RequestsInquiryResponse,
  RequestVisit,
  ResidencePermit,
  ResidencePermitInquiryRequest,
  ResidencePermitInquiryResponse,
  SponsoredPerson,
  SponsoredRequests,
  SponsorshipsInquiryRequest,
  StatusChange,
  SponsorshipsInquiryResponse,
  SubmissionReceipt,
  SubmissionRequest,
  SubmissionStatus,
  TrackedRequest,
  demoVisa,
  demoClaims,
  FinancialClaim,
  FinancialClaimsInquiryRequest,
  FinancialClaimsInquiryResponse,
  PayFinancialClaimsPayload,
  Visa,
  VisaInquiryRequest,
  VisaInquiryResponse,
  demoPermanentResidency,
  ResidencyEligibility,
  ResidencyEligibilityRequest,
  ResidencyEligibilityResponse,
} from '../../../gateway';
import { auditEntryHash } from '../../../gateway/sim-audit';
import { GATEWAY_ROUTES } from '../../../main/gateway';
import { auditHash } from '../../../offline-cache/audit-log';
import { check, loadOpenApi, resolveRef, type Schema } from '../../support/openapi-doc';

const doc = loadOpenApi();

/** Each case, as JSON would carry it, is valid or not alike for the documented schema and its zod twin. */
function expectVerdicts(schemaName: string, zod: ZodType, cases: [name: string, value: unknown, valid: boolean][]): void {
  const schema = doc.components.schemas![schemaName]!;
  for (const [name, raw, valid] of cases) {
    const value = JSON.parse(JSON.stringify(raw)) as unknown;
    expect(check(doc, schema, value).length === 0, `${name} (openapi)`).toBe(valid);
    expect(zod.safeParse(value).success, `${name} (zod)`).toBe(valid);
  }
}

/** The zod twin of each documented schema. */
const ZOD: Record<string, ZodType> = {
  Health: HealthResponse,
  FinesInquiryRequest,
  FinesInquiryResponse,
  SponsorshipsInquiryRequest,
  SponsoredPerson,
  SponsorshipsInquiryResponse,
  ResidencePermitInquiryRequest,
  ResidencePermit,
  ResidencePermitInquiryResponse,
  VisaInquiryRequest,
  Visa,
  VisaInquiryResponse,
  ResidencyEligibilityRequest,
  ResidencyEligibility,
  ResidencyEligibilityResponse,
  FinancialClaimsInquiryRequest,
  FinancialClaim,
  FinancialClaimsInquiryResponse,
  RequestsInquiryRequest,
  StatusChange,
  OutstandingFee,
  RequestVisit,
  TrackedRequest,
  SponsoredRequests,
  RequestsInquiryResponse,
  SubmissionRequest,
  SubmissionReceipt,
  SubmissionStatus,
  Error: ErrorBody,
  IdempotencyProblem,
  HeartbeatDocument,
  HeartbeatRequest,
  HeartbeatReceipt,
  ConfigReportRequest,
  ConfigReportReceipt,
  AuditEntryRecord,
  AuditEntriesRequest,
  AuditEntriesReceipt,
  AuditProblem,
  Rejection: ErrorBody.extend({ code: RejectionCode }),
};

function schemaName(node: Schema | undefined): string | undefined {
  return typeof node?.$ref === 'string' ? node.$ref.split('/').pop() : undefined;
}

/** Every (schema, example) pair in the document: request bodies and responses. */
function examples(): { where: string; schema: Schema; value: unknown }[] {
  const out: { where: string; schema: Schema; value: unknown }[] = [];
  const collect = (where: string, content: unknown) => {
    const json = (content as Record<string, { schema: Schema; examples?: Record<string, { value: unknown }> }> | undefined)?.['application/json'];
    for (const [name, ex] of Object.entries(json?.examples ?? {})) out.push({ where: `${where} ${name}`, schema: json!.schema, value: ex.value });
  };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (op.requestBody) collect(`${method} ${path} request`, resolveRef(doc, op.requestBody).content);
      for (const [status, res] of Object.entries(op.responses)) collect(`${method} ${path} ${status}`, resolveRef(doc, res).content);
    }
  }
  return out;
}

describe('gateway/openapi.yaml', () => {
  it('is OpenAPI 3.1 with an operationId and a documented 503 on every operation', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect((op as Schema).operationId, `${method} ${path}`).toBeTypeOf('string');
        expect(op.responses['503'], `${method} ${path}`).toBeDefined();
      }
    }
  });

  it('uses only schema keywords the conformance checker understands, and every $ref resolves', () => {
    const problems: string[] = [];
    for (const [name, schema] of Object.entries(doc.components.schemas!)) {
      // An empty object passes every known keyword check, so only unknown keywords are reported.
      const walk = (node: Schema, at: string) => {
        resolveRef(doc, node);
        problems.push(...check(doc, { ...node, type: undefined } as Schema, undefined, at).filter((e) => e.includes('keyword')));
        for (const [k, v] of Object.entries((node.properties ?? {}) as Record<string, Schema>)) walk(v, `${at}.${k}`);
        if (node.items) walk(node.items as Schema, `${at}[]`);
      };
      walk(schema, name);
    }
    expect(problems).toEqual([]);
  });

  it('documents every path, method and status the client uses', () => {
    for (const [name, route] of Object.entries(GATEWAY_ROUTES)) {
      const op = doc.paths[route.path]?.[route.method];
      expect(op, `${name}: ${route.method} ${route.path}`).toBeDefined();
      for (const status of route.statuses) expect(op!.responses[String(status)], `${name}: ${status}`).toBeDefined();
    }
    const submit = doc.paths['/v1/submissions']!.post!;
    const key = (submit.parameters ?? []).map((p) => resolveRef(doc, p)).find((p) => p.name === 'Idempotency-Key');
    expect(key).toMatchObject({ in: 'header', required: true });
  });

  it('keeps personal ids out of URLs: the inquiry is a POST with the QID in the body', () => {
    expect(Object.keys(doc.paths).join(' ')).not.toMatch(/idNumber|qid/i);
    expect(doc.paths['/v1/traffic-fines/inquiry']?.post).toBeDefined();
    expect(doc.paths['/v1/sponsorships/inquiry']?.post).toBeDefined();
  });

  it('has examples that satisfy both its own schemas and the zod schemas', () => {
    const all = examples();
    expect(all.length).toBeGreaterThanOrEqual(10);
    for (const ex of all) {
      expect(check(doc, ex.schema, ex.value), ex.where).toEqual([]);
      const twin = ZOD[schemaName(ex.schema) ?? ''];
      if (twin) expect(twin.safeParse(ex.value).success, `${ex.where} vs zod`).toBe(true);
    }
  });

  it('describes a heartbeat whose document decodes to a HeartbeatDocument, and whose signature verifies', () => {
    const ex = examples().find((e) => e.where.startsWith('post /v1/kiosks/{kioskId}/heartbeat request'))!.value as { document: string; signature: string; publicKey: string };
    const bytes = Buffer.from(ex.document, 'base64url');
    const document: unknown = JSON.parse(bytes.toString('utf8'));
    expect(HeartbeatDocument.safeParse(document).success).toBe(true);
    expect(check(doc, { $ref: '#/components/schemas/HeartbeatDocument' }, document)).toEqual([]);
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: ex.publicKey }, format: 'jwk' });
    expect(verify(null, bytes, key, Buffer.from(ex.signature, 'base64url'))).toBe(true);
  });

  it('agrees with zod on values either side of each rule', () => {
    const base = examples().find((e) => e.where === 'post /v1/submissions request payFines')!.value as Record<string, unknown>;
    const cases: [string, unknown][] = [
      ['valid', base],
      ['QID starting with 1', { ...base, applicant: { idNumber: '18463400123' } }],
      ['QID of 10 digits', { ...base, applicant: { idNumber: '2846340012' } }],
      ['unknown field', { ...base, extra: 1 }],
      ['unmasked PAN', { ...base, payment: { ...(base.payment as object), panMasked: '4761730000000010' } }],
      ['fractional amount', { ...base, payment: { ...(base.payment as object), amountCents: 100.5 } }],
      ['lower-case currency', { ...base, payment: { ...(base.payment as object), currency: 'qar' } }],
      ['bad local ref', { ...base, localRef: 'K01-2026-1' }],
      ['no submittedAt', { ...base, submittedAt: undefined }],
      ['beneficiary', { ...base, beneficiary: { idNumber: '30011122233' } }],
    ];
    const schema = doc.components.schemas!.SubmissionRequest!;
    for (const [name, raw] of cases) {
      const value = JSON.parse(JSON.stringify(raw)) as unknown;
      expect(check(doc, schema, value).length === 0, name).toBe(SubmissionRequest.safeParse(value).success);
    }
  });

  it('agrees with zod on configuration reports either side of each rule', () => {
    const base = examples().find((e) => e.where === 'post /v1/kiosks/{kioskId}/config-reports request rolledBack')!.value as Record<string, unknown>;
    const cases: [string, unknown, boolean][] = [
      ['rolled back', base, true],
      ['refused, shipped config in force', { ...base, outcome: 'refused', inForce: 0, code: 'bundle-corrupt' }, true],
      ['unknown outcome', { ...base, outcome: 'ignored' }, false],
      ['version 0 (the shipped one is never refused)', { ...base, version: 0 }, false],
      ['capitals in the code', { ...base, code: 'Health' }, false],
      ['empty reason', { ...base, reason: '' }, false],
      ['reason of 501 characters', { ...base, reason: 'x'.repeat(501) }, false],
      ['a bare day as refusedAt', { ...base, refusedAt: '2026-11-28' }, false],
      ['unknown field', { ...base, kioskId: 'K01' }, false],
    ];
    expectVerdicts('ConfigReportRequest', ConfigReportRequest, cases);
  });

  it('agrees with zod on audit entries either side of each rule', () => {
    const visit = examples().find((e) => e.where === 'post /v1/kiosks/{kioskId}/audit-entries request visit')!.value as { entries: Record<string, unknown>[] };
    const entry = visit.entries[2]!;
    const batch = (n: number) => ({ entries: Array.from({ length: n }, () => entry) });
    expectVerdicts('AuditEntryRecord', AuditEntryRecord, [
      ['a self-test', entry, true],
      ['the kiosk itself', { ...entry, actor: 'kioskctl' }, true],
      ['an unmasked QID as actor', { ...entry, actor: '28463400123' }, false],
      ['six digits of a card id', { ...entry, actor: '284634••23' }, false],
      ['a line feed in the actor', { ...entry, actor: 'a\nb' }, false],
      ['seq 0', { ...entry, seq: 0 }, false],
      ['at as a date', { ...entry, at: '2026-11-28T09:20:40Z' }, false],
      ['capitals in the action', { ...entry, action: 'Enter' }, false],
      ['detail as an object', { ...entry, detail: { test: 'printer' } }, false],
      ['detail not an object', { ...entry, detail: '"passed"' }, false],
      ['detail of 2049 characters', { ...entry, detail: `{"a":"${'x'.repeat(2041)}"}` }, false],
      ['upper-case hex hash', { ...entry, hash: (entry.hash as string).toUpperCase() }, false],
      ['short prevHash', { ...entry, prevHash: 'ab' }, false],
      ['unknown field', { ...entry, name: 'x' }, false],
    ]);
    expectVerdicts('AuditEntriesRequest', AuditEntriesRequest, [
      ['one', batch(1), true],
      ['twenty', batch(20), true],
      ['none', batch(0), false],
      ['twenty-one', batch(21), false],
    ]);
  });

  it('documents a hash chain that the ministry formula and the kiosk audit log compute alike', () => {
    const visit = examples().find((e) => e.where === 'post /v1/kiosks/{kioskId}/audit-entries request visit')!.value as AuditEntriesRequest;
    let prev = AUDIT_GENESIS_HASH;
    for (const e of visit.entries) {
      expect(e.prevHash, `entry ${e.seq}`).toBe(prev);
      expect(auditEntryHash(e), `entry ${e.seq}`).toBe(e.hash);
      expect(auditHash(e.prevHash, e), `entry ${e.seq}`).toBe(e.hash);
      prev = e.hash;
    }
  });

  it('agrees with zod on sponsored people either side of each rule', () => {
    const example = examples().find((e) => e.where === 'post /v1/sponsorships/inquiry 200 threePeople')!.value as { people: Record<string, unknown>[] };
    const [employee, , visitor] = example.people as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    const cases: [string, unknown, boolean][] = [
      ['employee', employee, true],
      ['visitor', visitor, true],
      ['no documentValidUntil', { ...visitor, documentValidUntil: undefined }, true],
      ['unknown relation', { ...employee, relation: 'friend' }, false],
      ['empty surname', { ...employee, surname: '' }, false],
      ['no Arabic given names', { ...employee, givenNamesAr: undefined }, false],
      ['unmasked QID', { ...employee, idNumberMasked: '35635600871' }, false],
      ['letters in the masked number', { ...visitor, idNumberMasked: 'P•••••67' }, false],
      ['id with a slash', { ...employee, id: 'SP/1' }, false],
      ['id of 41 characters', { ...employee, id: 'A'.repeat(41) }, false],
      ['date-time as validity', { ...visitor, documentValidUntil: '2026-12-19T00:00:00Z' }, false],
    ];
    expectVerdicts('SponsoredPerson', SponsoredPerson, cases);
  });

  it('agrees with zod on residence-permit inquiries either side of each rule', () => {
    const own = examples().find((e) => e.where === 'post /v1/residence-permits/inquiry request own')!.value as Record<string, unknown>;
    const sponsored = examples().find((e) => e.where === 'post /v1/residence-permits/inquiry request sponsored')!.value as Record<string, unknown>;
    expectVerdicts('ResidencePermitInquiryRequest', ResidencePermitInquiryRequest, [
      ['own permit', own, true],
      ['a sponsored person', sponsored, true],
      ['QID starting with 1', { ...own, idNumber: '18463400123' }, false],
      ['personId with a slash', { ...sponsored, personId: 'SP/1' }, false],
      ['empty personId', { ...sponsored, personId: '' }, false],
      ['unknown field', { ...own, holder: 'x' }, false],
    ]);
    const permit = (examples().find((e) => e.where === 'post /v1/residence-permits/inquiry 200 valid')!.value as { permit: Record<string, unknown> }).permit;
    expectVerdicts('ResidencePermit', ResidencePermit, [
      ['valid', permit, true],
      ['cancelled', { ...permit, status: 'cancelled' }, true],
      ['unknown status', { ...permit, status: 'suspended' }, false],
      ['date-time as last day', { ...permit, validUntil: '2027-07-26T00:00:00Z' }, false],
      ['no last day', { ...permit, validUntil: undefined }, false],
      ['unmasked QID', { ...permit, idNumberMasked: '35635600871' }, false],
    ]);
  });

  it('describes the demo residence permits the simulator hands out', () => {
    const schema = doc.components.schemas!.ResidencePermitInquiryResponse!;
    const today = new Date(Date.UTC(2026, 11, 4));
    const [employee, family, visitor] = demoSponsoredPeople(DEMO_QID, today);
    // The demo card holder is Qatari: no permit of their own; their employee's ends when the sponsorships say.
    expect(demoResidencePermit(DEMO_QID, undefined, today)).toBeUndefined();
    expect(demoResidencePermit(DEMO_QID, employee!.id, today)).toEqual({ status: 'valid', validUntil: employee!.documentValidUntil, idNumberMasked: employee!.idNumberMasked });
    expect(demoResidencePermit(DEMO_QID, family!.id, today)).toBeUndefined();
    expect(demoResidencePermit(DEMO_QID, visitor!.id, today)).toBeUndefined();
    expect(demoResidencePermit(DEMO_QID, 'SP-NOT-MINE', today)).toBeUndefined();
    for (const qid of ['30011122233', '35635600871', '30099988877', '31212345678']) {
      const permit = demoResidencePermit(qid, undefined, today);
      expect(permit, qid).toBeDefined();
      expect(check(doc, schema, { permit }), qid).toEqual([]);
      expect(ResidencePermitInquiryResponse.safeParse({ permit }).success).toBe(true);
    }
  });

  it('agrees with zod on visa inquiries either side of each rule', () => {
    const sponsored = examples().find((e) => e.where === 'post /v1/visas/inquiry request sponsored')!.value as Record<string, unknown>;
    expectVerdicts('VisaInquiryRequest', VisaInquiryRequest, [
      ['a sponsored visitor', sponsored, true],
      ['no personId: a visa is always a sponsored visitor\'s', { idNumber: sponsored.idNumber }, false],
      ['QID of 12 digits', { ...sponsored, idNumber: '284634001230' }, false],
      ['personId with a space', { ...sponsored, personId: 'SP 1' }, false],
      ['passport number sent along', { ...sponsored, passport: '48213567' }, false],
    ]);
    const visa = (examples().find((e) => e.where === 'post /v1/visas/inquiry 200 valid')!.value as { visa: Record<string, unknown> }).visa;
    expectVerdicts('Visa', Visa, [
      ['valid family visit', visa, true],
      ['cancelled tourist', { ...visa, type: 'tourist', status: 'cancelled' }, true],
      ['unknown type', { ...visa, type: 'work' }, false],
      ['unknown status', { ...visa, status: 'used' }, false],
      ['letters in the visa number', { ...visa, visaNumber: 'V3120045817' }, false],
      ['visa number of 5 digits', { ...visa, visaNumber: '31200' }, false],
      ['date-time as last day', { ...visa, validUntil: '2026-12-25T00:00:00Z' }, false],
      ['passport unmasked', { ...visa, passportMasked: '48213567' }, false],
      ['no passport', { ...visa, passportMasked: undefined }, false],
    ]);
  });

  it('describes the demo visas the simulator hands out', () => {
    const schema = doc.components.schemas!.VisaInquiryResponse!;
    const today = new Date(Date.UTC(2026, 11, 4));
    const [employee, family, visitor] = demoSponsoredPeople(DEMO_QID, today);
    // The demo card's visitor is on a family visit visa that ends when the sponsorships say; the others hold permits.
    expect(demoVisa(DEMO_QID, visitor!.id, today)).toMatchObject({ type: 'family-visit', status: 'valid', validUntil: visitor!.documentValidUntil, passportMasked: visitor!.idNumberMasked });
    expect(demoVisa(DEMO_QID, employee!.id, today)).toBeUndefined();
    expect(demoVisa(DEMO_QID, family!.id, today)).toBeUndefined();
    expect(demoVisa(DEMO_QID, 'SP-NOT-MINE', today)).toBeUndefined();
    // A listed visitor whose visa the ministry has no record of: no last day, and the documented 404.
    const [unrecorded] = demoSponsoredPeople(DEMO_NO_VISA_SPONSOR_QID, today);
    expect(unrecorded).toMatchObject({ relation: 'visitor' });
    expect(unrecorded!.documentValidUntil).toBeUndefined();
    expect(demoVisa(DEMO_NO_VISA_SPONSOR_QID, unrecorded!.id, today)).toBeUndefined();
    let seen = 0;
    for (const qid of ['30011122233', '35635600871', '30099988877', '31212345678', '29912345670', '30512345671']) {
      for (const person of demoSponsoredPeople(qid, today).filter((p) => p.relation === 'visitor')) {
        const visa = demoVisa(qid, person.id, today);
        expect(check(doc, schema, { visa }), qid).toEqual([]);
        expect(VisaInquiryResponse.safeParse({ visa }).success).toBe(true);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  it('agrees with zod on permanent-residency eligibility inquiries either side of each rule', () => {
    const own = examples().find((e) => e.where === 'post /v1/permanent-residency/eligibility request own')!.value as Record<string, unknown>;
    expectVerdicts('ResidencyEligibilityRequest', ResidencyEligibilityRequest, [
      ['own', own, true],
      ['QID starting with 1', { idNumber: '18463400123' }, false],
      ['for someone sponsored: always the card holder\'s own', { ...own, personId: 'SP-1' }, false],
    ]);
    const notYet = (examples().find((e) => e.where === 'post /v1/permanent-residency/eligibility 200 notYet')!.value as { eligibility: Record<string, unknown> }).eligibility;
    expectVerdicts('ResidencyEligibility', ResidencyEligibility, [
      ['not yet, with the day', notYet, true],
      ['eligible, no reasons', { status: 'eligible', reasons: [], residenceYears: 27, requiredYears: 20 }, true],
      ['unknown status', { ...notYet, status: 'pending' }, false],
      ['unknown reason', { ...notYet, reasons: ['income'] }, false],
      ['three reasons', { ...notYet, reasons: ['residence-period', 'residence-permit-not-valid', 'residence-period'] }, false],
      ['years as text', { ...notYet, residenceYears: '13' }, false],
      ['fractional years', { ...notYet, residenceYears: 13.5 }, false],
      ['5 years required', { ...notYet, requiredYears: 5 }, false],
      ['date-time as the day', { ...notYet, eligibleFrom: '2033-08-12T00:00:00Z' }, false],
      ['no reasons field', { ...notYet, reasons: undefined }, false],
    ]);
  });

  it('describes the demo permanent-residency answers the simulator hands out', () => {
    const schema = doc.components.schemas!.ResidencyEligibilityResponse!;
    const today = new Date(Date.UTC(2026, 11, 4));
    // A Qatari (the demo card holder): permanent residency does not apply.
    expect(demoPermanentResidency(DEMO_QID, today)).toBeUndefined();
    expect(demoPermanentResidency('28235600456', today)).toMatchObject({ status: 'eligible', reasons: [] });
    expect(demoPermanentResidency('29035600123', today)).toMatchObject({ status: 'not-yet-eligible', reasons: ['residence-period'], requiredYears: 20 });
    // Whose own permit the permits inquiry gives as expired: not eligible now, whatever the years.
    expect(demoResidencePermit('27535600444', undefined, today)?.status).toBe('expired');
    expect(demoPermanentResidency('27535600444', today)).toMatchObject({ status: 'not-yet-eligible', reasons: ['residence-permit-not-valid'] });
    for (const qid of ['30011122233', '35635600871', '30099988877', '31212345678', '29912345670', '30512345671', '28235600456', '29035600123']) {
      const eligibility = demoPermanentResidency(qid, today)!;
      expect(check(doc, schema, { eligibility }), qid).toEqual([]);
      expect(ResidencyEligibilityResponse.safeParse({ eligibility }).success).toBe(true);
      // What the contract says in words: reasons exactly when not eligible, the day with residence-period.
      expect(eligibility.status === 'eligible', qid).toBe(eligibility.reasons.length === 0);
      expect(eligibility.reasons.includes('residence-period'), qid).toBe(eligibility.eligibleFrom !== undefined);
    }
  });

  it('agrees with zod on financial-claims inquiries either side of each rule', () => {
    const own = examples().find((e) => e.where === 'post /v1/financial-claims/inquiry request own')!.value as Record<string, unknown>;
    const sponsored = examples().find((e) => e.where === 'post /v1/financial-claims/inquiry request sponsored')!.value as Record<string, unknown>;
    expectVerdicts('FinancialClaimsInquiryRequest', FinancialClaimsInquiryRequest, [
      ['own claims', own, true],
      ['a sponsored person', sponsored, true],
      ['QID starting with 1', { ...own, idNumber: '18463400123' }, false],
      ['personId with a slash', { ...sponsored, personId: 'SP/1' }, false],
      ['unknown field', { ...own, kind: 'fine' }, false],
    ]);
    const claim = (examples().find((e) => e.where === 'post /v1/financial-claims/inquiry 200 requestFee')!.value as { claims: Record<string, unknown>[] }).claims[0]!;
    expectVerdicts('FinancialClaim', FinancialClaim, [
      ['a request fee', claim, true],
      ['no request reference', { ...claim, ministryRef: undefined }, true],
      ['a ticket paid only at a service centre', { ...claim, kind: 'ticket', payableAt: ['service-centre'] }, true],
      ['unknown kind', { ...claim, kind: 'tax' }, false],
      ['unknown place', { ...claim, payableAt: ['bank'] }, false],
      ['payable nowhere', { ...claim, payableAt: [] }, false],
      ['five places', { ...claim, payableAt: ['kiosk', 'website', 'app', 'service-centre', 'kiosk'] }, false],
      ['no department', { ...claim, department: undefined }, false],
      ['English only', { ...claim, description: { en: 'ID card renewal fee' } }, false],
      ['zero amount', { ...claim, amountCents: 0 }, false],
      ['fractional amount', { ...claim, amountCents: 100.5 }, false],
      ['lower-case id', { ...claim, id: 'fc-1' }, false],
      ['date-time as issue day', { ...claim, issuedOn: '2026-12-03T08:00:00Z' }, false],
    ]);
    expectVerdicts('FinancialClaimsInquiryResponse', FinancialClaimsInquiryResponse, [
      ['one claim', { claims: [claim] }, true],
      // Nothing owed is the 404 no-claims: a 200 always lists something.
      ['no claims', { claims: [] }, false],
    ]);
  });

  it('describes the demo claims the simulator hands out, the family member\'s ID card fee as "my requests" shows it', () => {
    const schema = doc.components.schemas!.FinancialClaimsInquiryResponse!;
    const today = new Date(Date.UTC(2026, 11, 4));
    const [employee, family, visitor] = demoSponsoredPeople(DEMO_QID, today);
    const own = demoClaims(DEMO_QID, undefined, today)!;
    expect(own.map((c) => [c.kind, c.amountCents, c.payableAt.includes('kiosk')])).toEqual([
      ['ticket', 1000_00, false],
      ['fine', 50_00, true],
      ['fine', 100_00, true],
    ]);
    const [fee] = demoClaims(DEMO_QID, family!.id, today)!;
    const waiting = demoRequests({ idNumber: DEMO_QID, now: today, unpaidFinesCents: 0 }).sponsored[1]!.requests.find((r) => r.outstandingFee?.serviceId === 'pay-financial-claims')!;
    expect(fee).toMatchObject({ kind: 'service-fee', amountCents: waiting.outstandingFee!.amountCents, ministryRef: waiting.ministryRef });
    expect(demoClaims(DEMO_QID, employee!.id, today)).toEqual([]);
    expect(demoClaims(DEMO_QID, visitor!.id, today)).toEqual([]);
    expect(demoClaims(DEMO_QID, 'SP-NOT-MINE', today)).toBeUndefined();
    // Once paid, the request goes on to review and waits for nothing.
    const paid = demoRequests({ idNumber: DEMO_QID, now: today, unpaidFinesCents: 0, feesPaidAt: new Map([[waiting.ministryRef, today.getTime()]]) }).sponsored[1]!.requests.find((r) => r.ministryRef === waiting.ministryRef)!;
    expect(paid.outstandingFee).toBeUndefined();
    expect(paid.history.at(-1)!.status).toBe('in-review');
    expect(check(doc, doc.components.schemas!.TrackedRequest!, paid)).toEqual([]);
    let seen = 0;
    for (const qid of [DEMO_QID, '30011122233', '35635600871', '30099988877', '31212345678', '29912345670', '30512345671']) {
      for (const personId of [undefined, ...demoSponsoredPeople(qid, today).map((p) => p.id)]) {
        const claims = demoClaims(qid, personId, today)!;
        if (claims.length === 0) continue;
        expect(check(doc, schema, { claims }), qid).toEqual([]);
        expect(FinancialClaimsInquiryResponse.safeParse({ claims }).success).toBe(true);
        seen++;
      }
    }
    expect(seen).toBeGreaterThan(3);
  });

  it('documents the claim payment the simulator checks', () => {
    const pay = examples().find((e) => e.where === 'post /v1/submissions request payClaims')!.value as { payload: unknown };
    expect(PayFinancialClaimsPayload.safeParse(pay.payload).success).toBe(true);
  });

  it('agrees with zod on tracked requests either side of each rule', () => {
    const tracked = examples().find((e) => e.where === 'post /v1/requests/inquiry 200 tracked')!.value as { own: Record<string, unknown>[]; sponsored: { person: unknown; requests: Record<string, unknown>[] }[] };
    const [web, kiosk] = tracked.own as [Record<string, unknown>, Record<string, unknown>];
    const visit = tracked.sponsored[0]!.requests[0]!;
    expectVerdicts('RequestsInquiryRequest', RequestsInquiryRequest, [
      ['the demo card', { idNumber: '28463400123' }, true],
      ['QID of 10 digits', { idNumber: '2846340012' }, false],
      ['unknown field', { idNumber: '28463400123', personId: 'SP-1' }, false],
    ]);
    expectVerdicts('TrackedRequest', TrackedRequest, [
      ['website with a fee', web, true],
      ['kiosk with its reference', kiosk, true],
      ['service centre with a visit', visit, true],
      ['unknown channel', { ...web, channel: 'fax' }, false],
      ['no history', { ...web, history: [] }, false],
      ['unknown status', { ...web, history: [{ status: 'lost', at: '2026-11-28T07:02:00Z' }] }, false],
      ['status time without zone', { ...web, history: [{ status: 'received', at: '2026-11-28T07:02:00' }] }, false],
      ['a note in one language', { ...web, history: [{ status: 'received', at: '2026-11-28T07:02:00Z', note: { en: 'x' } }] }, false],
      ['fee of zero', { ...web, outstandingFee: { amountCents: 0, serviceId: 'pay-traffic-fines' } }, false],
      ['fee in QAR with decimals', { ...web, outstandingFee: { amountCents: 800.5, serviceId: 'pay-traffic-fines' } }, false],
      ['fee without its service', { ...web, outstandingFee: { amountCents: 80000 } }, false],
      ['fee with a due day', { ...web, outstandingFee: { amountCents: 80000, serviceId: 'pay-traffic-fines', payBy: '2026-12-31' } }, true],
      ['visit nowhere known', { ...visit, visit: { where: 'embassy', reason: { ar: 'ا', en: 'a' } } }, false],
      ['visit without a reason', { ...visit, visit: { where: 'service-centre' } }, false],
      ['kiosk reference not a kiosk one', { ...kiosk, localRef: 'K01-2026-1' }, false],
      ['no title', { ...web, title: undefined }, false],
      ['empty ministry reference', { ...web, ministryRef: '' }, false],
    ]);
    expectVerdicts('RequestsInquiryResponse', RequestsInquiryResponse, [
      ['as documented', tracked, true],
      ['none', { own: [], sponsored: [] }, true],
      ['no sponsored list', { own: [] }, false],
      ['sponsored person without id', { own: [], sponsored: [{ person: { ...(tracked.sponsored[0]!.person as object), id: undefined }, requests: [] }] }, false],
      ['sponsored person unmasked', { own: [], sponsored: [{ person: { ...(tracked.sponsored[0]!.person as object), idNumberMasked: '35635600871' }, requests: [] }] }, false],
      ['51 own requests', { own: Array.from({ length: 51 }, () => web), sponsored: [] }, false],
    ]);
  });

  it('describes the demo requests the simulator hands out, the demo card\'s fines-bound renewal included', () => {
    const schema = doc.components.schemas!.RequestsInquiryResponse!;
    const now = new Date(Date.UTC(2026, 11, 4, 9));
    for (const qid of ['28463400123', '29012345678', '30011122233', '21234567890', '30099988877']) {
      const answer = demoRequests({ idNumber: qid, now, unpaidFinesCents: 80000 });
      expect(check(doc, schema, answer), qid).toEqual([]);
      expect(RequestsInquiryResponse.safeParse(answer).success, qid).toBe(true);
      for (const r of [...answer.own, ...answer.sponsored.flatMap((s) => s.requests)]) {
        expect(r.history.map((h) => h.at), `${qid} ${r.ministryRef}`).toEqual(r.history.map((h) => h.at).sort());
      }
    }
    const demo = demoRequests({ idNumber: DEMO_QID, now, unpaidFinesCents: 80000 });
    expect(demo.own[0]).toMatchObject({ channel: 'website', outstandingFee: { amountCents: 80000, serviceId: 'pay-traffic-fines' } });
    expect(demo.sponsored.map((s) => s.person)).toEqual(demoSponsoredPeople(DEMO_QID, now));
    expect(new Set(demo.own.map((r) => r.channel))).toEqual(new Set(['website', 'app', 'service-centre']));
    // Paid: the renewal goes to review and asks for nothing more.
    const paid = demoRequests({ idNumber: DEMO_QID, now, unpaidFinesCents: 0, finesPaidAt: now.getTime() - 60_000 }).own[0]!;
    expect(paid.outstandingFee).toBeUndefined();
    expect(paid.history.at(-1)).toEqual({ status: 'in-review', at: new Date(now.getTime() - 60_000).toISOString() });
  });

  it('describes the demo sponsored people the simulator hands out', () => {
    const schema = doc.components.schemas!.SponsorshipsInquiryResponse!;
    for (const qid of ['28463400123', DEMO_NO_VISA_SPONSOR_QID, '29012345678', '30011122233', '21234567890', '30099988877']) {
      expect(check(doc, schema, { people: demoSponsoredPeople(qid) }), qid).toEqual([]);
    }
  });

  it('describes the demo fines the simulator hands out', () => {
    const schema = doc.components.schemas!.FinesInquiryResponse!;
    for (const qid of ['28463400123', '29012345678', '30011122233', '21234567890', '30099988877']) {
      expect(check(doc, schema, { fines: demoFines(qid) }), qid).toEqual([]);
    }
  });
});
