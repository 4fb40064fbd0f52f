import { z } from 'zod';

/**
 * The data a receipt prints, and nothing about how: layout lives in the renderer so that the
 * same record can be re-printed, shown on screen or archived. Amounts are integer cents so that
 * no float ever reaches a total.
 */
const nonEmpty = z.string().trim().min(1);
const cents = z.number().int().nonnegative();

const receiptLineSchema = z.object({
  labelAr: nonEmpty,
  labelEn: nonEmpty,
  amountCents: cents,
});

/** Terminal data: an empty string from a terminal means "not given", not an error. */
const terminalField = z.string().trim().max(64).optional();

/**
 * Only the last four digits of a card number may be printed. A caller that passes more is
 * masked here rather than refused: the shopper has paid and must get a receipt, and a refusal
 * would only move the problem elsewhere.
 */
export function maskPan(pan: string): string {
  const digits = pan.replace(/[^0-9]/g, '');
  const len = pan.replace(/[^0-9*Xx]/g, '').length || digits.length;
  return '*'.repeat(Math.max(0, len - Math.min(4, digits.length))) + digits.slice(-4);
}

/**
 * An ID number shows at most its first 3 and last 2 digits (the kiosk's masking rule); anything
 * showing more is re-masked to that, keeping its length.
 */
export function maskIdNumber(id: string): string {
  const clear = (id.match(/\d/g) ?? []).length;
  if (id.includes('*') && clear <= 5) return id;
  if (id.length <= 5) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 5)}${id.slice(-2)}`;
}

const receiptPaymentSchema = z.object({
  cardType: terminalField,
  panMasked: z.string().trim().max(40).transform(maskPan).optional(),
  authCode: terminalField,
  trace: terminalField,
  receiptNo: terminalField,
  terminalId: terminalField,
  /** Lines the payment terminal asked to print, verbatim (merchant copy text, AID, ...). */
  terminalLines: z.array(z.string().max(200)).max(40).optional(),
});

export const receiptSchema = z
  .object({
    kind: z.literal('payment'),
    lang: z.enum(['ar', 'en']),
    ministry: z.object({ nameAr: nonEmpty, nameEn: nonEmpty }),
    title: z.object({ ar: nonEmpty, en: nonEmpty }),
    person: z.object({
      nameAr: nonEmpty.optional(),
      nameEn: nonEmpty.optional(),
      /** Never the full ID number: the receipt may be left behind at the kiosk. */
      idNumberMasked: z
        .string()
        .trim()
        .regex(/^[\d*]{4,20}$/, 'idNumberMasked: digits and * only')
        .transform(maskIdNumber),
    }),
    service: z.object({ titleAr: nonEmpty, titleEn: nonEmpty }),
    /** For whom, when it is someone the card holder sponsors: a name and a masked ID number. */
    beneficiary: z
      .object({
        nameAr: nonEmpty.optional(),
        nameEn: nonEmpty.optional(),
        idNumberMasked: z.string().trim().regex(/^[\d*]{4,20}$/, 'idNumberMasked: digits and * only').transform(maskIdNumber).optional(),
      })
      .optional(),
    /** The request's main answers, as the shopper reviewed them. */
    answers: z.array(z.object({ labelAr: nonEmpty.max(80), labelEn: nonEmpty.max(80), valueAr: nonEmpty.max(80), valueEn: nonEmpty.max(80) })).max(8).optional(),
    lines: z.array(receiptLineSchema).min(1).max(50),
    totalCents: cents,
    currency: z.literal('QAR'),
    payment: receiptPaymentSchema,
    localRef: nonEmpty.max(64),
    ministryRef: nonEmpty.max(64).optional(),
    issuedAt: z.iso.datetime({ offset: true }),
    footer: z.object({ ar: nonEmpty, en: nonEmpty }),
  })
  .refine((r) => r.lines.reduce((sum, l) => sum + l.amountCents, 0) === r.totalCents, {
    message: 'totalCents must equal the sum of the lines',
    path: ['totalCents'],
  });

/** What callers build (the input side: masking happens when it is parsed). */
export type Receipt = z.input<typeof receiptSchema>;
/** A validated receipt, as the layout sees it. */
export type ParsedReceipt = z.output<typeof receiptSchema>;
export type ReceiptLang = Receipt['lang'];
