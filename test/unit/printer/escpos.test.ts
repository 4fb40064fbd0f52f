import { describe, expect, it } from 'vitest';
import { escpos, PrinterError } from '../../../drivers/printer';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

describe('ESC/POS command builders', () => {
  it('init, align, bold, size, line spacing', () => {
    expect(hex(escpos.initialize())).toBe('1b 40');
    expect(hex(escpos.setAlign('left'))).toBe('1b 61 00');
    expect(hex(escpos.setAlign('center'))).toBe('1b 61 01');
    expect(hex(escpos.setAlign('right'))).toBe('1b 61 02');
    expect(hex(escpos.setBold(true))).toBe('1b 45 01');
    expect(hex(escpos.setBold(false))).toBe('1b 45 00');
    expect(hex(escpos.setTextSize(1, 1))).toBe('1d 21 00');
    expect(hex(escpos.setTextSize(2, 2))).toBe('1d 21 11');
    expect(hex(escpos.setTextSize(1, 2))).toBe('1d 21 01');
    expect(hex(escpos.setTextSize(8, 8))).toBe('1d 21 77');
    expect(hex(escpos.setLineSpacing(30))).toBe('1b 33 1e');
  });

  it('text lines are ASCII followed by LF, and refuse other scripts', () => {
    expect(hex(escpos.textLine('Hi 1'))).toBe('48 69 20 31 0a');
    expect(hex(escpos.textLine(''))).toBe('0a');
    expect(() => escpos.textLine('مرحبا')).toThrow(PrinterError);
    expect(() => escpos.textLine('a\nb')).toThrow(/printable ASCII/);
    expect(escpos.isNativeText('Total 800.00 QAR')).toBe(true);
    expect(escpos.isNativeText('José')).toBe(false);
  });

  it('feeds: ESC d lines, ESC J dots split at 255', () => {
    expect(hex(escpos.feedLines(3))).toBe('1b 64 03');
    expect(hex(escpos.feedDots(0))).toBe('');
    expect(hex(escpos.feedDots(24))).toBe('1b 4a 18');
    expect(hex(escpos.feedDots(300))).toBe('1b 4a ff 1b 4a 2d');
    expect(hex(escpos.feedDots(510))).toBe('1b 4a ff 1b 4a ff');
  });

  it('GS v 0 raster: x in bytes, y in rows, little endian', () => {
    const data = Uint8Array.from([0x80, 0x01, 0xff, 0x00]);
    const bytes = escpos.rasterImage({ width: 16, height: 2, bytesPerRow: 2, data });
    expect(hex(bytes)).toBe('1d 76 30 00 02 00 02 00 80 01 ff 00');
    const wide = escpos.rasterImage({ width: 576, height: 300, bytesPerRow: 72, data: new Uint8Array(72 * 300) });
    expect(hex(wide.subarray(0, 8))).toBe('1d 76 30 00 48 00 2c 01');
    expect(wide.length).toBe(8 + 72 * 300);
    expect(() => escpos.rasterImage({ width: 8, height: 2, bytesPerRow: 1, data: new Uint8Array(1) })).toThrow(/length/);
  });

  it('QR: model 2, module size, EC level, store with UTF-8 byte length + 3, print', () => {
    expect(hex(escpos.qrModel2())).toBe('1d 28 6b 04 00 31 41 32 00');
    expect(hex(escpos.qrModuleSize(6))).toBe('1d 28 6b 03 00 31 43 06');
    expect(hex(escpos.qrErrorCorrection('L'))).toBe('1d 28 6b 03 00 31 45 30');
    expect(hex(escpos.qrErrorCorrection('M'))).toBe('1d 28 6b 03 00 31 45 31');
    expect(hex(escpos.qrErrorCorrection('H'))).toBe('1d 28 6b 03 00 31 45 33');
    expect(hex(escpos.qrStore('AB'))).toBe('1d 28 6b 05 00 31 50 30 41 42');
    // Two Arabic letters are 4 UTF-8 bytes: the length must count bytes, not characters.
    expect(hex(escpos.qrStore('قط'))).toBe('1d 28 6b 07 00 31 50 30 d9 82 d8 b7');
    expect(hex(escpos.qrPrint())).toBe('1d 28 6b 03 00 31 51 30');
    const long = escpos.qrStore('x'.repeat(300));
    expect(hex(long.subarray(0, 5))).toBe('1d 28 6b 2f 01'); // 303 = 0x012f
    expect(() => escpos.qrStore('')).toThrow(PrinterError);
    expect(() => escpos.qrModuleSize(17)).toThrow(/1\.\.16/);
    const all = escpos.qrCode('K-1', 6, 'M');
    expect(hex(all)).toBe(
      [
        '1d 28 6b 04 00 31 41 32 00',
        '1d 28 6b 03 00 31 43 06',
        '1d 28 6b 03 00 31 45 31',
        '1d 28 6b 06 00 31 50 30 4b 2d 31',
        '1d 28 6b 03 00 31 51 30',
      ].join(' '),
    );
  });

  it('cuts feed to the blade first (GS V 66 / 65), status requests are DLE EOT n', () => {
    expect(hex(escpos.cut())).toBe('1d 56 42 00');
    expect(hex(escpos.cut('partial', 10))).toBe('1d 56 42 0a');
    expect(hex(escpos.cut('full'))).toBe('1d 56 41 00');
    for (const n of [1, 2, 3, 4] as const) expect(hex(escpos.statusRequest(n))).toBe(`10 04 0${n}`);
  });

  it('rejects out-of-range parameters with a typed error', () => {
    const err = (() => {
      try {
        escpos.setTextSize(9, 1);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(PrinterError);
    expect((err as PrinterError).code).toBe('invalid-command');
    expect(() => escpos.feedLines(256)).toThrow(PrinterError);
    expect(() => escpos.feedDots(-1)).toThrow(PrinterError);
  });
});

describe('real-time command guard in raster data', () => {
  it('breaks DLE EOT / DLE ENQ / DLE DC4 sequences inside image bytes by clearing one dot', () => {
    const data = Uint8Array.from([0x10, 0x04, 0x01, 0x10, 0x05, 0x10, 0x14, 0x10, 0x10, 0xff, 0x10]);
    const bytes = escpos.rasterImage({ width: 88, height: 1, bytesPerRow: 11, data });
    expect(hex(bytes.subarray(8))).toBe('00 04 01 00 05 00 14 10 10 ff 10');
    expect(data[0]).toBe(0x10); // the caller's bitmap is not modified
    const plain = Uint8Array.from([0x10, 0x03, 0x04, 0x10]);
    expect(escpos.guardRealtime(plain)).toBe(0);
  });
});
