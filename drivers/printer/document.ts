import type { Align, QrErrorCorrection } from './escpos';
import type { Bitmap } from './raster';

/**
 * A print job as a list of blocks, between layout (which knows receipts) and the encoder (which
 * knows bytes). Latin text stays native (1 byte per character); anything the printer cannot shape
 * is a raster block; the QR stays native so the printer draws it sharp from a few dozen bytes.
 */
export type PrintOp =
  | { op: 'text'; text: string; align?: Align; bold?: boolean; width?: number; height?: number }
  | { op: 'raster'; bitmap: Bitmap; align?: Align }
  | { op: 'qr'; data: string; moduleSize: number; ec?: QrErrorCorrection; align?: Align }
  | { op: 'feed'; dots: number }
  | { op: 'cut'; mode?: 'partial' | 'full' };

export interface PrintDocument {
  /** Printable width the layout was made for: 576 (80 mm) or 384 (58 mm). */
  widthDots: number;
  ops: PrintOp[];
}

/** Printer character cell for Font A, the default after ESC @ (12x24 dots on 203 dpi models). */
export const FONT_A = { width: 12, height: 24 } as const;
/** Line spacing the encoder sets, so printer and simulator advance the same amount per line. */
export const LINE_SPACING_DOTS = 30;

export function columnsFor(widthDots: number): number {
  return Math.floor(widthDots / FONT_A.width);
}
