import { type PrintDocument } from './document';
import {
  type Align,
  concatBytes,
  cut,
  feedDots,
  initialize,
  qrCode,
  rasterImage,
  setAlign,
  setBold,
  setLineSpacing,
  setTextSize,
  textLine,
} from './escpos';
import { LINE_SPACING_DOTS } from './document';
import { type Bitmap, blankByteMargins, isRowBlank, sliceColumnsBytes, sliceRows } from './raster';

export interface EncodeOptions {
  /**
   * Rows per GS v 0 command. Small bands keep each command short, so a paper-out in the middle
   * of an image loses one band rather than leaving the printer waiting for a huge payload.
   */
  maxBandRows?: number;
}

export interface EncodedJob {
  bytes: Uint8Array;
  /**
   * The same bytes cut at command boundaries: a sender may pause or ask for status between two
   * segments, never inside one (a real-time request inside a command corrupts it).
   */
  segments: Uint8Array[];
}

/**
 * Raster bands: runs of blank rows become ESC J feeds, inked rows become GS v 0 bands of at most
 * `maxBandRows` rows. Where to cut bands is chosen to minimise bytes: each band is trimmed to its
 * own ink (see trimBand), so a short band over narrow rows can beat one tall band, but every band
 * costs an 8-byte header. A small dynamic programme over rows finds the cheapest cut.
 */
export function encodeRaster(bitmap: Bitmap, align: Align, maxBandRows = 128): Uint8Array[] {
  const n = bitmap.height;
  const bpr = bitmap.bytesPerRow;
  const blank: boolean[] = [];
  const left: number[] = [];
  const right: number[] = [];
  for (let y = 0; y < n; y++) {
    const m = blankByteMargins(sliceRows(bitmap, y, y + 1));
    blank.push(isRowBlank(bitmap, y));
    left.push(m.left);
    right.push(m.right);
  }
  const widthOf = (l: number, r: number) => (align === 'left' ? bpr - r : align === 'right' ? bpr - l : bpr - 2 * Math.min(l, r));

  // best[j]: fewest bytes for rows [0, j); from[j]: where the last band or feed started.
  const best = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  let runStart = 0;
  for (let j = 1; j <= n; j++) {
    if (blank[j - 1]) {
      if (j === 1 || !blank[j - 2]) runStart = j - 1;
      // Feeds only span whole blank runs: bands never start or end on a blank row.
      if (j === n || !blank[j]) {
        const cost = best[runStart]! + 3 * Math.ceil((j - runStart) / 255);
        if (cost < best[j]!) {
          best[j] = cost;
          from[j] = runStart;
        }
      }
      continue;
    }
    let l = bpr;
    let r = bpr;
    for (let i = j - 1; i >= Math.max(0, j - maxBandRows); i--) {
      if (!blank[i]) {
        l = Math.min(l, left[i]!);
        r = Math.min(r, right[i]!);
      }
      if (blank[i] || best[i] === Infinity) continue;
      const cost = best[i]! + 8 + (j - i) * Math.max(1, widthOf(l, r));
      if (cost < best[j]!) {
        best[j] = cost;
        from[j] = i;
      }
    }
  }

  const out: Uint8Array[] = [];
  for (let j = n; j > 0; j = from[j]!) {
    const i = from[j]!;
    out.push(blank[i] ? feedDots(j - i) : rasterImage(trimBand(sliceRows(bitmap, i, j), align)));
  }
  return out.reverse();
}

/**
 * Drops whole blank bytes at the sides without moving the ink on paper: a left-aligned image
 * keeps its left edge (trim right), a right-aligned one its right edge (trim left), a centred
 * one its centre (trim the same from both sides).
 */
function trimBand(band: Bitmap, align: Align): Bitmap {
  const { left, right } = blankByteMargins(band);
  let from = 0;
  let to = band.bytesPerRow;
  if (align === 'left') to -= right;
  else if (align === 'right') from += left;
  else {
    const both = Math.min(left, right);
    from += both;
    to -= both;
  }
  if (from === 0 && to === band.bytesPerRow) return band;
  return sliceColumnsBytes(band, from, Math.max(1, to - from));
}

export function encodeDocument(doc: PrintDocument, options: EncodeOptions = {}): EncodedJob {
  const maxBandRows = options.maxBandRows ?? 128;
  const segments: Uint8Array[] = [concatBytes([initialize(), setLineSpacing(LINE_SPACING_DOTS)])];
  // Track modes so each is sent only when it changes.
  let align: Align = 'left';
  let bold = false;
  let size = '1x1';
  const withAlign = (a: Align | undefined): Uint8Array[] => {
    const want = a ?? 'left';
    if (want === align) return [];
    align = want;
    return [setAlign(want)];
  };
  for (const op of doc.ops) {
    switch (op.op) {
      case 'text': {
        const parts = withAlign(op.align);
        if (Boolean(op.bold) !== bold) {
          bold = Boolean(op.bold);
          parts.push(setBold(bold));
        }
        const wantSize = `${op.width ?? 1}x${op.height ?? 1}`;
        if (wantSize !== size) {
          size = wantSize;
          parts.push(setTextSize(op.width ?? 1, op.height ?? 1));
        }
        parts.push(textLine(op.text));
        segments.push(concatBytes(parts));
        break;
      }
      case 'raster': {
        const a = withAlign(op.align);
        if (a.length) segments.push(concatBytes(a));
        segments.push(...encodeRaster(op.bitmap, op.align ?? 'left', maxBandRows));
        break;
      }
      case 'qr':
        segments.push(concatBytes([...withAlign(op.align), qrCode(op.data, op.moduleSize, op.ec ?? 'M')]));
        break;
      case 'feed':
        if (op.dots > 0) segments.push(feedDots(op.dots));
        break;
      case 'cut':
        segments.push(cut(op.mode ?? 'partial', 0));
        break;
    }
  }
  const merged = mergeFeeds(segments);
  return { bytes: concatBytes(merged), segments: merged };
}

/**
 * Adjacent ESC J feeds (end of one raster, explicit gap, start of the next) become one. An
 * alignment change between them is moved after the feed: feeding does not depend on alignment.
 */
function mergeFeeds(segments: Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pending = 0;
  let deferred: Uint8Array[] = [];
  for (const s of segments) {
    const dots = feedAmount(s);
    if (dots !== undefined) {
      pending += dots;
      continue;
    }
    if (pending > 0 && isAlignOnly(s)) {
      deferred.push(s);
      continue;
    }
    if (pending > 0) out.push(feedDots(pending));
    out.push(...deferred, s);
    pending = 0;
    deferred = [];
  }
  if (pending > 0) out.push(feedDots(pending));
  out.push(...deferred);
  return out;
}

/** The dots fed if `s` is nothing but ESC J commands, else undefined. */
function feedAmount(s: Uint8Array): number | undefined {
  if (s.length === 0 || s.length % 3 !== 0) return undefined;
  let dots = 0;
  for (let i = 0; i < s.length; i += 3) {
    if (s[i] !== 0x1b || s[i + 1] !== 0x4a) return undefined;
    dots += s[i + 2] ?? 0;
  }
  return dots;
}

const isAlignOnly = (s: Uint8Array): boolean => s.length === 3 && s[0] === 0x1b && s[1] === 0x61;
