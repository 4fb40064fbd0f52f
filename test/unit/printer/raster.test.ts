import { describe, expect, it } from 'vitest';
import { blankByteMargins, createBitmap, encodeRaster, getDot, packRgba, setDot, sliceRows } from '../../../drivers/printer';

function rgbaFromRows(rows: string[]): { rgba: Uint8Array; width: number; height: number } {
  const width = rows[0]!.length;
  const rgba = new Uint8Array(width * rows.length * 4);
  rows.forEach((row, y) =>
    [...row].forEach((ch, x) => {
      const v = ch === '#' ? 0 : 255;
      rgba.set([v, v, v, 255], (y * width + x) * 4);
    }),
  );
  return { rgba, width, height: rows.length };
}

describe('1-bit raster', () => {
  it('packs MSB first: bit 7 is the left-most dot, 1 = black, right end padded with 0', () => {
    const { rgba, width, height } = rgbaFromRows(['#.........#', '.#.......##']);
    const b = packRgba(rgba, width, height);
    expect(b.bytesPerRow).toBe(2);
    expect([...b.data]).toEqual([0b1000_0000, 0b0010_0000, 0b0100_0000, 0b0110_0000]);
    expect(getDot(b, 0, 0)).toBe(true);
    expect(getDot(b, 1, 0)).toBe(false);
    expect(getDot(b, 10, 1)).toBe(true);
  });

  it('thresholds grey and composites transparency over white paper', () => {
    const rgba = Uint8Array.from([
      100, 100, 100, 255, // dark grey -> black
      200, 200, 200, 255, // light grey -> white
      0, 0, 0, 0, // transparent -> paper (white)
      0, 0, 0, 200, // mostly opaque black -> black
    ]);
    const b = packRgba(rgba, 4, 1);
    expect([getDot(b, 0, 0), getDot(b, 1, 0), getDot(b, 2, 0), getDot(b, 3, 0)]).toEqual([true, false, false, true]);
  });

  it('setDot/sliceRows/blankByteMargins', () => {
    const b = createBitmap(32, 4);
    setDot(b, 9, 1);
    setDot(b, 17, 2);
    expect([...b.data.subarray(4, 8)]).toEqual([0, 0x40, 0, 0]);
    expect(blankByteMargins(b)).toEqual({ left: 1, right: 1 });
    const s = sliceRows(b, 2, 3);
    expect(s.height).toBe(1);
    expect([...s.data]).toEqual([0, 0, 0x40, 0]);
    expect(blankByteMargins(createBitmap(16, 2))).toEqual({ left: 2, right: 0 });
  });
});

describe('raster banding', () => {
  const hex = (parts: Uint8Array[]) => parts.map((p) => Buffer.from(p).toString('hex')).join('|');

  it('turns blank rows into ESC J feeds instead of zero bytes', () => {
    const b = createBitmap(16, 6);
    setDot(b, 0, 2); // rows 0-1 blank, row 2 inked, rows 3-5 blank
    expect(hex(encodeRaster(b, 'left'))).toBe('1b4a02|1d7630000100010080|1b4a03');
  });

  it('trims blank side bytes in the direction that keeps the ink in place', () => {
    const b = createBitmap(32, 1);
    setDot(b, 12, 0); // byte 1 of 4
    expect(hex(encodeRaster(b, 'left'))).toBe('1d76300002000100' + '0008'); // keeps bytes 0..1
    expect(hex(encodeRaster(b, 'right'))).toBe('1d76300003000100' + '080000'); // keeps bytes 1..3
    expect(hex(encodeRaster(b, 'center'))).toBe('1d76300002000100' + '0800'); // drops one each side
  });

  it('never sends a band taller than the limit, and reproduces every dot', () => {
    const b = createBitmap(8, 300);
    for (let y = 0; y < 300; y++) setDot(b, y % 8, y);
    const parts = encodeRaster(b, 'left', 128);
    const rows = parts.map((p) => {
      expect(p[0]).toBe(0x1d);
      const y = p[6]! | (p[7]! << 8);
      expect(y).toBeLessThanOrEqual(128);
      return [...p.subarray(8)];
    });
    expect(rows.flat()).toEqual([...b.data]);
  });

  it('splits where a narrower band saves bytes', () => {
    // 20 rows of full-width ink, then 40 rows of one dot on the left: one band would send
    // 60 rows x 9 bytes; two bands send 20 x 9 + 40 x 1 plus a second header.
    const b = createBitmap(72, 60);
    for (let y = 0; y < 60; y++) {
      setDot(b, 0, y);
      if (y < 20) setDot(b, 71, y);
    }
    const parts = encodeRaster(b, 'left');
    expect(parts).toHaveLength(2);
    expect(parts.reduce((s, p) => s + p.length, 0)).toBe(8 + 20 * 9 + 8 + 40 * 1);
  });
});
