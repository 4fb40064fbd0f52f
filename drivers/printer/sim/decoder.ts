import type { Align, QrErrorCorrection } from '../escpos';
import type { Bitmap } from '../raster';

/**
 * A streaming ESC/POS decoder: bytes in (in any chunking), operations out. It understands
 * everything our encoder emits plus the common text commands, and skips what it does not know
 * with a note instead of stalling: a real printer also ignores commands it lacks.
 */
export type DecodedOp =
  | { op: 'init' }
  | { op: 'align'; align: Align }
  | { op: 'bold'; on: boolean }
  | { op: 'underline'; dots: number }
  | { op: 'size'; width: number; height: number }
  | { op: 'lineSpacing'; dots: number | null }
  | { op: 'text'; bytes: Uint8Array }
  | { op: 'lf' }
  | { op: 'feedLines'; lines: number }
  | { op: 'feedDots'; dots: number }
  | { op: 'raster'; bitmap: Bitmap; scaleX: number; scaleY: number }
  | { op: 'qrModel'; model: number }
  | { op: 'qrModuleSize'; dots: number }
  | { op: 'qrErrorCorrection'; level: QrErrorCorrection }
  | { op: 'qrStore'; data: Uint8Array }
  | { op: 'qrPrint' }
  | { op: 'cut'; mode: 'full' | 'partial'; feed: number | null }
  | { op: 'status'; n: number }
  /** DLE ENQ n: 1 = recover and go on, 2 = recover and clear the receive and print buffers. */
  | { op: 'recover'; n: number }
  /** GS a n: Automatic Status Back enable mask (0 = off). */
  | { op: 'asb'; mask: number }
  | { op: 'skipped'; command: string; length: number };

export interface DecoderOptions {
  /** A command whose payload is bigger than this is skipped, never buffered. */
  maxCommandBytes?: number;
}

type Step = { op?: DecodedOp; length: number } | { skipAfterHeader: number; headerLength: number; command: string } | null;

const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
const ALIGNS: Align[] = ['left', 'center', 'right'];
const EC: Record<number, QrErrorCorrection> = { 0x30: 'L', 0x31: 'M', 0x32: 'Q', 0x33: 'H' };

export class EscPosDecoder {
  private buf = new Uint8Array(0);
  /** Payload bytes of an over-large command still to be thrown away as they arrive. */
  private skipping = 0;
  private readonly maxCommandBytes: number;

  constructor(options: DecoderOptions = {}) {
    this.maxCommandBytes = options.maxCommandBytes ?? 1 << 20;
  }

  /** Bytes waiting for the rest of a command. */
  get pending(): number {
    return this.buf.length;
  }

  push(chunk: Uint8Array): DecodedOp[] {
    let data = chunk;
    if (this.skipping > 0) {
      const n = Math.min(this.skipping, data.length);
      this.skipping -= n;
      data = data.subarray(n);
    }
    const joined = new Uint8Array(this.buf.length + data.length);
    joined.set(this.buf);
    joined.set(data, this.buf.length);
    const ops: DecodedOp[] = [];
    let at = 0;
    while (at < joined.length) {
      const step = this.step(joined, at);
      if (step === null) break;
      if ('skipAfterHeader' in step) {
        ops.push({ op: 'skipped', command: step.command, length: step.headerLength + step.skipAfterHeader });
        const available = joined.length - at - step.headerLength;
        const drop = Math.min(available, step.skipAfterHeader);
        this.skipping = step.skipAfterHeader - drop;
        at += step.headerLength + drop;
        if (this.skipping > 0) break;
        continue;
      }
      if (step.op) ops.push(step.op);
      at += step.length;
    }
    this.buf = joined.slice(at);
    return ops;
  }

  /** Decodes one command at `at`; null when more bytes are needed. */
  private step(b: Uint8Array, at: number): Step {
    const n = b.length - at;
    const u = (i: number) => b[at + i] ?? 0;
    const c = u(0);
    if (c >= 0x20 && c !== 0x7f) {
      let end = at;
      while (end < b.length && (b[end] ?? 0) >= 0x20 && b[end] !== 0x7f) end++;
      return { op: { op: 'text', bytes: b.slice(at, end) }, length: end - at };
    }
    switch (c) {
      case 0x0a:
        return { op: { op: 'lf' }, length: 1 };
      case 0x0d:
        return { length: 1 }; // CR: a line feed printer ignores it, like most ESC/POS models
      case 0x10:
        return this.dle(n, u);
      case 0x1b:
        return this.esc(n, u);
      case 0x1d:
        return this.gs(b, at, n, u);
      default:
        return { op: { op: 'skipped', command: hex([c]), length: 1 }, length: 1 };
    }
  }

