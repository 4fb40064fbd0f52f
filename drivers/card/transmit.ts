import { encodeCommandApdu, getResponse, parseResponseApdu, readBinary, readBinarySfi, sw1, sw2, type CommandApdu, type ResponseApdu } from './apdu';
import { CardError, swToError } from './errors';

/** Anything that carries one command APDU to a card and returns its response bytes (PC/SC, a test fake). */
export interface ApduTransport {
  transmit(command: Uint8Array): Promise<Uint8Array>;
}

const MAX_GET_RESPONSE = 1024;

/**
 * Sends one command and hides the T=0 mechanics: 61xx is followed by GET RESPONSE until the card
 * has nothing more, and 6Cxx re-sends the same command with Le=xx. Returns the final status word
 * as it is; callers decide which are errors.
 */
export async function transmitApdu(transport: ApduTransport, cmd: CommandApdu, opts: { sensitive?: boolean } = {}): Promise<ResponseApdu> {
  const bytes = encodeCommandApdu(cmd);
  let raw: Uint8Array;
  try {
    raw = await transport.transmit(bytes);
  } finally {
    // A VERIFY carries the PIN block: wipe our copy as soon as it has been sent.
    if (opts.sensitive) bytes.fill(0);
  }
  let res = parseResponseApdu(raw);
  if (sw1(res.sw) === 0x6c) {
    const ne = sw2(res.sw) === 0 ? 256 : sw2(res.sw);
    res = parseResponseApdu(await transport.transmit(encodeCommandApdu({ ...cmd, ne })));
  }
  const chunks: Uint8Array[] = [res.data];
  let total = res.data.length;
  let rounds = 0;
  while (sw1(res.sw) === 0x61) {
    // A card with a 1-byte buffer needs 255 rounds for 256 bytes; one that answers 61xx with
    // nothing, or sends more than any APDU can carry, is broken.
    if (++rounds > MAX_GET_RESPONSE || total > 65536 || (rounds > 1 && res.data.length === 0)) {
      throw new CardError('malformed-data', 'card kept answering 61xx to GET RESPONSE');
    }
    const ne = sw2(res.sw) === 0 ? 256 : sw2(res.sw);
    res = parseResponseApdu(await transport.transmit(encodeCommandApdu(getResponse(ne))));
    if (sw1(res.sw) === 0x6c) {
      const exact = sw2(res.sw) === 0 ? 256 : sw2(res.sw);
      res = parseResponseApdu(await transport.transmit(encodeCommandApdu(getResponse(exact))));
    }
    chunks.push(res.data);
    total += res.data.length;
  }
  return { data: concat(chunks), sw: res.sw };
}

/** Like transmitApdu, but a status word other than 9000/6282 becomes a CardError. */
export async function transmitOk(transport: ApduTransport, cmd: CommandApdu, what: string): Promise<Uint8Array> {
  const res = await transmitApdu(transport, cmd);
  const err = swToError(res.sw, what);
  if (err) throw err;
  return res.data;
}

export interface ReadBinaryOptions {
  /**
   * Bytes asked for per READ BINARY: 256 (Le=00) for speed; belpic readers use 0xF4 or 0xFF; up
   * to 65536 with extended length. The card may answer in smaller pieces (61xx): they are joined.
   */
  chunk?: number;
  /** Extended-length APDUs allowed (the profile says the card supports them). */
  extended?: boolean;
  /** Read the EF by short identifier: the first READ BINARY selects it, no SELECT needed. */
  sfi?: number;
  /** Refuse files beyond this size, so a broken card cannot make us loop for ever. */
  maxSize?: number;
}

const MAX_OFFSET = 0x7fff;

/**
 * Reads a transparent EF to its end (the current one, or the one named by `sfi`). The end is a
 * short answer (fewer bytes than asked, also after 6Cxx named a shorter length), a 6282
 * warning, or 6B00 at an offset > 0 (the file ended exactly on a chunk boundary).
 */
export async function readBinaryFile(transport: ApduTransport, opts: ReadBinaryOptions = {}): Promise<Uint8Array> {
  const limit = opts.extended ? 65536 : 256;
  const chunk = opts.chunk ?? limit;
  const maxSize = Math.min(opts.maxSize ?? MAX_OFFSET + 1, MAX_OFFSET + 1);
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > limit) throw new CardError('malformed-data', `read chunk must be 1-${limit}, got ${chunk}`);
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (;;) {
    if (offset >= maxSize) throw new CardError('malformed-data', `file larger than ${maxSize} bytes`);
    const want = Math.min(chunk, maxSize - offset);
    const cmd = offset === 0 && opts.sfi !== undefined ? readBinarySfi(opts.sfi, 0, want) : readBinary(offset, want);
    const res = await transmitApdu(transport, cmd);
    if (res.sw === 0x6b00 && offset > 0) break;
    const err = res.sw === 0x6282 ? undefined : swToError(res.sw, 'READ BINARY');
    if (err) throw err;
    // A card that sends more than was asked is broken or not what the profile says.
    if (res.data.length > want) throw new CardError('malformed-data', `READ BINARY: the card sent ${res.data.length} bytes, ${want} were asked`);
    if (res.data.length > 0) parts.push(res.data);
    offset += res.data.length;
    if (res.sw === 0x6282 || res.data.length < want) break;
  }
  return concat(parts);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 0) return new Uint8Array(0);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
