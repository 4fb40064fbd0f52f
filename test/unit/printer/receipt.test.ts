import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  documentToPng,
  encodeDocument,
  formatAmount,
  formatIssuedAt,
  maskIdNumber,
  maskPan,
  parseReceipt,
  PrinterError,
  type Receipt,
  renderReceipt,
  renderReceiptBitmap,
  SAMPLE_RECEIPT_PATH,
} from '../../../drivers/printer';
import { EscPosDecoder } from '../../../drivers/printer/sim/decoder';

const sample = (): Receipt => JSON.parse(readFileSync(SAMPLE_RECEIPT_PATH, 'utf8')) as Receipt;
const ARTIFACTS = join(process.cwd(), 'test', 'artifacts', 'receipts');

function errorOf(fn: () => unknown): PrinterError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PrinterError) return e;
    throw e;
  }
  throw new Error('expected a PrinterError');
}

describe('receipt model', () => {
  it('accepts the sample receipt', () => {
    expect(parseReceipt(sample()).totalCents).toBe(80000);
  });

  it('refuses a total that is not the sum of the lines', () => {
    const e = errorOf(() => parseReceipt({ ...sample(), totalCents: 79999 }));
    expect(e.code).toBe('invalid-receipt');
    expect(e.message).toMatch(/totalCents/);
  });

  it('masks card numbers and ID numbers given in clear instead of printing them', () => {
    const r = parseReceipt({ ...sample(), payment: { panMasked: '4111 1111 1111 1234' }, person: { idNumberMasked: '28412345512' } });
    expect(r.payment.panMasked).toBe('************1234');
    expect(r.person.idNumberMasked).toBe('284******12');
    expect(maskPan('************1234')).toBe('************1234');
    expect(maskPan('XXXX1234')).toBe('****1234');
    expect(maskIdNumber('284******12')).toBe('284******12');
    expect(maskIdNumber('284*****512')).toBe('284******12');
    expect(maskIdNumber('284***45512')).toBe('284******12'); // six digits in clear: too many
    const e = errorOf(() => parseReceipt({ ...sample(), person: { idNumberMasked: 'A1234' } }));
    expect(e.code).toBe('invalid-receipt');
    expect(e.message).toMatch(/idNumberMasked/);
    expect(e.message).not.toContain('A1234');
  });

  it('treats empty terminal fields as absent', () => {
    const doc = renderReceipt({ ...sample(), payment: { cardType: '', authCode: '', terminalLines: [''] } });
    const texts = doc.ops.filter((o) => o.op === 'text').map((o) => (o as { text: string }).text);
    expect(texts.some((t) => t.startsWith('Auth code'))).toBe(false);
    expect(texts.some((t) => t.startsWith('Card'))).toBe(false);
  });

  it('formats amounts with Western digits and dates in the shopper language', () => {
    expect(formatAmount(80000)).toBe('800.00');
    expect(formatAmount(123456705)).toBe('1,234,567.05');
    expect(formatAmount(5)).toBe('0.05');
    expect(formatIssuedAt('2026-11-28T11:05:00Z', 'en')).toBe('28 Nov 2026, 14:05');
    // «الساعة 14:05», as an Arabic document writes the time (not ICU's «في 14:05»).
    expect(formatIssuedAt('2026-11-28T11:05:00Z', 'ar')).toBe('28 نوفمبر 2026، الساعة 14:05');
  });
});

describe('for whom and what was asked', () => {
  const forEmployee = (): Receipt => ({
    ...sample(),
    beneficiary: { nameAr: 'راجيش كومار', nameEn: 'Rajesh Kumar', idNumberMasked: '35612345671' },
    answers: [{ labelAr: 'مدة التجديد', labelEn: 'Renewal period', valueAr: 'سنة واحدة', valueEn: '1 year' }],
  });

  it('prints the beneficiary with a masked ID number, and each answer in both languages', () => {
    const doc = renderReceipt(forEmployee());
    const texts = doc.ops.filter((o) => o.op === 'text').map((o) => (o as { text: string }).text);
    expect(texts).toContain('Beneficiary: Rajesh Kumar 356******71');
    expect(texts).toContain('Renewal period: 1 year');
    // Each of the two items has its Arabic line above (a raster: printers do not shape Arabic).
    const rasters = (d: typeof doc) => d.ops.filter((o) => o.op === 'raster').length;
    expect(rasters(doc) - rasters(renderReceipt(sample()))).toBe(2);
    expect(JSON.stringify(doc)).not.toContain('35612345671');
    // For the gallery: read the Arabic lines by eye (test/artifacts/receipts/beneficiary-ar.png).
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'beneficiary-ar.png'), documentToPng(doc));
  });

  it('leaves both out for a request of the card holder', () => {
    const texts = renderReceipt(sample()).ops.filter((o) => o.op === 'text').map((o) => (o as { text: string }).text);
    expect(texts.some((t) => t.startsWith('Beneficiary'))).toBe(false);
  });
});

