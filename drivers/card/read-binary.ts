import { readBinary, readBinarySfi } from './apdu';
import { CardError, swToError } from './errors';
import { concat, transmitApdu, type ApduTransport } from './transmit';

/** How a file tells its own size, so the read can stop without asking past the end. */
type SizeAnnouncement =
  /** The file is one BER-TLV object (a DER certificate, a CMS SignedData): its header gives the size. */
  | 'ber';

export interface ReadBinaryOptions {
  /**
   * Bytes asked for per READ BINARY: 256 (Le=00) for speed; belpic readers use 0xF4 or 0xFF; up
   * to 32768 with extended length. The card may answer in smaller pieces (61xx): they are joined.
   */
  chunk?: number;
  /** Extended-length APDUs allowed (the profile says the card takes them). */
  extended?: boolean;
  /** Read the EF by short identifier: the first READ BINARY selects it, no SELECT needed. */
  sfi?: number;
  /** The file's size as issued (the profile knows it): the read stops once that many bytes are in. */
  size?: number;
  /** The file announces its size in its first bytes. */
  announces?: SizeAnnouncement;
  /** Refuse files beyond this size, so a broken card cannot make us loop for ever. */
  maxSize?: number;
}

/** READ BINARY offsets are 15 bits; the odd-INS B1 form for larger files is not needed by any profile. */
const MAX_OFFSET = 0x7fff;
const MAX_READS = 4096;

/**
 * Reads a transparent EF to its end (the current one, or the one named by `sfi`).
 *
 * A shorter answer than asked is not the end: some cards and readers cap each answer at a few
 * dozen bytes and still say 9000, so the read goes on at the next offset. The file has ended when
 * the card says so — 6282 (end reached before Le bytes), 6B00 at an offset > 0 (offset beyond the
 * end), 6Cxx (the card named the exact number of bytes left) or an empty answer — or when the
 * size the profile knows, or the file announces, is reached. That last rule is the fast path: a
 * card whose file announces its size is read in one READ BINARY when the answer holds it all.
 */
export async function readBinaryFile(transport: ApduTransport, opts: ReadBinaryOptions = {}): Promise<Uint8Array> {
  const limit = opts.extended ? MAX_OFFSET + 1 : 256;
  const chunk = Math.min(opts.chunk ?? limit, limit);
  const maxSize = Math.min(opts.maxSize ?? MAX_OFFSET + 1, MAX_OFFSET + 1);
  if (!Number.isInteger(chunk) || chunk < 1) throw new CardError('malformed-data', `read chunk must be 1-${limit}, got ${opts.chunk}`);
  const parts: Uint8Array[] = [];
  let offset = 0;
  let known = opts.size;
  let extended = opts.extended === true;
  for (let reads = 0; ; reads++) {
    if (known !== undefined && offset >= known) break;
    if (offset >= maxSize) throw new CardError('malformed-data', `file larger than ${maxSize} bytes`);
    if (reads >= MAX_READS) throw new CardError('malformed-data', `file not ended after ${MAX_READS} READ BINARY commands`);
    const want = Math.min(extended ? chunk : Math.min(chunk, 256), maxSize - offset, known === undefined ? Infinity : known - offset);
    const cmd = offset === 0 && opts.sfi !== undefined ? readBinarySfi(opts.sfi, 0, want) : readBinary(offset, want);
    const res = await transmitApdu(transport, cmd);
    // A card that takes only short APDUs answers an extended one with 6700: read on in short ones.
    if (res.sw === 0x6700 && extended && want > 256) {
      extended = false;
      continue;
    }
    if (res.sw === 0x6b00 && offset > 0) break;
    const err = res.sw === 0x6282 ? undefined : swToError(res.sw, 'READ BINARY');
    if (err) throw err;
    // A card that sends more than was asked is broken or not what the profile says.
    if (res.data.length > want) throw new CardError('malformed-data', `READ BINARY: the card sent ${res.data.length} bytes, ${want} were asked`);
    if (res.data.length > 0) parts.push(res.data);
    if (offset === 0 && known === undefined && opts.announces === 'ber') known = berObjectSize(res.data);
    offset += res.data.length;
    if (res.sw === 0x6282 || res.lengthNamed || res.data.length === 0) break;
  }
  const file = concat(parts);
  if (known !== undefined && opts.announces === 'ber' && file.length < known) {
    throw new CardError('malformed-data', `the file announced ${known} bytes but ended after ${file.length}`);
  }
  return known !== undefined && file.length > known ? file.subarray(0, known) : file;
}

/**
 * The total size (header + content) of the BER-TLV object starting at `head`, when its header is
 * in `head` and has a definite length; undefined otherwise (the read then goes to the file's end).
 */
export function berObjectSize(head: Uint8Array): number | undefined {
  let i = 1;
  // Tag 00 is BER's end-of-contents, never an object's start: such a file is not one BER object
  // (a card issued without its signed object holds plain simple TLV, version tag 00 first).
  if (head.length < 2 || head[0] === 0x00) return undefined;
  // Tag numbers of 31 and above continue in the following bytes while their top bit is set.
  if ((head[0]! & 0x1f) === 0x1f) {
    while (i < head.length && (head[i]! & 0x80) !== 0) i++;
    i++;
  }
  const first = head[i];
  if (first === undefined || first === 0x80) return undefined; // indefinite length: no size given
  if (first < 0x80) return i + 1 + first;
  const n = first & 0x7f;
  if (n > 3 || i + 1 + n > head.length) return undefined;
  let len = 0;
  for (let k = 0; k < n; k++) len = len * 256 + head[i + 1 + k]!;
  return i + 1 + n + len;
}
