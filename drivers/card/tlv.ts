import { CardError } from './errors';

/**
 * The "simple TLV" of Belgian eID data files, which the ministry profile reuses: 1-byte tag,
 * length in 7-bit groups (a byte with its top bit set means another length byte follows; in
 * practice one byte), value. Files are padded with 00 bytes, so a 00 tag after the first
 * element (tag 00 is the file version and comes first) ends the data.
 */
export interface TlvElement {
  tag: number;
  value: Uint8Array;
}

const MAX_LENGTH_BYTES = 4;

export function parseSimpleTlv(bytes: Uint8Array): TlvElement[] {
  const out: TlvElement[] = [];
  let i = 0;
  while (i < bytes.length) {
    const tag = bytes[i]!;
    if (tag === 0x00 && out.length > 0) break; // padding
    i++;
    if (i >= bytes.length) throw new CardError('malformed-data', `TLV truncated: tag ${tag} at the end of the data has no length`);
    let len = 0;
    let lengthBytes = 0;
    for (;;) {
      const b = bytes[i++];
      if (b === undefined) throw new CardError('malformed-data', `TLV truncated inside the length of tag ${tag}`);
      if (++lengthBytes > MAX_LENGTH_BYTES) throw new CardError('malformed-data', `TLV length of tag ${tag} is too long`);
      len = len * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
    if (i + len > bytes.length) {
      throw new CardError('malformed-data', `TLV truncated: tag ${tag} wants ${len} bytes, ${bytes.length - i} left`);
    }
    out.push({ tag, value: bytes.slice(i, i + len) });
    i += len;
  }
  return out;
}

export function encodeSimpleTlv(elements: readonly TlvElement[]): Uint8Array {
  const out: number[] = [];
  for (const { tag, value } of elements) {
    if (!Number.isInteger(tag) || tag < 0 || tag > 0xff) throw new CardError('malformed-data', `TLV tag must be a byte, got ${tag}`);
    const groups: number[] = [];
    let len = value.length;
    do {
      groups.unshift(len & 0x7f);
      len = Math.floor(len / 128);
    } while (len > 0);
    for (let g = 0; g < groups.length - 1; g++) groups[g] = groups[g]! | 0x80;
    out.push(tag, ...groups, ...value);
  }
  return Uint8Array.from(out);
}
