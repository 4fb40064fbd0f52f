import { GS } from './escpos';
import { type PrinterStatus } from './status';

/**
 * Automatic Status Back (GS a n) and the one byte stream it shares with DLE EOT replies.
 *
 * A printer with ASB enabled sends 4 bytes at once and again on every change, unasked. Both kinds
 * of message arrive on the same line, told apart by their bit patterns (ESC/POS fact sheet §6):
 *   DLE EOT reply      0xx1xx10   ((b & 0x93) === 0x12)
 *   ASB byte 1         0xx1xx00   ((b & 0x93) === 0x10)
 *   ASB bytes 2..4     0xx0xxxx   ((b & 0x90) === 0x00)
 * XON/XOFF (0x11/0x13) may appear anywhere, even inside the 4 ASB bytes, and are skipped.
 */

/** GS a n enable bits: drawer, online/offline, errors, roll paper sensor. */
const ASB = { drawer: 0x01, online: 0x02, error: 0x04, paper: 0x08 } as const;
export const ASB_ALL = ASB.online | ASB.error | ASB.paper;

/** GS a n: 0 turns ASB off. */
export function enableAsb(mask: number): Uint8Array {
  if (!Number.isInteger(mask) || mask < 0 || mask > 0xff) throw new RangeError(`ASB mask must be 0..255, got ${mask}`);
  return Uint8Array.of(GS, 0x61, mask);
}

export type StatusMessage = { kind: 'reply'; byte: number } | { kind: 'asb'; bytes: [number, number, number, number] };

const XON = 0x11;
const XOFF = 0x13;

/** Splits the printer's back channel into DLE EOT replies and ASB blocks; anything else is dropped. */
export class StatusStream {
  private asb: number[] = [];

  push(chunk: Uint8Array): StatusMessage[] {
    const out: StatusMessage[] = [];
    for (const b of chunk) {
      if (b === XON || b === XOFF) continue;
      if ((b & 0x93) === 0x12) {
        out.push({ kind: 'reply', byte: b });
        continue;
      }
      if ((b & 0x93) === 0x10) {
        // A new first byte restarts the block: a torn block is worth less than a fresh one.
        this.asb = [b];
        continue;
      }
      if (this.asb.length > 0 && (b & 0x90) === 0) {
        this.asb.push(b);
        if (this.asb.length === 4) {
          out.push({ kind: 'asb', bytes: this.asb as [number, number, number, number] });
          this.asb = [];
        }
        continue;
      }
      this.asb = []; // noise: forget a half block rather than mis-read the next bytes
    }
    return out;
  }
}

/** Reads an ASB block (byte 4 is model specific and ignored). */
export function parseAsb(bytes: readonly number[]): PrinterStatus {
  const [b1 = 0, b2 = 0, b3 = 0] = bytes;
  const paperOut = (b3 & 0x0c) !== 0;
  const coverOpen = (b1 & 0x20) !== 0;
  const error = (b2 & 0x6c) !== 0;
  return {
    online: (b1 & 0x08) === 0,
    coverOpen,
    paperOut,
    paperNearEnd: (b3 & 0x03) !== 0,
    error,
  };
}

/** The ASB block a printer in state `s` sends (the simulator's side). */
export function asbBytes(s: PrinterStatus): Uint8Array {
  let b1 = 0x10;
  if (!s.online) b1 |= 0x08;
  if (s.coverOpen) b1 |= 0x20;
  const b2 = s.error ? 0x04 : 0x00;
  let b3 = 0x00;
  if (s.paperNearEnd || s.paperOut) b3 |= 0x03;
  if (s.paperOut) b3 |= 0x0c;
  return Uint8Array.of(b1, b2, b3, 0x00);
}

/**
 * One word for what the printer can do now, most severe first. `paper-near-end` still prints:
 * it is a warning for ops (change the roll soon), never a reason to refuse a receipt.
 */
export type PrinterLevel = 'ready' | 'paper-near-end' | 'paper-out' | 'cover-open' | 'offline' | 'error' | 'unavailable';

export function statusLevel(s: PrinterStatus | undefined): PrinterLevel {
  if (!s) return 'unavailable';
  if (s.paperOut) return 'paper-out';
  if (s.coverOpen) return 'cover-open';
  if (s.error) return 'error';
  if (!s.online) return 'offline';
  if (s.paperNearEnd) return 'paper-near-end';
  return 'ready';
}

/** Whether a job may be sent at this level. */
export const canPrint = (level: PrinterLevel): boolean => level === 'ready' || level === 'paper-near-end';
