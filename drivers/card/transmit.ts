import { encodeCommandApdu, getResponse, parseResponseApdu, sw1, sw2, type CommandApdu, type ResponseApdu } from './apdu';
import { CardError, swToError } from './errors';

/** Anything that carries one command APDU to a card and returns its response bytes (PC/SC, a test fake). */
export interface ApduTransport {
  transmit(command: Uint8Array): Promise<Uint8Array>;
}

// Every round must bring at least one byte and an answer is at most 64 KiB, so this bounds the loop
// without refusing a card with a tiny buffer answering a large extended READ BINARY.
const MAX_GET_RESPONSE = 65536;

export interface TransmitResult extends ResponseApdu {
  /**
   * The card answered the command itself with 6Cxx and the data came after the resend with Le=xx:
   * the card named exactly how many bytes it had, which for READ BINARY means the end of the file.
   */
  lengthNamed: boolean;
}

/**
 * Sends one command and hides the T=0 mechanics: 61xx is followed by GET RESPONSE until the card
 * has nothing more, and 6Cxx re-sends the same command with Le=xx. Returns the final status word
 * as it is; callers decide which are errors.
 */
export async function transmitApdu(transport: ApduTransport, cmd: CommandApdu, opts: { sensitive?: boolean } = {}): Promise<TransmitResult> {
  const bytes = encodeCommandApdu(cmd);
  let raw: Uint8Array;
  try {
    raw = await transport.transmit(bytes);
  } finally {
    // A VERIFY carries the PIN block: wipe our copy as soon as it has been sent.
    if (opts.sensitive) bytes.fill(0);
  }
  let res = parseResponseApdu(raw);
  const lengthNamed = sw1(res.sw) === 0x6c;
  if (lengthNamed) {
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
  return { data: concat(chunks), sw: res.sw, lengthNamed };
}

/** Like transmitApdu, but a status word other than 9000/6282 becomes a CardError. */
export async function transmitOk(transport: ApduTransport, cmd: CommandApdu, what: string): Promise<Uint8Array> {
  const res = await transmitApdu(transport, cmd);
  const err = swToError(res.sw, what);
  if (err) throw err;
  return res.data;
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
