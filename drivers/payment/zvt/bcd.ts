import { ZvtCodecError } from './errors';

/** Packs decimal digits into `bytes` bytes of BCD, left-padded with zeros. */
export function encodeBcd(value: number | bigint | string, bytes: number): Uint8Array {
  const digits = typeof value === 'string' ? value : value.toString();
  if (!/^\d*$/.test(digits)) throw new ZvtCodecError('bad-bcd', 'BCD value must be decimal digits');
  if (digits.length > bytes * 2) throw new ZvtCodecError('bad-bcd', `value has ${digits.length} digits, field holds ${bytes * 2}`);
  const padded = digits.padStart(bytes * 2, '0');
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = (Number(padded[2 * i]) << 4) | Number(padded[2 * i + 1]);
  return out;
}

/** BCD bytes to a digit string; any nibble above 9 is an error. */
export function decodeBcdString(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    const hi = b >>> 4;
    const lo = b & 0x0f;
    if (hi > 9 || lo > 9) throw new ZvtCodecError('bad-bcd', `0x${b.toString(16).padStart(2, '0')} is not a BCD byte`);
    s += `${hi}${lo}`;
  }
  return s;
}

export function decodeBcdNumber(bytes: Uint8Array): number {
  return Number(decodeBcdString(bytes));
}
