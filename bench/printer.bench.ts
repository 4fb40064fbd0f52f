import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  concatBytes,
  cut,
  initialize,
  rasterImage,
} from '../drivers/printer/escpos';
import { encodeDocument } from '../drivers/printer/encode';
import { ensureReceiptFonts } from '../drivers/printer/fonts';
import { documentToBitmap } from '../drivers/printer/preview';
import { type Receipt } from '../drivers/printer/receipt';
import { renderReceipt } from '../drivers/printer/render';
import { SAMPLE_RECEIPT_PATH } from '../drivers/printer';
import { type Bench, percentile } from './types';

/**
 * The standard bilingual fines receipt at 576 dots: the kiosk's way (native text and QR, tight
 * Arabic raster bands) against the full-page raster baseline (the whole receipt drawn as one
 * image and sent as one GS v 0, as common receipt libraries do), in the same run.
 * Wire time is bytes x 10 bits / baud (8N1): the serial line, not the print head, is the limit.
 */
const RUNS = 30;

function time(fn: () => void): number[] {
  fn(); // warm up: fonts, JIT
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return samples;
}

const wireMs = (bytes: number, baud: number) => (bytes * 10 * 1000) / baud;

const bench: Bench = {
  name: 'printer',
  async run() {
    ensureReceiptFonts();
    const sample = JSON.parse(readFileSync(SAMPLE_RECEIPT_PATH, 'utf8')) as Receipt;
    const kiosk = (r: Receipt) => encodeDocument(renderReceipt(r, { widthDots: 576 })).bytes;
    // Baseline: the same page as one image. The page is taken from our own renderer so both
    // print the same dots; its cost is rendering plus packing the whole page as one raster.
    const fullPage = (r: Receipt) => {
      const page = documentToBitmap(renderReceipt(r, { widthDots: 576 }));
      return concatBytes([initialize(), rasterImage(page), cut('partial', 0)]);
    };
    const ar = { ...sample, lang: 'ar' as const };
    const en = { ...sample, lang: 'en' as const };
    const kioskAr = kiosk(ar).length;
    const kioskEn = kiosk(en).length;
    const baseAr = fullPage(ar).length;
    const baseEn = fullPage(en).length;
    const kioskTimes = time(() => kiosk(ar));
    const baseTimes = time(() => fullPage(ar));
    return {
      title: 'Standard bilingual fines receipt, 80 mm (576 dots)',
      baseline: 'whole receipt as one raster image (GS v 0)',
      rows: [
        { metric: 'bytes on the wire (Arabic)', unit: 'B', value: kioskAr, baseline: baseAr, better: 'lower', goal: 12_000 },
        { metric: 'bytes on the wire (English)', unit: 'B', value: kioskEn, baseline: baseEn, better: 'lower', goal: 12_000 },
        { metric: 'render + encode p50', unit: 'ms', value: percentile(kioskTimes, 50), baseline: percentile(baseTimes, 50), better: 'lower', goal: 100 },
        { metric: 'render + encode p95', unit: 'ms', value: percentile(kioskTimes, 95), baseline: percentile(baseTimes, 95), better: 'lower', goal: 100 },
        { metric: 'wire time at 115200 baud', unit: 'ms', value: wireMs(kioskAr, 115_200), baseline: wireMs(baseAr, 115_200), better: 'lower' },
        { metric: 'wire time at 9600 baud', unit: 's', value: wireMs(kioskAr, 9600) / 1000, baseline: wireMs(baseAr, 9600) / 1000, better: 'lower' },
      ],
      notes: [
        `${RUNS} timed runs after one warm-up; the baseline's render includes drawing the page it sends.`,
        'Wire time assumes 8N1 (10 bits per byte) and no flow-control stalls.',
      ],
    };
  },
};

export default bench;
