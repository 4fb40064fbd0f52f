import { CardError } from './errors';

/**
 * ISO 7816-4 command and response APDUs as pure functions over bytes. `ne` is the number of
 * response bytes expected (not the encoded Le byte): 256 is encoded as Le=00 in short form.
 */
export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length; absent or 0 means no Le field (cases 1 and 3). */
  ne?: number;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

const SHORT_MAX_NC = 255;
const SHORT_MAX_NE = 256;
const EXT_MAX = 65536;

function checkByte(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new CardError('malformed-data', `APDU ${name} must be a byte, got ${v}`);
}

/** Encodes cases 1-4; picks extended length only when a length does not fit the short form or when asked. */
export function encodeCommandApdu(cmd: CommandApdu, opts: { extended?: boolean } = {}): Uint8Array {
  for (const k of ['cla', 'ins', 'p1', 'p2'] as const) checkByte(k, cmd[k]);
  const nc = cmd.data?.length ?? 0;
  const ne = cmd.ne ?? 0;
  if (nc > EXT_MAX - 1) throw new CardError('malformed-data', `APDU data too long: ${nc} bytes`);
  if (!Number.isInteger(ne) || ne < 0 || ne > EXT_MAX) throw new CardError('malformed-data', `APDU Ne out of range: ${ne}`);
  const extended = opts.extended === true || nc > SHORT_MAX_NC || ne > SHORT_MAX_NE;
  const out: number[] = [cmd.cla, cmd.ins, cmd.p1, cmd.p2];
  if (nc > 0) {
    if (extended) out.push(0x00, (nc >> 8) & 0xff, nc & 0xff);
    else out.push(nc);
    for (const b of cmd.data!) out.push(b);
  }
  if (ne > 0) {
    if (!extended) out.push(ne === SHORT_MAX_NE ? 0x00 : ne);
    else {
      // Extended Le is two bytes after an extended Lc, three (leading 00) when there is no body.
      if (nc === 0) out.push(0x00);
      const v = ne === EXT_MAX ? 0 : ne;
      out.push((v >> 8) & 0xff, v & 0xff);
    }
  }
  return Uint8Array.from(out);
}

/** Parses a command APDU (the simulator's side). Throws malformed-data / wrong-length on bad framing. */
export function parseCommandApdu(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new CardError('wrong-length', `command APDU too short: ${bytes.length} bytes`, 0x6700);
  const [cla, ins, p1, p2] = [bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!];
  const body = bytes.subarray(4);
  const base = { cla, ins, p1, p2 };
  if (body.length === 0) return base;
  if (body.length === 1) return { ...base, ne: body[0] === 0 ? SHORT_MAX_NE : body[0]! };
  const b0 = body[0]!;
  if (b0 !== 0) {
    // Short Lc.
    const nc = b0;
    if (body.length === 1 + nc) return { ...base, data: body.slice(1) };
    if (body.length === 2 + nc) {
      const le = body[1 + nc]!;
      return { ...base, data: body.slice(1, 1 + nc), ne: le === 0 ? SHORT_MAX_NE : le };
    }
    throw new CardError('wrong-length', `command APDU body length ${body.length} does not match Lc ${nc}`, 0x6700);
  }
  // Extended form: 00 followed by two length bytes.
  if (body.length === 3) {
    const le = (body[1]! << 8) | body[2]!;
    return { ...base, ne: le === 0 ? EXT_MAX : le };
  }
  if (body.length < 3) throw new CardError('wrong-length', 'truncated extended length', 0x6700);
  const nc = (body[1]! << 8) | body[2]!;
  if (nc === 0) throw new CardError('wrong-length', 'extended Lc of zero', 0x6700);
  if (body.length === 3 + nc) return { ...base, data: body.slice(3) };
  if (body.length === 5 + nc) {
    const le = (body[3 + nc]! << 8) | body[4 + nc]!;
    return { ...base, data: body.slice(3, 3 + nc), ne: le === 0 ? EXT_MAX : le };
  }
  throw new CardError('wrong-length', `command APDU body length ${body.length} does not match extended Lc ${nc}`, 0x6700);
}

export function parseResponseApdu(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new CardError('malformed-data', `response APDU too short: ${bytes.length} bytes`);
  const n = bytes.length;
  return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2]! << 8) | bytes[n - 1]! };
}

