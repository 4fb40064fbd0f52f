import { encodeBcd } from './bcd';
import { ZvtCodecError } from './errors';
import { type TlvNode, decodeBerLength, decodeTlv, encodeBerLength, encodeTlv } from './tlv';

type BmpFormat = { kind: 'fixed'; length: number } | { kind: 'llvar' } | { kind: 'lllvar' } | { kind: 'tlv' };

const fixed = (length: number): BmpFormat => ({ kind: 'fixed', length });
const LLVAR: BmpFormat = { kind: 'llvar' };
const LLLVAR: BmpFormat = { kind: 'lllvar' };

/**
 * Value formats by tag. The first group is on the team's ZVT fact sheet; the second group is
 * from the published BMP list as the open implementations use it, kept so that a status
 * message carrying them still parses past them. An unlisted tag stops parsing (the rest is
 * returned raw) because its length cannot be known.
 */
const BMP_FORMATS: ReadonlyMap<number, BmpFormat> = new Map<number, BmpFormat>([
  [0x04, fixed(6)], // amount, BCD cents
  [0x06, { kind: 'tlv' }],
  [0x0b, fixed(3)], // trace number
  [0x0c, fixed(3)], // time HHMMSS
  [0x0d, fixed(2)], // date MMDD
  [0x0e, fixed(2)], // expiry YYMM
  [0x17, fixed(2)], // card sequence number
  [0x19, fixed(1)], // payment type / status byte
  [0x22, LLVAR], // PAN, BCD with E = masked digit
  [0x27, fixed(1)], // result code
  [0x29, fixed(4)], // terminal id, BCD
  [0x2a, fixed(15)], // VU number, ASCII
  [0x3b, fixed(8)], // AID / authorisation code
  [0x3c, LLLVAR], // additional text
  [0x49, fixed(2)], // currency, BCD ISO 4217 numeric
  [0x87, fixed(2)], // receipt number
  [0x88, fixed(3)], // turnover number
  [0x8a, fixed(1)], // card type
  [0x8b, LLVAR], // card name, ASCII
  [0xa0, fixed(1)], // result code from the host
  [0xaa, fixed(3)], // date YYMMDD
  // not on the fact sheet (unverified here):
  [0x01, fixed(1)], // timeout
  [0x02, fixed(1)], // max status infos
  [0x03, fixed(1)], // service byte
  [0x05, fixed(1)], // pump number
  [0x23, LLVAR], // track 2
  [0x24, LLLVAR], // track 3
  [0x2d, LLVAR], // track 1
  [0x37, fixed(3)], // trace of the original transaction
  [0x3a, fixed(2)], // CVV
  [0x3d, fixed(3)], // password
  [0x60, LLLVAR], // individual totals
  [0x8c, fixed(1)], // card type id
  [0x9a, LLLVAR], // Geldkarte payment record
  [0xa7, LLVAR], // chip data
  [0xaf, LLLVAR], // EF_ID
  [0xba, fixed(5)], // AID parameter
]);

export interface BmpField {
  tag: number;
  value: Uint8Array;
  /** Parsed content of BMP 06. */
  tlv?: TlvNode[];
}

export interface DecodedBmps {
  fields: BmpField[];
  /** Bytes from the first tag whose format is unknown; absent when everything parsed. */
  rest?: Uint8Array;
}

function decodeVarLength(data: Uint8Array, offset: number, digits: number): number {
  let n = 0;
  for (let k = 0; k < digits; k++) {
    const b = data[offset + k];
    if (b === undefined) throw new ZvtCodecError('bad-bmp', 'LL/LLL length cut short');
    if (b >>> 4 !== 0x0f || (b & 0x0f) > 9) throw new ZvtCodecError('bad-bmp', `0x${b.toString(16)} is not an F0-F9 length digit`);
    n = n * 10 + (b & 0x0f);
  }
  return n;
}

/** Splits a BMP sequence (the data part of most APDUs) into fields. */
export function decodeBmps(data: Uint8Array): DecodedBmps {
  const fields: BmpField[] = [];
  let i = 0;
  while (i < data.length) {
    const tag = data[i]!;
    const format = BMP_FORMATS.get(tag);
    if (!format) return { fields, rest: data.slice(i) };
    i++;
    let length: number;
    switch (format.kind) {
      case 'fixed':
        length = format.length;
        break;
      case 'llvar':
        length = decodeVarLength(data, i, 2);
        i += 2;
        break;
      case 'lllvar':
        length = decodeVarLength(data, i, 3);
        i += 3;
        break;
      case 'tlv': {
        const l = decodeBerLength(data, i);
        length = l.length;
        i += l.size;
        break;
      }
    }
    if (i + length > data.length) {
      throw new ZvtCodecError('bad-bmp', `BMP ${tagHex(tag)} needs ${length} bytes, ${data.length - i} left`);
    }
    const value = data.slice(i, i + length);
    i += length;
    fields.push(format.kind === 'tlv' ? { tag, value, tlv: decodeTlv(value) } : { tag, value });
  }
  return { fields };
}

function varLength(n: number, digits: number): number[] {
  const s = n.toString().padStart(digits, '0');
  if (s.length > digits) throw new ZvtCodecError('bad-bmp', `value of ${n} bytes is too long for a ${digits}-digit length`);
  return Array.from(s, (d) => 0xf0 | Number(d));
}

export function encodeBmp(tag: number, value: Uint8Array): Uint8Array {
  const format = BMP_FORMATS.get(tag);
  if (!format) throw new ZvtCodecError('unknown-bmp', `no format known for BMP ${tagHex(tag)}`);
  let prefix: number[];
  switch (format.kind) {
    case 'fixed':
      if (value.length !== format.length) {
        throw new ZvtCodecError('bad-bmp', `BMP ${tagHex(tag)} takes ${format.length} bytes, got ${value.length}`);
      }
      prefix = [];
      break;
    case 'llvar':
      prefix = varLength(value.length, 2);
      break;
    case 'lllvar':
      prefix = varLength(value.length, 3);
      break;
    case 'tlv':
      prefix = [...encodeBerLength(value.length)];
      break;
  }
  return Uint8Array.from([tag, ...prefix, ...value]);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
}

export const bmpAmount = (cents: number): Uint8Array => encodeBmp(0x04, encodeBcd(cents, 6));
/** ISO 4217 numeric: 978 → `49 09 78`, 634 (QAR) → `49 06 34`. */
export const bmpCurrency = (isoNumeric: number): Uint8Array => encodeBmp(0x49, encodeBcd(isoNumeric, 2));
export const bmpTlv = (nodes: TlvNode[]): Uint8Array => encodeBmp(0x06, encodeTlv(nodes));

function tagHex(tag: number): string {
  return tag.toString(16).padStart(2, '0').toUpperCase();
}
