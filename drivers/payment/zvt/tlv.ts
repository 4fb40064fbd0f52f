import { ZvtCodecError } from './errors';

/**
 * BER-style TLV as used inside ZVT BMP 06. Tags keep their wire bytes as one number
 * (`0x1f07`, `0x26`); a tag whose first byte has bit 0x20 set is constructed and its value is
 * parsed into `children`.
 */
export interface TlvNode {
  tag: number;
  value: Uint8Array;
  children?: TlvNode[];
}

function isConstructed(tag: number): boolean {
  return (firstTagByte(tag) & 0x20) !== 0;
}

function firstTagByte(tag: number): number {
  let t = tag;
  while (t > 0xff) t = Math.floor(t / 256);
  return t;
}

export function encodeBerLength(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  if (n <= 0xff) return Uint8Array.of(0x81, n);
  if (n <= 0xffff) return Uint8Array.of(0x82, n >>> 8, n & 0xff);
  throw new ZvtCodecError('bad-tlv', `TLV length ${n} exceeds 65535`);
}

/** Reads a BER length at `offset`; returns the length and how many bytes it took. */
export function decodeBerLength(bytes: Uint8Array, offset: number): { length: number; size: number } {
  const b = bytes[offset];
  if (b === undefined) throw new ZvtCodecError('bad-tlv', 'TLV length missing');
  if (b < 0x80) return { length: b, size: 1 };
  if (b === 0x81 || b === 0x82) {
    const n = b & 0x7f;
    if (offset + n >= bytes.length) throw new ZvtCodecError('bad-tlv', 'TLV length cut short');
    const length = n === 1 ? bytes[offset + 1]! : (bytes[offset + 1]! << 8) | bytes[offset + 2]!;
    return { length, size: 1 + n };
  }
  throw new ZvtCodecError('bad-tlv', `unsupported TLV length byte 0x${b.toString(16)}`);
}

function encodeTag(tag: number): number[] {
  const out: number[] = [];
  let t = tag;
  do {
    out.unshift(t & 0xff);
    t = Math.floor(t / 256);
  } while (t > 0);
  return out;
}

export function encodeTlv(nodes: TlvNode[]): Uint8Array {
  const parts: number[] = [];
  for (const node of nodes) {
    const value = node.children ? encodeTlv(node.children) : node.value;
    parts.push(...encodeTag(node.tag), ...encodeBerLength(value.length), ...value);
  }
  return Uint8Array.from(parts);
}

export function decodeTlv(bytes: Uint8Array, depth = 0): TlvNode[] {
  if (depth > 8) throw new ZvtCodecError('bad-tlv', 'TLV nested deeper than 8 levels');
  const nodes: TlvNode[] = [];
  let i = 0;
  while (i < bytes.length) {
    let tag = bytes[i++]!;
    if ((tag & 0x1f) === 0x1f) {
      let more = true;
      let count = 0;
      while (more) {
        const b = bytes[i++];
        if (b === undefined || ++count > 3) throw new ZvtCodecError('bad-tlv', 'TLV tag cut short or too long');
        tag = tag * 256 + b;
        more = (b & 0x80) !== 0;
      }
    }
    const { length, size } = decodeBerLength(bytes, i);
    i += size;
    if (i + length > bytes.length) throw new ZvtCodecError('bad-tlv', `TLV value of ${length} bytes runs past the container`);
    const value = bytes.slice(i, i + length);
    i += length;
    nodes.push(isConstructed(tag) ? { tag, value, children: decodeTlv(value, depth + 1) } : { tag, value });
  }
  return nodes;
}

/** Depth-first search for every node with `tag`. */
export function findAllTlv(nodes: TlvNode[], tag: number): TlvNode[] {
  const found: TlvNode[] = [];
  for (const n of nodes) {
    if (n.tag === tag) found.push(n);
    if (n.children) found.push(...findAllTlv(n.children, tag));
  }
  return found;
}

export function findTlv(nodes: TlvNode[], tag: number): TlvNode | undefined {
  return findAllTlv(nodes, tag)[0];
}
