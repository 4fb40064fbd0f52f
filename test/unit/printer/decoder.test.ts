import { describe, expect, it } from 'vitest';
import { createBitmap, type DecodedOp, encodeDocument, EscPosDecoder, escpos, setDot } from '../../../drivers/printer';

/**
 * Decoded ops without byte arrays, so fixtures read like a script. Text split across chunks
 * arrives as several text ops (a streaming decoder cannot wait for the line end): joined here.
 */
function simplify(ops: DecodedOp[]): unknown[] {
  const merged: DecodedOp[] = [];
  for (const op of ops) {
    const last = merged[merged.length - 1];
    if (op.op === 'text' && last?.op === 'text') merged[merged.length - 1] = { op: 'text', bytes: Buffer.concat([last.bytes, op.bytes]) };
    else merged.push(op);
  }
  return merged.map((op) => {
    if (op.op === 'text') return { op: 'text', text: Buffer.from(op.bytes).toString('latin1') };
    if (op.op === 'qrStore') return { op: 'qrStore', data: Buffer.from(op.data).toString('utf8') };
    if (op.op === 'raster') return { op: 'raster', w: op.bitmap.width, h: op.bitmap.height, data: [...op.bitmap.data] };
    return op;
  });
}

function decodeAll(bytes: Uint8Array, chunk = bytes.length): DecodedOp[] {
  const d = new EscPosDecoder();
  const ops: DecodedOp[] = [];
  for (let i = 0; i < bytes.length; i += chunk) ops.push(...d.push(bytes.subarray(i, i + chunk)));
  expect(d.pending).toBe(0);
  return ops;
}

describe('ESC/POS stream decoder', () => {
  const bitmap = createBitmap(16, 2);
  setDot(bitmap, 0, 0);
  setDot(bitmap, 15, 1);
  const job = encodeDocument({
    widthDots: 576,
    ops: [
      { op: 'text', text: 'TOTAL', bold: true, height: 2, align: 'center' },
      { op: 'raster', bitmap, align: 'right' },
      { op: 'feed', dots: 10 },
      { op: 'qr', data: 'K-0001', moduleSize: 6, ec: 'M', align: 'center' },
      { op: 'cut' },
    ],
  }).bytes;

  const expected = [
    { op: 'init' },
    { op: 'lineSpacing', dots: 30 },
    { op: 'align', align: 'center' },
    { op: 'bold', on: true },
    { op: 'size', width: 1, height: 2 },
    { op: 'text', text: 'TOTAL' },
    { op: 'lf' },
    { op: 'align', align: 'right' },
    { op: 'raster', w: 16, h: 2, data: [0x80, 0x00, 0x00, 0x01] },
    { op: 'feedDots', dots: 10 },
    { op: 'align', align: 'center' },
    { op: 'qrModel', model: 2 },
    { op: 'qrModuleSize', dots: 6 },
    { op: 'qrErrorCorrection', level: 'M' },
    { op: 'qrStore', data: 'K-0001' },
    { op: 'qrPrint' },
    { op: 'cut', mode: 'partial', feed: 0 },
  ];

  it('decodes everything the encoder emits', () => {
    expect(simplify(decodeAll(job))).toEqual(expected);
  });

  it('gives the same result however the stream is chunked (1 byte, 3 bytes, 7 bytes)', () => {
    for (const chunk of [1, 3, 7]) expect(simplify(decodeAll(job, chunk))).toEqual(expected);
  });

  it('decodes common text commands and real-time status requests', () => {
    const bytes = Uint8Array.from([
      0x1b, 0x40, 0x1b, 0x21, 0x30, 0x41, 0x0d, 0x0a, 0x1b, 0x64, 0x02, 0x10, 0x04, 0x01, 0x10, 0x04, 0x04,
      0x1b, 0x32, 0x1b, 0x61, 0x31, 0x1d, 0x56, 0x00, 0x1d, 0x56, 0x31, 0x1d, 0x56, 0x41, 0x05, 0x1b, 0x2d, 0x01,
    ]);
    expect(simplify(decodeAll(bytes))).toEqual([
      { op: 'init' },
      { op: 'size', width: 2, height: 2 },
      { op: 'text', text: 'A' },
      { op: 'lf' },
      { op: 'feedLines', lines: 2 },
      { op: 'status', n: 1 },
      { op: 'status', n: 4 },
      { op: 'lineSpacing', dots: null },
      { op: 'align', align: 'center' },
      { op: 'cut', mode: 'full', feed: null },
      { op: 'cut', mode: 'partial', feed: null },
      { op: 'cut', mode: 'full', feed: 5 },
      { op: 'underline', dots: 1 },
    ]);
  });

  it('skips unknown and unsupported commands with their full length, then carries on', () => {
    const bytes = Uint8Array.from([
      0x1b, 0x74, 0x10, // ESC t code page: known length, ignored
      0x1d, 0x28, 0x4c, 0x02, 0x00, 0x30, 0x32, // GS ( L print graphics: skipped by its length
      0x1b, 0x70, 0x00, 0x19, 0xfa, // drawer kick
      0x07, // BEL: unknown control byte
      0x1d, 0x6b, 0x49, 0x03, 0x7b, 0x42, 0x31, // CODE128 barcode (function B)
      0x42, 0x0a,
    ]);
    const ops = decodeAll(bytes);
    expect(ops.filter((o) => o.op === 'skipped').map((o) => (o as { length: number }).length)).toEqual([3, 7, 5, 1, 7]);
    expect(simplify(ops.filter((o) => o.op !== 'skipped'))).toEqual([{ op: 'text', text: 'B' }, { op: 'lf' }]);
  });

  it('never buffers an oversized command: its payload is discarded as it arrives', () => {
    const d = new EscPosDecoder({ maxCommandBytes: 100 });
    const header = Uint8Array.from([0x1d, 0x76, 0x30, 0x00, 0x48, 0x00, 0x64, 0x00]); // 72 x 100 = 7200 bytes
    const ops = d.push(header);
    expect(ops).toEqual([{ op: 'skipped', command: 'GS v 0 (too large)', length: 7208 }]);
    for (let i = 0; i < 7200; i += 1000) expect(d.push(new Uint8Array(Math.min(1000, 7200 - i)))).toEqual([]);
    expect(d.pending).toBe(0);
    expect(simplify(d.push(escpos.textLine('ok')))).toEqual([{ op: 'text', text: 'ok' }, { op: 'lf' }]);
  });

  it('waits for the rest of an incomplete command', () => {
    const d = new EscPosDecoder();
    const qr = escpos.qrStore('REF-1');
    expect(d.push(qr.subarray(0, 6))).toEqual([]);
    expect(d.pending).toBe(6);
    expect(simplify(d.push(qr.subarray(6)))).toEqual([{ op: 'qrStore', data: 'REF-1' }]);
  });
});
