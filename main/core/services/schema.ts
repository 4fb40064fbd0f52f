import { z } from 'zod';
import { ServiceCategory } from '../../contract';

/**
 * The service catalog is data (config/services.json, later delivered by signed configuration):
 * what a service is called, who may use it and for whom, what the shopper fills in, what it
 * costs and whether it can be queued while the ministry is unreachable. Adding one of the
 * ministry's ~40 services is a catalog entry, not code.
 */
const Text = z.object({ ar: z.string().min(1), en: z.string().min(1) }).strict();
const fieldId = z.string().regex(/^[a-z][a-zA-Z0-9]{0,31}$/);
const cents = z.number().int().nonnegative();

/** Who is using the kiosk, decided from the card (nationality), never chosen on screen. */
export const Applicant = z.enum(['citizen', 'resident']);
export type Applicant = z.infer<typeof Applicant>;

/** For whom the request is made; sponsored people come from the gateway, not from typing. */
export const Beneficiary = z.enum(['self', 'employee', 'family', 'visitor']);
export type Beneficiary = z.infer<typeof Beneficiary>;

const base = {
  id: fieldId,
  label: Text,
  hint: Text.optional(),
  required: z.boolean().default(true),
};

export const FieldDefinition = z.discriminatedUnion('kind', [
  z.object({ ...base, kind: z.literal('text'), script: z.enum(['any', 'arabic', 'latin']).default('any'), maxLength: z.number().int().min(1).max(200).default(60) }).strict(),
  z.object({ ...base, kind: z.literal('number'), min: z.number().int(), max: z.number().int() }).strict(),
  /** Qatar ID: 11 digits starting with 2 or 3. */
  z.object({ ...base, kind: z.literal('qid') }).strict(),
  /** Qatari mobile: 8 digits. */
  z.object({ ...base, kind: z.literal('phone') }).strict(),
  z.object({ ...base, kind: z.literal('email') }).strict(),
  /** Vehicle plate: up to six digits since 2011. */
  z.object({ ...base, kind: z.literal('plate') }).strict(),
  z.object({ ...base, kind: z.literal('select'), options: z.array(z.object({ value: fieldId, label: Text }).strict()).min(2).max(12) }).strict(),
]);
export type FieldDefinition = z.infer<typeof FieldDefinition>;

/** How much one fee line costs, possibly depending on what the shopper filled in. */
export const Amount = z.union([
  z.object({ cents }).strict(),
  /** Multiplied by a number field (e.g. months, dependants). */
  z.object({ perUnitOf: fieldId, cents }).strict(),
  /** Looked up by a select field's value (e.g. 1, 2 or 3 years), optionally per beneficiary. */
  z.object({ byValueOf: fieldId, values: z.record(fieldId, z.union([cents, z.record(z.string(), cents)])) }).strict(),
  /** Looked up by the beneficiary (e.g. family vs employee rates). */
  z.object({ byBeneficiary: z.record(Beneficiary, cents) }).strict(),
]);
export type Amount = z.infer<typeof Amount>;

export const FeeLine = z
  .object({
    label: Text,
    amount: Amount,
    /** The line applies only when a select field has this value (e.g. delivery = yes). */
    when: z.object({ field: fieldId, equals: fieldId }).strict().optional(),
  })
  .strict();
export type FeeLine = z.infer<typeof FeeLine>;

const Fee = z.discriminatedUnion('kind', [
  /** Free; `source` says who says so (a free service is as much a claim as a priced one). */
  z.object({ kind: z.literal('none'), source: z.string().min(1).optional() }).strict(),
  /** `source`: where the amounts come from; `asOf`: when that source gave them (fees change). */
  z.object({ kind: z.literal('lines'), lines: z.array(FeeLine).min(1).max(10), source: z.string().min(1), asOf: z.string().min(4).max(80).optional() }).strict(),
  /** The amount is whatever the shopper picks from a live inquiry (traffic fines). */
  z.object({ kind: z.literal('inquiry') }).strict(),
  /** No source gives the fee: such a service is only named as served elsewhere, never sold here. */
  z.object({ kind: z.literal('unknown') }).strict(),
]);

export const ServiceDefinition = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
    category: ServiceCategory,
    /**
     * Where it is served: at this kiosk; elsewhere (the menu lists it as offered on the ministry's
     * website, the Metrash app and at service centres, so a shopper learns where to go); or
     * hidden (nothing shown: e.g. an inquiry the gateway has no endpoint for yet).
     */
    offered: z.enum(['kiosk', 'elsewhere', 'hidden']).default('kiosk'),
    /** Rank among the ministry's most used services (1 is the most used): the menu offers these first. */
    featured: z.number().int().min(1).max(20).optional(),
    title: Text,
    description: Text,
    applicants: z.array(Applicant).min(1),
    beneficiaries: z.array(Beneficiary).min(1),
    fields: z.array(FieldDefinition).max(8),
    fee: Fee,
    /** May be accepted while the gateway is unreachable and delivered later. */
    queueable: z.boolean(),
    /** Whether an expired ID card may use it (renewals yes; permits and certificates no). */
    expiredCard: z.enum(['allowed', 'refused']).default('allowed'),
    /**
     * Whether a card that failed authentication (forged, tampered, unsigned) may use it. Default
     * refused: nothing that shows or changes personal data. Only a service that needs no one's
     * identity (paying a fine by plate number, say) should be allowed.
     */
    unverifiedCard: z.enum(['allowed', 'refused']).default('refused'),
    /** A live look-up comes first (fines inquiry); such a service always needs the network. */
    inquiry: z.enum(['traffic-fines', 'violations', 'residence-permit', 'visa', 'financial-claims', 'permanent-residency']).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const ids = new Set(s.fields.map((f) => f.id));
    if (ids.size !== s.fields.length) ctx.addIssue({ code: 'custom', message: 'field ids must be unique', path: ['fields'] });
    if (s.inquiry && s.queueable) ctx.addIssue({ code: 'custom', message: 'a service with a live inquiry cannot be queued', path: ['queueable'] });
    if (s.fee.kind === 'inquiry' && !s.inquiry) ctx.addIssue({ code: 'custom', message: 'an inquiry fee needs an inquiry', path: ['fee'] });
    if (s.fee.kind === 'unknown' && s.offered === 'kiosk') ctx.addIssue({ code: 'custom', message: 'a service offered at the kiosk needs a known fee', path: ['fee'] });
    if (s.fee.kind !== 'lines') return;
    for (const [i, line] of s.fee.lines.entries()) {
      const refs = [
        'perUnitOf' in line.amount ? line.amount.perUnitOf : undefined,
        'byValueOf' in line.amount ? line.amount.byValueOf : undefined,
        line.when?.field,
      ].filter((f): f is string => f !== undefined);
      // A field id is at most 32 characters; a longer reference is echoed cut, so a bad bundle cannot make its error any size.
      for (const ref of refs) if (!ids.has(ref)) ctx.addIssue({ code: 'custom', message: `fee line refers to unknown field ${ref.slice(0, 32)}`, path: ['fee', 'lines', i] });
    }
  });
export type ServiceDefinition = z.infer<typeof ServiceDefinition>;

export const Catalog = z
  .object({ version: z.string().min(1), services: z.array(ServiceDefinition).min(1).max(100) })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    for (const [i, s] of c.services.entries()) {
      if (seen.has(s.id)) ctx.addIssue({ code: 'custom', message: `duplicate service id ${s.id}`, path: ['services', i, 'id'] });
      seen.add(s.id);
    }
  });
export type Catalog = z.infer<typeof Catalog>;
