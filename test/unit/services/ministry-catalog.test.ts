import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../main/core/services/load';
import type { ServiceDefinition } from '../../../main/core/services/schema';

/**
 * The ministry's 44 services (the shared reference services.md, table "Services") against the
 * shipped catalog: every row is an entry, in a category its group allows, and priced exactly as
 * the reference prices it. `fee` is the reference's word: the amounts (in cents) it gives, free,
 * the amount of a live inquiry, or unknown (then the kiosk may only name it as served elsewhere).
 */
type Expected = 'none' | 'inquiry' | 'unknown' | number[];
const GROUPS = {
  RES: ['residency', 'certificates'],
  VIS: ['visas'],
  EXIT: ['companies', 'documents', 'traffic'],
  TRAF: ['traffic'],
  DL: ['licences'],
  ID: ['documents'],
  GEN: ['general', 'certificates'],
  CO: ['companies'],
} as const;
const REFERENCE: [row: number, id: string, group: keyof typeof GROUPS, fee: Expected][] = [
  [1, 'renew-residence-permit', 'RES', [50_000, 100_000, 2_000]],
  [2, 'residence-permit-inquiry', 'RES', 'none'],
  [3, 'replace-residence-card', 'RES', [20_000, 2_000]],
  [4, 'return-permit', 'RES', [20_000]],
  [5, 'first-residence-permit', 'RES', 'unknown'],
  [6, 'cancel-residence-permit', 'RES', 'unknown'],
  [7, 'update-passport-details', 'RES', 'unknown'],
  [8, 'reduce-residence-fine', 'RES', 'none'],
  [9, 'permanent-residency', 'RES', 'none'],
  [10, 'residency-certificates', 'RES', 'unknown'],
  [11, 'family-visit-visa', 'VIS', [20_000, 5_000]],
  [12, 'extend-visit-visa', 'VIS', [20_000, 5_000]],
  [13, 'visa-inquiry', 'VIS', 'none'],
  [14, 'business-visit-visa', 'VIS', [20_000]],
  [15, 'gcc-resident-visa', 'VIS', 'unknown'],
  [16, 'family-residence-visa', 'VIS', 'unknown'],
  [17, 'recruitment-visa', 'VIS', 'unknown'],
  [18, 'employer-exit-approval', 'EXIT', 'unknown'],
  [19, 'dependant-exit-permit', 'EXIT', 'unknown'],
  [20, 'vehicle-exit-permit', 'EXIT', [500, 2_500]],
  [21, 'traffic-violations-inquiry', 'TRAF', 'none'],
  [22, 'pay-traffic-fines', 'TRAF', 'inquiry'],
  [23, 'object-to-violation', 'TRAF', 'none'],
  [24, 'report-traffic-violation', 'TRAF', 'none'],
  [25, 'renew-vehicle-registration', 'TRAF', 'unknown'],
  [26, 'vehicle-ownership-transfer', 'TRAF', 'unknown'],
  [27, 'replace-vehicle-registration', 'TRAF', [10_000]],
  [28, 'replace-plates', 'TRAF', 'unknown'],
  [29, 'plate-auction', 'TRAF', [500_000]],
  [30, 'renew-driving-licence', 'DL', [25_000, 15_000, 2_000]],
  [31, 'replace-driving-licence', 'DL', [25_000]],
  [32, 'print-driving-licence', 'DL', 'unknown'],
  [33, 'qatari-passport', 'ID', [10_000, 40_000]],
  [34, 'citizen-id-card', 'ID', [10_000, 20_000]],
  [35, 'id-digital-certificate', 'ID', [25_000]],
  [36, 'citizen-documents', 'ID', [1_000, 50_000, 5_000]],
  [37, 'police-clearance-certificate', 'GEN', [1_000]],
  [38, 'national-address', 'GEN', 'none'],
  [39, 'report-lost-object', 'GEN', 'unknown'],
  [40, 'pay-financial-claims', 'GEN', 'inquiry'],
  [41, 'e-gate-activation', 'GEN', 'none'],
  [42, 'establishment-card', 'CO', 'unknown'],
  [43, 'absconding-report', 'CO', 'unknown'],
  [44, 'employee-travel-notice', 'CO', 'unknown'],
];

const catalog = parseCatalog(JSON.parse(readFileSync('config/services.json', 'utf8')));
const byId = new Map(catalog.services.map((s) => [s.id, s]));