  private dle(n: number, u: (i: number) => number): Step {
    if (n < 3) return null;
    const cmd = u(1);
    if (cmd === 0x04) {
      const kind = u(2);
      if (kind >= 1 && kind <= 4) return { op: { op: 'status', n: kind }, length: 3 };
      // n = 7, 8, 18 carry one more parameter byte.
      if (kind === 7 || kind === 8 || kind === 18) return n < 4 ? null : { op: { op: 'skipped', command: hex([0x10, 4, kind]), length: 4 }, length: 4 };
      return { op: { op: 'skipped', command: hex([0x10, 4, kind]), length: 3 }, length: 3 };
    }
    if (cmd === 0x05) {
      const kind = u(2);
      if (kind === 1 || kind === 2) return { op: { op: 'recover', n: kind }, length: 3 };
      return { op: { op: 'skipped', command: hex([0x10, 5, kind]), length: 3 }, length: 3 };
    }
    if (cmd === 0x14) return n < 5 ? null : { op: { op: 'skipped', command: 'DLE DC4', length: 5 }, length: 5 };
    return { op: { op: 'skipped', command: hex([0x10]), length: 1 }, length: 1 };
  }

  private esc(n: number, u: (i: number) => number): Step {
    if (n < 2) return null;
    const cmd = u(1);
    const withParam = (make: (p: number) => DecodedOp | undefined, extra = 1): Step => {
      if (n < 2 + extra) return null;
      const op = make(u(2));
      return op ? { op, length: 2 + extra } : { op: { op: 'skipped', command: `ESC ${String.fromCharCode(cmd)}`, length: 2 + extra }, length: 2 + extra };
    };
    switch (cmd) {
      case 0x40:
        return { op: { op: 'init' }, length: 2 };
      case 0x61:
        return withParam((p) => ({ op: 'align', align: ALIGNS[p >= 0x30 ? p - 0x30 : p] ?? 'left' }));
      case 0x45:
        return withParam((p) => ({ op: 'bold', on: (p & 1) === 1 }));
      case 0x2d:
        return withParam((p) => ({ op: 'underline', dots: p >= 0x30 ? p - 0x30 : p }));
      case 0x21:
        // ESC ! print mode: bold is bit 3, double height bit 4, double width bit 5.
        return withParam((p) => ({ op: 'size', width: p & 0x20 ? 2 : 1, height: p & 0x10 ? 2 : 1 }));
      case 0x32:
        return { op: { op: 'lineSpacing', dots: null }, length: 2 };
      case 0x33:
        return withParam((p) => ({ op: 'lineSpacing', dots: p }));
      case 0x64:
        return withParam((p) => ({ op: 'feedLines', lines: p }));
      case 0x4a:
        return withParam((p) => ({ op: 'feedDots', dots: p }));
      case 0x4d: // font
      case 0x74: // code page
      case 0x47: // double strike
      case 0x52: // international set
      case 0x7b: // upside down
      case 0x56: // 90 degrees
      case 0x20: // char spacing
        return withParam(() => undefined);
      case 0x24: // absolute position
      case 0x5c: // relative position
        return withParam(() => undefined, 2);
      case 0x70: // drawer kick
        return withParam(() => undefined, 3);
      default:
        return { op: { op: 'skipped', command: `ESC ${hex([cmd])}`, length: 2 }, length: 2 };
    }
  }

