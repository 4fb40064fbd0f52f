import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receiptPdf } from '../../../drivers/printer/pdf';
import { compareImages } from '../../support/image-diff';
import { sample } from './helpers';

const run = promisify(execFile);
const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'receipts');

/**
 * The PDF copy rendered by poppler (pdftoppm, an independent PDF reader) against reviewed
 * reference images, and its fonts checked with pdffonts: every font embedded.
 */
describe('receipt PDF copy', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'receipt-pdf-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  for (const lang of ['ar', 'en'] as const) {
    it(`${lang}: poppler renders it like the reviewed reference, all fonts embedded`, async () => {
      const pdf = await receiptPdf({ ...sample(), lang });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const file = join(dir, `r-${lang}.pdf`);
      writeFileSync(file, pdf);
      const fonts = (await run('pdffonts', [file])).stdout.trim().split('\n').slice(2);
      expect(fonts.length).toBeGreaterThanOrEqual(4);
      for (const line of fonts) expect(line).toMatch(/ yes yes yes /); // embedded, subset, unicode map
      expect(fonts.join('\n')).toMatch(/NotoNaskhArabic/);
      await run('pdftoppm', ['-png', '-r', '100', '-singlefile', file, join(dir, 'page')]);
      const diff = compareImages(readFileSync(join(dir, 'page.png')), readFileSync(join(FIXTURES, `sample-${lang}-pdf.png`)), `sample-${lang}-pdf`);
      expect(diff.differing).toBeLessThanOrEqual(8);
    });
  }

  it('the same receipt gives the same bytes (a stored copy can be checked against a new one)', async () => {
    const a = await receiptPdf(sample());
    const b = await receiptPdf(sample());
    expect(a.equals(b)).toBe(true);
  });

  it('the 58 mm copy is narrower', async () => {
    const pdf = await receiptPdf(sample(), { paperMm: 58 });
    const file = join(dir, 'r58.pdf');
    writeFileSync(file, pdf);
    const info = (await run('pdfinfo', [file])).stdout;
    const m = /Page size:\s+([\d.]+) x/.exec(info);
    expect(Number(m?.[1])).toBeCloseTo((58 * 72) / 25.4, 0);
  });
});