/** Every amount a fee can come to, line by line, whatever the answers. */
function amounts(service: ServiceDefinition): number[] {
  if (service.fee.kind !== 'lines') return [];
  return service.fee.lines.flatMap(({ amount }) => {
    if ('byValueOf' in amount) return Object.values(amount.values).flatMap((v) => (typeof v === 'number' ? [v] : Object.values(v)));
    if ('byBeneficiary' in amount) return Object.values(amount.byBeneficiary);
    return [amount.cents];
  });
}

const ARABIC = /^[\u0600-\u06FF\u0660-\u0669\s0-9.,،:؛()/«»%٪\-–]+$/;

describe("the ministry's 44 services as catalog data", () => {
  it('has one entry per service of the reference and nothing else', () => {
    expect(REFERENCE.map(([row]) => row)).toEqual(Array.from({ length: 44 }, (_, i) => i + 1));
    expect([...byId.keys()].sort()).toEqual(REFERENCE.map(([, id]) => id).sort());
  });

  for (const [row, id, group, fee] of REFERENCE) {
    it(`#${row} ${id}: named in both languages, in its category, priced as the reference says`, () => {
      const s = byId.get(id)!;
      expect(s, id).toBeDefined();
      expect(GROUPS[group]).toContain(s.category);
      // Arabic names are Arabic script only (digits allowed); English ones start with a capital.
      expect(s.title.ar).toMatch(ARABIC);
      expect(s.description.ar).toMatch(ARABIC);
      expect(s.title.en).toMatch(/^[A-Z][\x20-\x7E]+$/);
      expect(s.description.en).toMatch(/^[A-Z0-9][\x20-\x7E]+$/);
      // تأشيرة, never سمة, for a visa (the kiosk's glossary).
      expect(JSON.stringify(s)).not.toMatch(/سمة/);
      for (const field of s.fields) {
        expect(field.label.ar).toMatch(ARABIC);
        expect(field.label.en).toMatch(/^[A-Z]/);
      }
      if (Array.isArray(fee)) {
        expect(s.fee.kind).toBe('lines');
        if (s.fee.kind !== 'lines') return;
        expect(s.fee.source).toContain(`services.md #${row} `);
        expect(s.fee.asOf).toMatch(/20\d\d/);
        for (const cents of fee) expect(amounts(s), `${cents} cents`).toContain(cents);
        for (const line of s.fee.lines) expect(line.label.ar).toMatch(ARABIC);
      } else {
        expect(s.fee.kind).toBe(fee);
        if (s.fee.kind === 'none') expect(s.fee.source).toContain(`services.md #${row} `);
      }
    });
  }

  it('offers at the kiosk only what has a known fee, each saying whether it needs the ministry live', () => {
    const here = catalog.services.filter((s) => s.offered === 'kiosk');
    for (const s of here) {
      expect(s.fee.kind, s.id).not.toBe('unknown');
      // The needs-gateway flag: a service that cannot be queued needs the ministry live; a live
      // inquiry always does.
      expect(typeof s.queueable).toBe('boolean');
      if (s.inquiry) expect(s.queueable, s.id).toBe(false);
    }
    expect(here.length).toBeGreaterThanOrEqual(23);
    // The visa inquiry (#13) is a live look-up a sponsor makes for a visitor, by the ministry's id for them.
    expect(here.find((s) => s.id === 'visa-inquiry')).toMatchObject({ inquiry: 'visa', beneficiaries: ['visitor'], queueable: false, fee: { kind: 'none' } });
    // Permanent residency (#9): the free eligibility inquiry, a resident's own; the application stays elsewhere.
    expect(here.find((s) => s.id === 'permanent-residency')).toMatchObject({ inquiry: 'permanent-residency', applicants: ['resident'], beneficiaries: ['self'], queueable: false, fee: { kind: 'none' } });
    // Hidden is for what the kiosk cannot serve yet and cannot even send elsewhere: nothing now.
    expect(catalog.services.filter((s) => s.offered === 'hidden').map((s) => s.id)).toEqual([]);
  });

  it('refuses a catalog offering at the kiosk a service whose fee is unknown', () => {
    const unpriced = { ...byId.get('police-clearance-certificate')!, fee: { kind: 'unknown' } };
    expect(() => parseCatalog({ version: 'x', services: [unpriced] })).toThrow(/needs a known fee/);
    expect(() => parseCatalog({ version: 'x', services: [{ ...unpriced, offered: 'elsewhere' }] })).not.toThrow();
  });
});
