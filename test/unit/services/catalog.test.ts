import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeFees, totalOf } from '../../../main/core/services/fees';
import { validateField, validateForm } from '../../../main/core/services/fields';
import { CatalogError, parseCatalog } from '../../../main/core/services/load';
import type { ServiceDefinition } from '../../../main/core/services/schema';

const catalog = parseCatalog(JSON.parse(readFileSync('config/services.json', 'utf8')));
const service = (id: string): ServiceDefinition => {
  const found = catalog.services.find((s) => s.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

describe('shipped service catalog', () => {
  it('has a dozen real services, including an inquiry before payment, a free one and one for a sponsored person', () => {
    expect(catalog.services.length).toBeGreaterThanOrEqual(12);
    expect(service('pay-traffic-fines')).toMatchObject({ inquiry: 'traffic-fines', fee: { kind: 'inquiry' }, queueable: false });
    expect(catalog.services.some((s) => s.fee.kind === 'none' && s.inquiry)).toBe(true);
    expect(catalog.services.some((s) => s.beneficiaries.some((b) => b !== 'self'))).toBe(true);
    for (const s of catalog.services) {
      expect(s.title.ar).toMatch(/[\u0600-\u06FF]/);
      expect(s.title.en).toMatch(/^[A-Z]/);
    }
  });

  it('refuses a catalog with a duplicate id, a dangling fee reference or a queued inquiry', () => {
    const first = catalog.services[0]!;
    expect(() => parseCatalog({ version: 'x', services: [first, first] })).toThrow(CatalogError);
    const dangling = { ...service('police-clearance-certificate'), fee: { kind: 'lines', source: 's', lines: [{ label: { ar: 'ا', en: 'a' }, amount: { perUnitOf: 'nope', cents: 1 } }] } };
    expect(() => parseCatalog({ version: 'x', services: [dangling] })).toThrow(/unknown field nope/);
    expect(() => parseCatalog({ version: 'x', services: [{ ...first, queueable: true }] })).toThrow(/cannot be queued/);
    expect(() => parseCatalog({ version: 'x', services: [{ ...first, surprise: 1 }] })).toThrow(CatalogError);
  });
});

describe('fees computed by main', () => {
  it('prices a residence permit by length and beneficiary, with delivery only when chosen', () => {
    const rp = service('renew-residence-permit');
    expect(totalOf(computeFees(rp, 'family', { years: 'y1', delivery: 'pickup' }))).toBe(50_000);
    expect(totalOf(computeFees(rp, 'employee', { years: 'y3', delivery: 'post' }))).toBe(240_000 + 2_000);
    expect(computeFees(rp, 'self', { years: 'y2', delivery: 'post' }).map((f) => f.labelEn)).toEqual(['Residence permit renewal fee', 'Delivery fee']);
  });

  it('multiplies per-unit lines and drops zero lines', () => {
    const visa = service('family-visit-visa');
    expect(computeFees(visa, 'self', { dependants: '0' })).toEqual([{ labelAr: 'رسوم تأشيرة الزيارة', labelEn: 'Visit visa fee', amountCents: 20_000 }]);
    expect(totalOf(computeFees(visa, 'self', { dependants: '3' }))).toBe(35_000);
    expect(computeFees(service('national-address'), 'self', {})).toEqual([]);
  });
});

describe('field validation', () => {
  const nationalAddress = service('national-address');
  it('checks each kind the on-screen keyboard can produce', () => {
    const byId = Object.fromEntries(nationalAddress.fields.map((f) => [f.id, f]));
    expect(validateField(byId.zone!, '')).toBe('required');
    expect(validateField(byId.zone!, '120')).toBe('out-of-range');
    expect(validateField(byId.zone!, '5a')).toBe('not-a-number');
    expect(validateField(byId.mobile!, '55123456')).toBeUndefined();
    expect(validateField(byId.mobile!, '1234')).toBe('invalid-phone');
    expect(validateField(byId.email!, '')).toBeUndefined();
    expect(validateField(byId.email!, 'not-an-email')).toBe('invalid-email');
    const qid = { id: 'qid', kind: 'qid', required: true, label: { ar: 'الرقم الشخصي', en: 'ID number' } } as const;
    expect(validateField(qid, '28463400123')).toBeUndefined();
    expect(validateField(qid, '18463400123')).toBe('invalid-qid');
    const passport = service('family-visit-visa').fields[0]!;
    expect(validateField(passport, 'جواز')).toBe('wrong-script');
  });

  it('returns every error of a form at once', () => {
    expect(validateForm(nationalAddress.fields, { zone: '51', street: '340', building: '12', mobile: '55123456' })).toEqual({});
    expect(validateForm(nationalAddress.fields, { zone: '51' })).toEqual({ street: 'required', building: 'required', mobile: 'required' });
  });
});