export function encodeResponseApdu(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data, 0);
  out[data.length] = (sw >> 8) & 0xff;
  out[data.length + 1] = sw & 0xff;
  return out;
}

export const sw1 = (sw: number): number => (sw >> 8) & 0xff;
export const sw2 = (sw: number): number => sw & 0xff;

// ---- Command constructors used by the profiles -------------------------------------------------

/** P2 = 0C: no FCI is wanted, so the card answers 9000 with no data (a case 3 command). */
export function selectByAid(aid: Uint8Array, wantFci = false): CommandApdu {
  return wantFci ? { cla: 0, ins: 0xa4, p1: 0x04, p2: 0x00, data: aid, ne: 256 } : { cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: aid };
}

/** Path from the MF, without the MF's own 3F00 (ISO 7816-4); `fids` may include it, as commons-eid sends it. */
export function selectByPath(path: Uint8Array, wantFci = false): CommandApdu {
  return wantFci ? { cla: 0, ins: 0xa4, p1: 0x08, p2: 0x00, data: path, ne: 256 } : { cla: 0, ins: 0xa4, p1: 0x08, p2: 0x0c, data: path };
}

/** Select an EF under the current DF by its 2-byte file id. */
export function selectEf(fid: number, wantFci = false): CommandApdu {
  const data = Uint8Array.of((fid >> 8) & 0xff, fid & 0xff);
  return wantFci ? { cla: 0, ins: 0xa4, p1: 0x02, p2: 0x00, data, ne: 256 } : { cla: 0, ins: 0xa4, p1: 0x02, p2: 0x0c, data };
}

export function readBinary(offset: number, ne: number): CommandApdu {
  if (!Number.isInteger(offset) || offset < 0 || offset > 0x7fff) {
    throw new CardError('malformed-data', `READ BINARY offset out of range: ${offset}`);
  }
  return { cla: 0, ins: 0xb0, p1: (offset >> 8) & 0x7f, p2: offset & 0xff, ne };
}

/**
 * READ BINARY by short EF identifier (P1 = 100xxxxx): selects the EF and reads it in one APDU,
 * which saves a SELECT round trip. P2 is the offset, so only the first 256 bytes can be reached
 * this way; later chunks use plain offsets on what is now the current EF.
 */
export function readBinarySfi(sfi: number, offset: number, ne: number): CommandApdu {
  if (!Number.isInteger(sfi) || sfi < 1 || sfi > 30) throw new CardError('malformed-data', `short EF identifier must be 1-30, got ${sfi}`);
  if (!Number.isInteger(offset) || offset < 0 || offset > 0xff) throw new CardError('malformed-data', `READ BINARY by SFI offset out of range: ${offset}`);
  return { cla: 0, ins: 0xb0, p1: 0x80 | sfi, p2: offset, ne };
}

/**
 * VERIFY (ISO 7816-4 INS 20). Without data (case 1) it only asks how many tries are left
 * (63Cx), or whether the PIN is already verified (9000); with data it presents the PIN block.
 */
export function verify(reference: number, block?: Uint8Array): CommandApdu {
  checkByte('PIN reference', reference);
  return block ? { cla: 0, ins: 0x20, p1: 0x00, p2: reference, data: block } : { cla: 0, ins: 0x20, p1: 0x00, p2: reference };
}

/**
 * INTERNAL AUTHENTICATE (ISO 7816-4 INS 88): the card computes an answer to `challenge` with a
 * private key only the chip holds. P1 = P2 = 00: the algorithm and key are implied by the
 * application, as ICAO 9303 active authentication does. Case 4: the answer is a signature.
 */
export function internalAuthenticate(challenge: Uint8Array): CommandApdu {
  if (challenge.length < 1 || challenge.length > SHORT_MAX_NC) throw new CardError('malformed-data', `challenge must be 1-255 bytes, got ${challenge.length}`);
  return { cla: 0, ins: 0x88, p1: 0x00, p2: 0x00, data: challenge, ne: SHORT_MAX_NE };
}

export function getResponse(ne: number): CommandApdu {
  return { cla: 0, ins: 0xc0, p1: 0, p2: 0, ne };
}

export function toHex(bytes: Uint8Array, sep = ''): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(sep);
}

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/[\s:]/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new CardError('malformed-data', `not a hex string: ${JSON.stringify(text.slice(0, 40))}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}
