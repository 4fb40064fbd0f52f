import { z } from 'zod';

/**
 * The data a receipt prints, and nothing about how: layout lives in the renderer so that the
 * same record can be re-printed, shown on screen or archived. Amounts are integer cents so that
 * no float ever reaches a total.
 */
const nonEmpty = z.string().trim().min(1);
const cents = z.number().int().nonnegative();

export const receiptLineSchema = z.object({
  labelAr: nonEmpty,
  labelEn: nonEmpty,
  amountCents: cents,
});

export const receiptPaymentSchema = z.object({
  cardType: nonEmpty.optional(),
  /** Only the masked form is ever accepted: at most the last four digits in clear. */
  panMasked: z
    .string()
    .regex(/^[*Xx\s\d]*\d{0,4}$/, 'panMasked must be masked (e.g. ****1234)')
    .refine((s) => (s.match(/\d/g) ?? []).length <= 4, 'panMasked must show at most 4 digits')
    .optional(),
  authCode: nonEmpty.optional(),
  trace: nonEmpty.optional(),
  receiptNo: nonEmpty.optional(),
  terminalId: nonEmpty.optional(),
  /** Lines the payment terminal asked to print, verbatim (merchant copy text, AID, ...). */
  terminalLines: z.array(z.string()).max(40).optional(),
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
      idNumberMasked: z.string().regex(/^[\d*]{4,20}$/, 'idNumberMasked: digits and * only').refine(
        (s) => s.includes('*'),
        'idNumberMasked must be masked',
      ),
    }),
    service: z.object({ titleAr: nonEmpty, titleEn: nonEmpty }),
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

export type Receipt = z.infer<typeof receiptSchema>;
export type ReceiptLine = z.infer<typeof receiptLineSchema>;
export type ReceiptPayment = z.infer<typeof receiptPaymentSchema>;
export type ReceiptLang = Receipt['lang'];
