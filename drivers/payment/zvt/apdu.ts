import { ZvtCodecError, hex } from './errors';

/** CLASS INSTR DATA; the length prefix is derived, never stored. */
export interface Apdu {
  cls: number;
  instr: number;
  data: Uint8Array;
}

const MAX_APDU_DATA = 0xffff;

/** Lengths up to 254 take one byte; longer ones are `FF lo hi` (little-endian). */
export function encodeApdu(apdu: Apdu): Uint8Array {
  const n = apdu.data.length;
  if (n > MAX_APDU_DATA) throw new ZvtCodecError('bad-apdu', `APDU data of ${n} bytes exceeds ${MAX_APDU_DATA}`);
  const head = n <= 0xfe ? [apdu.cls, apdu.instr, n] : [apdu.cls, apdu.instr, 0xff, n & 0xff, n >>> 8];
  const out = new Uint8Array(head.length + n);
  out.set(head);
  out.set(apdu.data, head.length);
  return out;
}

export function decodeApdu(bytes: Uint8Array): Apdu {
  if (bytes.length < 3) throw new ZvtCodecError('bad-apdu', `APDU too short: ${hex(bytes)}`);
  let len = bytes[2]!;
  let offset = 3;
  if (len === 0xff) {
    if (bytes.length < 5) throw new ZvtCodecError('bad-apdu', `extended APDU length cut short: ${hex(bytes)}`);
    len = bytes[3]! | (bytes[4]! << 8);
    offset = 5;
  }
  if (bytes.length !== offset + len) {
    throw new ZvtCodecError('bad-apdu', `APDU length field says ${len} data bytes, frame carries ${bytes.length - offset}`);
  }
  return { cls: bytes[0]!, instr: bytes[1]!, data: bytes.slice(offset) };
}

export function apdu(cls: number, instr: number, data: Uint8Array | number[] = []): Apdu {
  return { cls, instr, data: data instanceof Uint8Array ? data : Uint8Array.from(data) };
}

/** Two-byte command identifier, e.g. 0x060f, handy for switch statements. */
export function commandOf(a: Apdu): number {
  return (a.cls << 8) | a.instr;
}
