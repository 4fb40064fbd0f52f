import { encodeCommandApdu, getResponse, parseResponseApdu, readBinary, sw1, sw2, type CommandApdu, type ResponseApdu } from './apdu';
import { CardError, swToError } from './errors';

/** Anything that carries one command APDU to a card and returns its response bytes (PC/SC, a test fake). */
export interface ApduTransport {
  transmit(command: Uint8Array): Promise<Uint8Array>;
}

const MAX_GET_RESPONSE = 64;

/**
 * Sends one command and hides the T=0 mechanics: 61xx is followed by GET RESPONSE until the card
 * has nothing more, and 6Cxx re-sends the same command with Le=xx. Returns the final status word
 * as it is; callers decide which are errors.
 */
export async function transmitApdu(transport: ApduTransport, cmd: CommandApdu): Promise<ResponseApdu> {
  let res = parseResponseApdu(await transport.transmit(encodeCommandApdu(cmd)));
  if (sw1(res.sw) === 0x6c) {
    const ne = sw2(res.sw) === 0 ? 256 : sw2(res.sw);
    res = parseResponseApdu(await transport.transmit(encodeCommandApdu({ ...cmd, ne })));
  }
  const chunks: Uint8Array[] = [res.data];
  let rounds = 0;
  while (sw1(res.sw) === 0x61) {
    if (++rounds > MAX_GET_RESPONSE) throw new CardError('malformed-data', 'card kept answering 61xx to GET RESPONSE');
    const ne = sw2(res.sw) === 0 ? 256 : sw2(res.sw);
    res = parseResponseApdu(await transport.transmit(encodeCommandApdu(getResponse(ne))));
    if (sw1(res.sw) === 0x6c) {
      const exact = sw2(res.sw) === 0 ? 256 : sw2(res.sw);
      res = parseResponseApdu(await transport.transmit(encodeCommandApdu(getResponse(exact))));
    }
    chunks.push(res.data);
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
  /** Bytes asked for per READ BINARY: 256 (Le=00) for speed; belpic readers use 0xF4 or 0xFF. */
  chunk?: number;
  /** Refuse files beyond this size, so a broken card cannot make us loop for ever. */
  maxSize?: number;
}

/**
 * Reads the currently selected transparent EF to its end. The end is a short answer, a 6282
 * warning, or 6B00 at an offset > 0 (the file ended exactly on a chunk boundary).
 */
export async function readBinaryFile(transport: ApduTransport, opts: ReadBinaryOptions = {}): Promise<Uint8Array> {
  const chunk = opts.chunk ?? 256;
  const maxSize = Math.min(opts.maxSize ?? 0x8000, 0x8000);
  if (!Number.isInteger(chunk) || chunk < 1 || chunk > 256) throw new CardError('malformed-data', `read chunk must be 1-256, got ${chunk}`);
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (;;) {
    if (offset >= maxSize) throw new CardError('malformed-data', `file larger than ${maxSize} bytes`);
    const want = Math.min(chunk, maxSize - offset);
    const res = await transmitApdu(transport, readBinary(offset, want));
    if (res.sw === 0x6b00 && offset > 0) break;
    if (res.sw === 0x6282) {
      parts.push(res.data);
      break;
    }
    const err = swToError(res.sw, 'READ BINARY');
    if (err) throw err;
    if (res.data.length === 0) break;
    parts.push(res.data);
    offset += res.data.length;
    if (res.data.length < want) break;
  }
  return concat(parts);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
