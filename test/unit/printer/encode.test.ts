import { describe, expect, it } from 'vitest';
import { createBitmap, encodeDocument, setDot } from '../../../drivers/printer';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

describe('document encoder', () => {
  it('starts with ESC @ and a fixed line spacing, sends modes only when they change', () => {
    const { bytes } = encodeDocument({
      widthDots: 576,
      ops: [
        { op: 'text', text: 'A' },
        { op: 'text', text: 'B', bold: true, align: 'center' },
        { op: 'text', text: 'C', bold: true, align: 'center' },
        { op: 'text', text: 'D', width: 2, height: 2 },
      ],
    });
    expect(hex(bytes)).toBe(
      [
        '1b 40 1b 33 1e', // init, line spacing 30
        '41 0a', // A: left, normal: no mode bytes
        '1b 61 01 1b 45 01 42 0a', // B: centre + bold
        '43 0a', // C: same modes
        '1b 61 00 1b 45 00 1d 21 11 44 0a', // D: back to left, bold off, 2x2
      ].join(' '),
    );
  });

  it('merges neighbouring feeds, moving an alignment change past them', () => {
    const tall = createBitmap(8, 5);
    setDot(tall, 0, 1); // 1 blank row above, 3 below
    const { bytes, segments } = encodeDocument({
      widthDots: 576,
      ops: [
        { op: 'raster', bitmap: tall },
        { op: 'feed', dots: 10 },
        { op: 'raster', bitmap: tall, align: 'right' },
        { op: 'cut' },
      ],
    });
    expect(hex(bytes)).toBe(
      [
        '1b 40 1b 33 1e',
        '1b 4a 01',
        '1d 76 30 00 01 00 01 00 80',
        '1b 4a 0e', // 3 + 10 + 1 dots in one feed
        '1b 61 02',
        '1d 76 30 00 01 00 01 00 80',
        '1b 4a 03',
        '1d 56 42 00',
      ].join(' '),
    );
    // Segments are whole commands: joined they are the job, and none splits a command.
    expect(hex(Buffer.concat(segments))).toBe(hex(bytes));
    expect(segments.map((s) => s[0])).toEqual([0x1b, 0x1b, 0x1d, 0x1b, 0x1b, 0x1d, 0x1b, 0x1d]);
  });

  it('emits the QR natively with its alignment', () => {
    const { bytes } = encodeDocument({ widthDots: 576, ops: [{ op: 'qr', data: 'R1', moduleSize: 4, align: 'center' }] });
    expect(hex(bytes)).toBe(
      '1b 40 1b 33 1e 1b 61 01 1d 28 6b 04 00 31 41 32 00 1d 28 6b 03 00 31 43 04 1d 28 6b 03 00 31 45 31 1d 28 6b 05 00 31 50 30 52 31 1d 28 6b 03 00 31 51 30',
    );
  });
});
