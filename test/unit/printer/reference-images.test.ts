import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Receipt, renderReceiptPng, SAMPLE_RECEIPT_PATH } from '../../../drivers/printer';
import { compareImages } from '../../support/image-diff';

/**
 * The standard fines receipt, as the printer would print it, against reference PNGs that a
 * reader of Arabic reviewed (test/fixtures/receipts/). A layout change that is meant shows up
 * here: look at test/artifacts/receipts/*.diff.png, then replace the reference deliberately.
 */
const FIXTURES = join(process.cwd(), 'test', 'fixtures', 'receipts');
/**
 * Pixels allowed to differ: anti-aliasing noise from another Skia or font build, well below the
 * pixels that one changed character flips (3 -> 8 in the auth code: a few dozen).
 */
const MAX_DIFFERING = 8;
const sample = () => JSON.parse(readFileSync(SAMPLE_RECEIPT_PATH, 'utf8')) as Receipt;

describe('standard receipt PNG against reviewed references', () => {
  for (const lang of ['ar', 'en'] as const) {
    for (const width of [576, 384]) {
      it(`${lang}, ${width} dots`, () => {
        const png = renderReceiptPng({ ...sample(), lang }, { widthDots: width, timeZone: 'Asia/Qatar' });
        const diff = compareImages(png, readFileSync(join(FIXTURES, `sample-${lang}-${width}.png`)), `sample-${lang}-${width}`);
        expect(diff.differing).toBeLessThanOrEqual(MAX_DIFFERING);
      });
    }
  }

  it('the comparison notices a small real change: one character of the auth code', () => {
    const s = sample();
    const png = renderReceiptPng({ ...s, payment: { ...s.payment, authCode: 'A1B2C8' } }, { widthDots: 576, timeZone: 'Asia/Qatar' });
    const diff = compareImages(png, readFileSync(join(FIXTURES, 'sample-ar-576.png')), 'changed-on-purpose');
    console.log(`one changed character: ${diff.differing} pixels differ`);
    expect(diff.differing).toBeGreaterThan(MAX_DIFFERING);
  });
});
