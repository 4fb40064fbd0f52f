import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { ensureReceiptFonts, FONT_FAMILY } from './fonts';
import { type Bitmap, packRgba } from './raster';

/**
 * Text the printer cannot print natively (Arabic, accented Latin) drawn with Skia, which shapes
 * and orders bidi text, then thresholded to dots. Each line becomes its own tight bitmap; the
 * printer aligns it (ESC a), so no blank margin is ever sent.
 */
export interface TextStyle {
  script: 'arabic' | 'latin';
  sizePx: number;
  bold?: boolean;
}

const THRESHOLD = 150;

let scratch: SKRSContext2D | undefined;
function measureCtx(): SKRSContext2D {
  ensureReceiptFonts();
  scratch ??= createCanvas(8, 8).getContext('2d');
  return scratch;
}

function cssFont(style: TextStyle): string {
  return `${style.bold ? 'bold ' : ''}${style.sizePx}px ${FONT_FAMILY[style.script]}`;
}

/** Arabic letters (incl. presentation forms) make a line right-to-left. */
function hasArabic(text: string): boolean {
  return /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/.test(text);
}

function measureText(text: string, style: TextStyle): number {
  const ctx = measureCtx();
  ctx.font = cssFont(style);
  ctx.direction = hasArabic(text) ? 'rtl' : 'ltr';
  return ctx.measureText(text).width;
}

/** Greedy word wrap; a single word wider than the line is left to overflow (then clipped). */
export function wrapText(text: string, style: TextStyle, maxWidth: number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let current = '';
  for (const w of words) {
    const candidate = current ? `${current} ${w}` : w;
    if (current && measureText(candidate, style) > maxWidth) {
      lines.push(current);
      current = w;
    } else current = candidate;
  }
  if (current) lines.push(current);
  return lines;
}

/** One line of text as a bitmap no wider than `maxWidth`, with the font's full line height. */
export function rasterizeLine(text: string, style: TextStyle, maxWidth: number): Bitmap {
  const ctx0 = measureCtx();
  ctx0.font = cssFont(style);
  const rtl = hasArabic(text);
  ctx0.direction = rtl ? 'rtl' : 'ltr';
  const m = ctx0.measureText(text);
  // The font's own box is very tall (room for stacked Arabic marks): use a pitch of 1.55 em and
  // grow it only if this line's ink actually reaches further.
  const ascent = Math.max(Math.ceil(style.sizePx * 1.05), Math.ceil(m.actualBoundingBoxAscent) + 1);
  const height = ascent + Math.max(Math.ceil(style.sizePx * 0.5), Math.ceil(m.actualBoundingBoxDescent) + 1);
  const width = Math.max(8, Math.min(maxWidth, Math.ceil(m.width) + 2));
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000000';
  ctx.font = cssFont(style);
  ctx.direction = rtl ? 'rtl' : 'ltr';
  ctx.textAlign = rtl ? 'right' : 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(text, rtl ? width - 1 : 1, ascent);
  return packRgba(ctx.getImageData(0, 0, width, height).data, width, height, THRESHOLD);
}