  private gs(b: Uint8Array, at: number, n: number, u: (i: number) => number): Step {
    if (n < 2) return null;
    const cmd = u(1);
    const oneParam = (make: (p: number) => DecodedOp | undefined): Step => {
      if (n < 3) return null;
      const op = make(u(2));
      return { op: op ?? { op: 'skipped', command: `GS ${String.fromCharCode(cmd)}`, length: 3 }, length: 3 };
    };
    switch (cmd) {
      case 0x21:
        return oneParam((p) => ({ op: 'size', width: ((p >> 4) & 7) + 1, height: (p & 7) + 1 }));
      case 0x42: // reverse
      case 0x48: // HRI position
      case 0x66: // HRI font
      case 0x68: // barcode height
      case 0x77: // barcode module width
      case 0x61:
        return oneParam((p) => ({ op: 'asb', mask: p }));
      case 0x72: // transmit status (answered in buffer order; we have nothing to say)
      case 0x49: // printer id
        return oneParam(() => undefined);
      case 0x4c: // left margin
      case 0x57: // print area width
        return n < 4 ? null : { op: { op: 'skipped', command: `GS ${String.fromCharCode(cmd)}`, length: 4 }, length: 4 };
      case 0x56: {
        if (n < 3) return null;
        const m = u(2);
        if (m === 0 || m === 0x30) return { op: { op: 'cut', mode: 'full', feed: null }, length: 3 };
        if (m === 1 || m === 0x31) return { op: { op: 'cut', mode: 'partial', feed: null }, length: 3 };
        if (n < 4) return null;
        if (m === 0x41 || m === 0x61 || m === 0x67) return { op: { op: 'cut', mode: 'full', feed: u(3) }, length: 4 };
        if (m === 0x42 || m === 0x62 || m === 0x68) return { op: { op: 'cut', mode: 'partial', feed: u(3) }, length: 4 };
        return { op: { op: 'skipped', command: `GS V ${hex([m])}`, length: 4 }, length: 4 };
      }
      case 0x76:
        return this.raster(b, at, n, u);
      case 0x28:
        return this.gsParen(b, at, n, u);
      case 0x6b: {
        // Barcodes: function A ends with NUL, function B carries a length.
        if (n < 3) return null;
        const m = u(2);
        if (m <= 6) {
          const end = b.indexOf(0, at + 3);
          return end < 0 ? (n > 512 ? { op: { op: 'skipped', command: 'GS k', length: n }, length: n } : null) : { op: { op: 'skipped', command: 'GS k', length: end - at + 1 }, length: end - at + 1 };
        }
        if (n < 4) return null;
        const len = 4 + u(3);
        return n < len ? null : { op: { op: 'skipped', command: 'GS k', length: len }, length: len };
      }
      default:
        return { op: { op: 'skipped', command: `GS ${hex([cmd])}`, length: 2 }, length: 2 };
    }
  }

  private raster(b: Uint8Array, at: number, n: number, u: (i: number) => number): Step {
    if (n < 8) return null;
    if (u(2) !== 0x30) return { op: { op: 'skipped', command: `GS v ${hex([u(2)])}`, length: 3 }, length: 3 };
    const m = u(3);
    const x = u(4) | (u(5) << 8);
    const y = u(6) | (u(7) << 8);
    const k = x * y;
    if (k > this.maxCommandBytes) return { skipAfterHeader: k, headerLength: 8, command: 'GS v 0 (too large)' };
    if (n < 8 + k) return null;
    const bitmap: Bitmap = { width: x * 8, height: y, bytesPerRow: x, data: b.slice(at + 8, at + 8 + k) };
    const mode = m >= 0x30 ? m - 0x30 : m;
    return { op: { op: 'raster', bitmap, scaleX: mode & 1 ? 2 : 1, scaleY: mode & 2 ? 2 : 1 }, length: 8 + k };
  }

  private gsParen(b: Uint8Array, at: number, n: number, u: (i: number) => number): Step {
    if (n < 5) return null;
    const fnGroup = u(2);
    const p = u(3) | (u(4) << 8);
    const total = 5 + p;
    if (p > this.maxCommandBytes) return { skipAfterHeader: p, headerLength: 5, command: `GS ( ${String.fromCharCode(fnGroup)} (too large)` };
    if (n < total) return null;
    const skipped: Step = { op: { op: 'skipped', command: `GS ( ${String.fromCharCode(fnGroup)}`, length: total }, length: total };
    if (fnGroup !== 0x6b || p < 2 || u(5) !== 0x31) return skipped;
    const fn = u(6);
    let op: DecodedOp | undefined;
    if (fn === 0x41 && p >= 4) op = { op: 'qrModel', model: u(7) - 0x30 };
    else if (fn === 0x43 && p >= 3) op = { op: 'qrModuleSize', dots: u(7) };
    else if (fn === 0x45 && p >= 3 && EC[u(7)]) op = { op: 'qrErrorCorrection', level: EC[u(7)]! };
    else if (fn === 0x50 && p >= 3) op = { op: 'qrStore', data: b.slice(at + 8, at + total) };
    else if (fn === 0x51) op = { op: 'qrPrint' };
    return op ? { op, length: total } : skipped;
  }
}
