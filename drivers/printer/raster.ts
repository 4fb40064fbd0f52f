/**
 * A 1-bit image in the exact layout ESC/POS raster commands take: rows of `bytesPerRow` bytes,
 * bit 7 of each byte is the left-most dot, 1 = black, right end padded with 0 bits.
 */
export interface Bitmap {
  readonly width: number;
  readonly height: number;
  readonly bytesPerRow: number;
  readonly data: Uint8Array;
}

export function createBitmap(width: number, height: number): Bitmap {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`bitmap size must be whole non-negative dots, got ${width}x${height}`);
  }
  const bytesPerRow = Math.ceil(width / 8);
  return { width, height, bytesPerRow, data: new Uint8Array(bytesPerRow * height) };
}

export function getDot(b: Bitmap, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x >= b.width || y >= b.height) return false;
  return ((b.data[y * b.bytesPerRow + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
}

export function setDot(b: Bitmap, x: number, y: number, black = true): void {
  if (x < 0 || y < 0 || x >= b.width || y >= b.height) return;
  const i = y * b.bytesPerRow + (x >> 3);
  const mask = 0x80 >> (x & 7);
  b.data[i] = black ? (b.data[i] ?? 0) | mask : (b.data[i] ?? 0) & ~mask;
}

/**
 * Thresholds RGBA pixels (as drawn on a white or transparent canvas) to black dots. Alpha is
 * composited over white paper first, so anti-aliased glyph edges on a transparent canvas behave
 * like they would on an opaque one.
 */
export function packRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, threshold = 128): Bitmap {
  if (rgba.length < width * height * 4) throw new RangeError('rgba buffer is smaller than width*height*4');
  const b = createBitmap(width, height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const a = (rgba[p + 3] ?? 0) / 255;
      // ITU-R BT.601 luma, composited over white.
      const luma = 0.299 * (rgba[p] ?? 0) + 0.587 * (rgba[p + 1] ?? 0) + 0.114 * (rgba[p + 2] ?? 0);
      const onWhite = luma * a + 255 * (1 - a);
      if (onWhite < threshold) b.data[y * b.bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return b;
}

export function isRowBlank(b: Bitmap, y: number): boolean {
  const start = y * b.bytesPerRow;
  for (let i = start; i < start + b.bytesPerRow; i++) if (b.data[i] !== 0) return false;
  return true;
}

/** Rows [y0, y1) as a new bitmap sharing no memory with the source. */
export function sliceRows(b: Bitmap, y0: number, y1: number): Bitmap {
  const top = Math.max(0, y0);
  const bottom = Math.min(b.height, y1);
  const h = Math.max(0, bottom - top);
  return {
    width: b.width,
    height: h,
    bytesPerRow: b.bytesPerRow,
    data: b.data.slice(top * b.bytesPerRow, (top + h) * b.bytesPerRow),
  };
}

/** Whole bytes [firstByte, firstByte+count) of every row: a horizontal crop on byte boundaries. */
export function sliceColumnsBytes(b: Bitmap, firstByte: number, count: number): Bitmap {
  const out = createBitmap(count * 8, b.height);
  for (let y = 0; y < b.height; y++) {
    out.data.set(b.data.subarray(y * b.bytesPerRow + firstByte, y * b.bytesPerRow + firstByte + count), y * count);
  }
  return out;
}

/** How many whole blank bytes every row has on its left and on its right. */
export function blankByteMargins(b: Bitmap): { left: number; right: number } {
  let left = b.bytesPerRow;
  let right = b.bytesPerRow;
  for (let y = 0; y < b.height; y++) {
    const row = y * b.bytesPerRow;
    let l = 0;
    while (l < b.bytesPerRow && b.data[row + l] === 0) l++;
    if (l === b.bytesPerRow) continue;
    let r = 0;
    while (b.data[row + b.bytesPerRow - 1 - r] === 0) r++;
    left = Math.min(left, l);
    right = Math.min(right, r);
  }
  if (left === b.bytesPerRow) return { left: b.bytesPerRow, right: 0 };
  return { left, right };
}