describe('receipt rendering', () => {
  for (const lang of ['ar', 'en'] as const) {
    for (const widthDots of [576, 384]) {
      it(`${lang} at ${widthDots} dots: native QR, raster within paper, small on the wire`, () => {
        const doc = renderReceipt({ ...sample(), lang }, { widthDots });
        const qr = doc.ops.filter((o) => o.op === 'qr');
        expect(qr).toEqual([expect.objectContaining({ data: 'K-0001-20261128-000123', ec: 'M' })]);
        for (const op of doc.ops) {
          if (op.op === 'raster') expect(op.bitmap.width).toBeLessThanOrEqual(widthDots);
          if (op.op === 'text') expect(op.text.length * 12 * (op.width ?? 1)).toBeLessThanOrEqual(widthDots);
        }
        expect(doc.ops[doc.ops.length - 1]).toEqual({ op: 'cut', mode: 'partial' });

        const { bytes } = encodeDocument(doc);
        console.log(`receipt ${lang} ${widthDots} dots: ${bytes.length} bytes on the wire`);
        expect(bytes.length).toBeLessThanOrEqual(12_000);
        // The QR payload travels as a GS ( k store, not as dots.
        const ops = new EscPosDecoder().push(bytes);
        expect(ops.some((o) => o.op === 'qrStore')).toBe(true);
        expect(ops.filter((o) => o.op === 'skipped')).toEqual([]);

        const png = documentToPng(doc);
        expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
        mkdirSync(ARTIFACTS, { recursive: true });
        writeFileSync(join(ARTIFACTS, `sample-${lang}-${widthDots}.png`), png);
      });
    }
  }

  it('the shopper language changes the printed date, not the amounts', () => {
    const texts = (lang: 'ar' | 'en') =>
      renderReceipt({ ...sample(), lang })
        .ops.filter((o) => o.op === 'text')
        .map((o) => (o as { text: string }).text);
    expect(texts('en').some((t) => t.includes('28 Nov 2026, 14:05'))).toBe(true);
    expect(texts('ar').some((t) => t.includes('28/11/2026 14:05'))).toBe(true);
    for (const lang of ['ar', 'en'] as const) {
      expect(texts(lang).some((t) => /^TOTAL +800\.00 QAR$/.test(t))).toBe(true);
      expect(texts(lang).some((t) => /^Speeding violation +500\.00 QAR$/.test(t))).toBe(true);
    }
  });

  it('prints without optional data (no names, no payment details, a ministry reference)', () => {
    const r = sample();
    const doc = renderReceipt({ ...r, person: { idNumberMasked: r.person.idNumberMasked }, payment: {}, ministryRef: 'MOI-2026-778812' });
    expect(doc.ops.find((o) => o.op === 'qr')).toMatchObject({ data: 'MOI-2026-778812' });
    const texts = doc.ops.filter((o) => o.op === 'text').map((o) => (o as { text: string }).text);
    expect(texts.some((t) => t.startsWith('Name'))).toBe(false);
    expect(texts.some((t) => t.startsWith('Auth code'))).toBe(false);
  });
});

describe('whole-receipt bitmap', () => {
  it('is the printed page as packed dots, paper width wide, with ink in it', () => {
    const b = renderReceiptBitmap(sample(), { widthDots: 384 });
    expect(b.width).toBe(384);
    expect(b.bytesPerRow).toBe(48);
    expect(b.data.length).toBe(48 * b.height);
    expect(b.height).toBeGreaterThan(1000);
    const black = b.data.reduce((n, byte) => n + (byte.toString(2).match(/1/g)?.length ?? 0), 0);
    expect(black / (b.width * b.height)).toBeGreaterThan(0.02);
    expect(black / (b.width * b.height)).toBeLessThan(0.5);
  });
});
