import { PrinterError } from './errors';
import type { Bitmap } from './raster';

/**
 * ESC/POS command builders: pure functions from parameters to bytes, each checked against the
 * fact sheet (docs in /work/shared/reference/escpos.md). They validate ranges so that a wrong
 * value fails here, with a message, rather than as garbage on paper.
 */
const ESC = 0x1b;
export const GS = 0x1d;
export const DLE = 0x10;
const EOT = 0x04;
const LF = 0x0a;

export type Align = 'left' | 'center' | 'right';
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';
export type StatusKind = 1 | 2 | 3 | 4;

function byte(name: string, n: number, min = 0, max = 255): number {
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new PrinterError('invalid-command', `${name} must be a whole number ${min}..${max}, got ${n}`);
  }
  return n;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** ESC @: clears the buffer and every mode, so a job never inherits the last one's state. */
export const initialize = (): Uint8Array => Uint8Array.of(ESC, 0x40);

const ALIGN_CODE: Record<Align, number> = { left: 0, center: 1, right: 2 };
/** ESC a n: applies to text, raster images and QR codes alike. */
export const setAlign = (align: Align): Uint8Array => Uint8Array.of(ESC, 0x61, ALIGN_CODE[align]);

/** ESC E n */
export const setBold = (on: boolean): Uint8Array => Uint8Array.of(ESC, 0x45, on ? 1 : 0);

/** GS ! n: width and height multipliers 1..8. */
export function setTextSize(width: number, height: number): Uint8Array {
  const w = byte('text width', width, 1, 8) - 1;
  const h = byte('text height', height, 1, 8) - 1;
  return Uint8Array.of(GS, 0x21, (w << 4) | h);
}

/** ESC 3 n: line spacing in motion units (dots on a 203 dpi printer). */
export const setLineSpacing = (dots: number): Uint8Array => Uint8Array.of(ESC, 0x33, byte('line spacing', dots));

/**
 * Printable ASCII only: the printer's code page is not ours to assume, and anything else
 * (Arabic, accents) is rendered to a raster by the caller instead.
 */
export function isNativeText(text: string): boolean {
  return /^[\x20-\x7e]*$/.test(text);
}

/** Text bytes followed by LF (print the line and feed one line). */
export function textLine(text: string): Uint8Array {
  if (!isNativeText(text)) {
    throw new PrinterError('invalid-command', 'native text must be printable ASCII; render other scripts to a raster');
  }
  const out = new Uint8Array(text.length + 1);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  out[text.length] = LF;
  return out;
}

/** ESC d n: print and feed n lines. */
export const feedLines = (n: number): Uint8Array => Uint8Array.of(ESC, 0x64, byte('feed lines', n));

/**
 * ESC J n, repeated as needed: feed by dots. Used instead of sending rows of zero bytes, which
 * would cost 72 bytes per blank dot row at 576 dots.
 */
export function feedDots(dots: number): Uint8Array {
  if (!Number.isInteger(dots) || dots < 0) throw new PrinterError('invalid-command', `feed must be whole dots >= 0, got ${dots}`);
  const parts: number[] = [];
  for (let left = dots; left > 0; left -= 255) parts.push(ESC, 0x4a, Math.min(255, left));
  return Uint8Array.from(parts);
}

/** GS v 0 m xL xH yL yH d1..dk: x is bytes per row, y is dot rows, m = 0 (normal scale). */
export function rasterImage(bitmap: Bitmap): Uint8Array {
  const x = bitmap.bytesPerRow;
  const y = bitmap.height;
  byte('raster bytes per row', x, 1, 65535);
  byte('raster rows', y, 1, 65535);
  if (bitmap.data.length !== x * y) throw new PrinterError('invalid-command', 'raster data length does not match its size');
  const out = new Uint8Array(8 + x * y);
  out.set([GS, 0x76, 0x30, 0, x & 0xff, x >> 8, y & 0xff, y >> 8]);
  out.set(bitmap.data, 8);
  guardRealtime(out, 8);
  return out;
}

/**
 * Printers act on real-time commands (DLE EOT, DLE ENQ, DLE DC4) wherever they appear, even
 * inside image data: a `10 04 n` in the dots would make the printer answer a status nobody
 * asked for (and a host would read it as the answer to its next question). Clearing one dot of
 * the 0x10 byte breaks the sequence; one missing dot is invisible on a receipt.
 */
export function guardRealtime(bytes: Uint8Array, from = 0): number {
  let changed = 0;
  for (let i = from; i < bytes.length - 1; i++) {
    const next = bytes[i + 1];
    if (bytes[i] === DLE && (next === EOT || next === 0x05 || next === 0x14)) {
      bytes[i] = 0x00;
      changed++;
    }
  }
  return changed;
}

const QR_EC: Record<QrErrorCorrection, number> = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 };
const gsK = (...fnAndParams: number[]): Uint8Array => {
  const len = fnAndParams.length + 1; // + cn
  return Uint8Array.of(GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, ...fnAndParams);
};
/** GS ( k fn 165: model 2 (the common one; model 1 is obsolete). */
export const qrModel2 = (): Uint8Array => gsK(0x41, 0x32, 0x00);
/** GS ( k fn 167: module size in dots. */
export const qrModuleSize = (dots: number): Uint8Array => gsK(0x43, byte('QR module size', dots, 1, 16));
/** GS ( k fn 169 */
export const qrErrorCorrection = (level: QrErrorCorrection): Uint8Array => gsK(0x45, QR_EC[level]);
/** The largest byte-mode payload of a version-40 QR code at level L. */
const QR_MAX_BYTES = 2953;
/** GS ( k fn 180: the length counts UTF-8 bytes (+3), never JavaScript characters. */
export function qrStore(data: string | Uint8Array): Uint8Array {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  if (bytes.length < 1 || bytes.length > QR_MAX_BYTES) {
    throw new PrinterError('invalid-command', `QR data must be 1..${QR_MAX_BYTES} bytes, got ${bytes.length}`);
  }
  const len = bytes.length + 3;
  const out = new Uint8Array(8 + bytes.length);
  out.set([GS, 0x28, 0x6b, len & 0xff, len >> 8, 0x31, 0x50, 0x30]);
  out.set(bytes, 8);
  return out;
}
/** GS ( k fn 181: print the stored symbol. */
export const qrPrint = (): Uint8Array => gsK(0x51, 0x30);

export function qrCode(data: string, moduleSize = 6, ec: QrErrorCorrection = 'M'): Uint8Array {
  return concatBytes([qrModel2(), qrModuleSize(moduleSize), qrErrorCorrection(ec), qrStore(data), qrPrint()]);
}

/**
 * GS V 66 n / GS V 65 n: feed to the cutter (+n units) then cut, so the last printed lines are
 * not cut through while still between head and blade.
 */
export const cut = (mode: 'partial' | 'full' = 'partial', feed = 0): Uint8Array =>
  Uint8Array.of(GS, 0x56, mode === 'partial' ? 0x42 : 0x41, byte('cut feed', feed));

/** DLE EOT n: a real-time status request, answered with one byte even when offline. */
export const statusRequest = (n: StatusKind): Uint8Array => Uint8Array.of(DLE, EOT, n);
