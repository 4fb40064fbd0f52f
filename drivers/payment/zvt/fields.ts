import { decodeBcdNumber, decodeBcdString } from './bcd';
import { ZvtCodecError } from './errors';

/** Text in ZVT messages is single-byte; latin1 keeps every byte and never throws. */
const latin1 = new TextDecoder('latin1');

export function decodeText(bytes: Uint8Array): string {
  return latin1.decode(bytes).replace(/[\0\s]+$/u, '');
}

export function encodeText(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? code : 0x3f; // '?' for what one byte cannot carry
  });
}

/**
 * BMP 22 PAN: BCD where nibble E is a masked digit and F is padding. The result is masked again
 * down to the last four digits, so a terminal that sends a clear PAN cannot leak it past here.
 */
export function decodePan(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    for (const nib of [b >>> 4, b & 0x0f]) {
      if (nib <= 9) s += String(nib);
      else if (nib === 0x0e) s += '*';
      else if (nib !== 0x0f) throw new ZvtCodecError('bad-bcd', 'PAN nibble is neither digit, E nor F');
    }
  }
  return maskPan(s);
}

function maskPan(pan: string): string {
  if (pan.length <= 4) return pan;
  return '*'.repeat(pan.length - 4) + pan.slice(-4);
}

/** Inverse of decodePan for simulators: '*' becomes E, an odd length is padded with F. */
export function encodePan(masked: string): Uint8Array {
  if (!/^[\d*]+$/.test(masked)) throw new ZvtCodecError('bad-bcd', 'PAN must be digits and *');
  const nibs = Array.from(masked, (c) => (c === '*' ? 0x0e : Number(c)));
  if (nibs.length % 2) nibs.push(0x0f);
  const out = new Uint8Array(nibs.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = (nibs[2 * i]! << 4) | nibs[2 * i + 1]!;
  return out;
}

/** BMP 3B is 8 bytes "binary or ASCII": printable ASCII is shown as text, anything else as hex. */
export function decodeAuthCode(bytes: Uint8Array): string {
  const text = decodeText(bytes).trim();
  if (text.length > 0 && /^[\x20-\x7e]+$/.test(text)) return text;
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export { decodeBcdNumber, decodeBcdString };
