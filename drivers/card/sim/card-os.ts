import { encodeResponseApdu, parseCommandApdu, type CommandApdu } from '../apdu';
import { CardError } from '../errors';
import { decodePinBlock } from '../pin';

/**
 * A small ISO 7816-4 card operating system over an in-memory file tree: SELECT (MF, by file id,
 * by AID, by path), READ BINARY with offsets, GET RESPONSE. Pure: bytes in, bytes out, so it is
 * tested without a reader and driven by the vpcd client in ./virtual-card.
 */
export interface EfNode {
  kind: 'ef';
  fid: number;
  data: Uint8Array;
  /** Short EF identifier: READ BINARY with P1 = 80|sfi reaches it without a SELECT. */
  sfi?: number;
  /** Readable only after a successful VERIFY (6982 before). */
  protected?: boolean;
}
export interface DfNode {
  kind: 'df';
  fid: number;
  /** DF name; SELECT by AID finds it. */
  aid?: Uint8Array;
  children: Array<DfNode | EfNode>;
}

export interface CardImage {
  atr: Uint8Array;
  mf: DfNode;
  /**
   * What READ BINARY answers when Le asks for more than is left: 'short' (the rest + 9000),
   * '6282' (the rest + warning) or '6C' (6Cxx telling the exact length, as T=0 BELPIC cards do).
   */
  readBeyondEnd: 'short' | '6282' | '6C';
  /**
   * T0: a case-4 command (SELECT with FCI) answers 61xx and waits for GET RESPONSE. T1: the data
   * comes with the answer. (Which protocol pcscd picks follows from the ATR.)
   */
  protocol?: 'T0' | 'T1';
  /** The card's I/O buffer: answers longer than this come in pieces, the rest announced by 61xx. */
  chunk?: number;
  /**
   * Each READ BINARY answers at most this many bytes and still says 9000, wherever it is in the
   * file (some cards and readers cap answers at a few dozen bytes): the reader must read on.
   */
  shortReads?: number;
  /** What READ BINARY at the offset just past the end answers: 6B00 (default) or no data and 9000. */
  atEnd?: '6B00' | 'empty';
  /** Whether extended-length APDUs are accepted (6700 otherwise). */
  extendedLength?: boolean;
  /** A PIN (digits) with its VERIFY reference and the number of tries. */
  pin?: { value: string; reference: number; tries: number };
  /** The chip's private key at work: INTERNAL AUTHENTICATE's answer to a challenge (6D00 without one). */
  internalAuthenticate?: (challenge: Uint8Array) => Uint8Array;
}

const MF_FID = 0x3f00;
const SW = {
  OK: 0x9000,
  EOF_WARNING: 0x6282,
  WRONG_LENGTH: 0x6700,
  NO_CURRENT_EF: 0x6986,
  CONDITIONS: 0x6985,
  FUNC_NOT_SUPPORTED: 0x6a81,
  SECURITY: 0x6982,
  BLOCKED: 0x6983,
  WRONG_DATA: 0x6a80,
  REF_NOT_FOUND: 0x6a88,
  FILE_NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6a86,
  WRONG_OFFSET: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
} as const;

const empty = new Uint8Array(0);
const res = (sw: number, data: Uint8Array = empty) => encodeResponseApdu(data, sw);
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export class CardOs {
  private path: DfNode[] = [];
  private ef: EfNode | undefined;
  private pending: Uint8Array | undefined;
  private verified = false;
  /** Survives resets and re-insertion, like the counter in a card's EEPROM. */
  private triesLeft: number;

  constructor(readonly image: CardImage) {
    this.triesLeft = image.pin?.tries ?? 0;
    this.reset();
  }

  /** Power-on or reset: back to the MF, nothing selected, nothing pending, PIN no longer verified. */
  reset(): void {
    this.path = [this.image.mf];
    this.ef = undefined;
    this.pending = undefined;
    this.verified = false;
  }

  get pinTriesLeft(): number {
    return this.triesLeft;
  }

  private get df(): DfNode {
    return this.path[this.path.length - 1]!;
  }

  handle(bytes: Uint8Array): Uint8Array {
    let cmd: CommandApdu;
    try {
      cmd = parseCommandApdu(bytes);
    } catch (err) {
      return res(err instanceof CardError && err.sw ? err.sw : SW.WRONG_LENGTH);
    }
    if (cmd.ins !== 0xc0) this.pending = undefined;
    if ((cmd.cla & 0xf0) !== 0x00) return res(SW.CLA_NOT_SUPPORTED);
    const extended = bytes.length >= 7 && bytes[4] === 0x00;
    if (extended && this.image.extendedLength !== true) return res(SW.WRONG_LENGTH);
    switch (cmd.ins) {
      case 0x20:
        return this.verify(cmd);
      case 0xa4:
        return this.select(cmd);
      case 0xb0:
        return this.readBinary(cmd);
      case 0xc0:
        return this.getResponse(cmd);
      case 0x88:
        return this.internalAuthenticate(cmd);
      default:
        return res(SW.INS_NOT_SUPPORTED);
    }
  }

  private select(cmd: CommandApdu): Uint8Array {
    const data = cmd.data ?? empty;
    if (cmd.p2 !== 0x00 && cmd.p2 !== 0x0c) return res(SW.WRONG_P1P2);
    let found: { path: DfNode[]; ef?: EfNode } | undefined;
    switch (cmd.p1) {
      case 0x00: // MF, or a file id among the current DF's children / the current DF's parent
        if (data.length === 0) found = { path: [this.image.mf] };
        else if (data.length === 2) found = this.byFid(fidOf(data, 0), true);
        else return res(SW.WRONG_LENGTH);
        break;
      case 0x01: // child DF
      case 0x02: // EF under the current DF
        if (data.length !== 2) return res(SW.WRONG_LENGTH);
        found = this.byFid(fidOf(data, 0), false, cmd.p1 === 0x01 ? 'df' : 'ef');
        break;
      case 0x04:
        if (data.length < 1 || data.length > 16) return res(SW.WRONG_LENGTH);
        found = this.byAid(data);
        break;
      case 0x08: // path from the MF
      case 0x09: // path from the current DF
        if (data.length === 0 || data.length % 2 !== 0) return res(SW.WRONG_LENGTH);
        found = this.byPath(data, cmd.p1 === 0x08 ? [this.image.mf] : [...this.path]);
        break;
      default:
        return res(SW.WRONG_P1P2);
    }
    if (!found) return res(SW.FILE_NOT_FOUND);
    this.path = found.path;
    this.ef = found.ef;
    if (cmd.p2 === 0x0c) return res(SW.OK);
    // With an FCP wanted the command is case 4: over T=0 the card says 61xx and waits for GET RESPONSE.
    const fcp = this.fcp(found.ef ?? this.df);
    if (this.image.protocol === 'T1') return this.answer(fcp, SW.OK);
    this.pending = fcp;
    return res(0x6100 | this.pending.length);
  }

  /** Sends data, or the first `chunk` bytes of it with 61xx announcing the rest. */
  private answer(data: Uint8Array, sw: number): Uint8Array {
    const chunk = this.image.chunk;
    if (!chunk || data.length <= chunk || sw !== SW.OK) return res(sw, data);
    this.pending = data.subarray(chunk);
    return res(0x6100 | Math.min(this.pending.length, 0xff), data.subarray(0, chunk));
  }

  private internalAuthenticate(cmd: CommandApdu): Uint8Array {
    const sign = this.image.internalAuthenticate;
    if (!sign) return res(SW.INS_NOT_SUPPORTED);
    if (cmd.p1 !== 0x00 || cmd.p2 !== 0x00) return res(SW.WRONG_P1P2);
    if (!cmd.data || cmd.data.length === 0) return res(SW.WRONG_LENGTH);
    const answer = sign(cmd.data);
    // Case 4 like SELECT with FCI: over T=0 the answer waits for GET RESPONSE.
    if (this.image.protocol === 'T1') return this.answer(answer, SW.OK);
    this.pending = answer;
    return res(0x6100 | answer.length);
  }

  private verify(cmd: CommandApdu): Uint8Array {
    const pin = this.image.pin;
    if (!pin || cmd.p1 !== 0x00 || cmd.p2 !== pin.reference) return res(SW.REF_NOT_FOUND);
    if (this.triesLeft === 0) return res(SW.BLOCKED);
    if (!cmd.data) return res(this.verified ? SW.OK : 0x63c0 | this.triesLeft);
    const got = decodePinBlock(cmd.data);
    if (got === undefined) return res(SW.WRONG_DATA);
    if (got === pin.value) {
      this.verified = true;
      this.triesLeft = pin.tries;
      return res(SW.OK);
    }
    this.verified = false;
    this.triesLeft--;
    return res(0x63c0 | this.triesLeft);
  }

  private byFid(fid: number, anyKind: boolean, kind?: 'df' | 'ef'): { path: DfNode[]; ef?: EfNode } | undefined {
    if (anyKind && fid === MF_FID) return { path: [this.image.mf] };
    if (anyKind && this.path.length > 1 && this.path[this.path.length - 2]!.fid === fid) return { path: this.path.slice(0, -1) };
    const child = this.df.children.find((c) => c.fid === fid && (kind === undefined || c.kind === kind));
    if (!child) return undefined;
    return child.kind === 'df' ? { path: [...this.path, child] } : { path: [...this.path], ef: child };
  }

  private byAid(aid: Uint8Array): { path: DfNode[] } | undefined {
    const walk = (df: DfNode, trail: DfNode[]): DfNode[] | undefined => {
      // ISO 7816-4 allows a right-truncated DF name: the first DF whose name starts with it.
      if (df.aid && aid.length <= df.aid.length && sameBytes(df.aid.subarray(0, aid.length), aid)) return trail;
      for (const c of df.children) {
        if (c.kind !== 'df') continue;
        const hit = walk(c, [...trail, c]);
        if (hit) return hit;
      }
      return undefined;
    };
    const path = walk(this.image.mf, [this.image.mf]);
    return path ? { path } : undefined;
  }

  private byPath(data: Uint8Array, start: DfNode[]): { path: DfNode[]; ef?: EfNode } | undefined {
    const path = [...start];
    let ef: EfNode | undefined;
    for (let i = 0; i < data.length; i += 2) {
      const fid = fidOf(data, i);
      if (ef) return undefined; // an EF has no children
      if (i === 0 && fid === MF_FID && start.length === 1) continue; // commons-eid sends the MF too
      const child = path[path.length - 1]!.children.find((c) => c.fid === fid);
      if (!child) return undefined;
      if (child.kind === 'df') path.push(child);
      else ef = child;
    }
    return { path, ef };
  }

  private fcp(node: DfNode | EfNode): Uint8Array {
    const parts: number[] = [];
    const add = (tag: number, value: ArrayLike<number>) => parts.push(tag, value.length, ...Array.from(value));
    if (node.kind === 'ef') add(0x80, [(node.data.length >> 8) & 0xff, node.data.length & 0xff]);
    add(0x82, [node.kind === 'ef' ? 0x01 : 0x38]); // transparent EF / DF
    add(0x83, [(node.fid >> 8) & 0xff, node.fid & 0xff]);
    if (node.kind === 'df' && node.aid) add(0x84, node.aid);
    return Uint8Array.from([0x62, parts.length, ...parts]);
  }

  private readBinary(cmd: CommandApdu): Uint8Array {
    if (cmd.data) return res(SW.WRONG_LENGTH);
    let offset: number;
    if (cmd.p1 & 0x80) {
      // P1 = 100xxxxx: xxxxx is a short EF identifier in the current DF, P2 the offset.
      if (cmd.p1 & 0x60) return res(SW.WRONG_P1P2);
      const sfi = cmd.p1 & 0x1f;
      const ef = this.df.children.find((c): c is EfNode => c.kind === 'ef' && c.sfi === sfi);
      if (!ef) return res(SW.FILE_NOT_FOUND);
      this.ef = ef;
      offset = cmd.p2;
    } else offset = (cmd.p1 << 8) | cmd.p2;
    if (!this.ef) return res(SW.NO_CURRENT_EF);
    if (this.ef.protected && !this.verified) return res(SW.SECURITY);
    const file = this.ef.data;
    if (offset === file.length && this.image.atEnd === 'empty') return res(SW.OK);
    if (offset >= file.length) return res(SW.WRONG_OFFSET);
    const left = file.length - offset;
    const cap = this.image.shortReads;
    // A capped answer is always "that is all for now" with 9000, never a 6Cxx or 6282.
    if (cap !== undefined && Math.min(cmd.ne ?? 256, left) > cap) return this.answer(file.subarray(offset, offset + cap), SW.OK);
    const ne = cmd.ne ?? 256;
    if (ne <= left) return this.answer(file.subarray(offset, offset + ne), SW.OK);
    switch (this.image.readBeyondEnd) {
      case 'short':
        return this.answer(file.subarray(offset), SW.OK);
      case '6282':
        return res(SW.EOF_WARNING, file.subarray(offset));
      case '6C':
        // 6Cxx can only name up to 255 bytes; beyond that, answer what is there.
        return left > 0xff ? res(SW.OK, file.subarray(offset)) : res(0x6c00 | left);
    }
  }

  private getResponse(cmd: CommandApdu): Uint8Array {
    const pending = this.pending;
    if (!pending || pending.length === 0) return res(SW.CONDITIONS);
    const ne = cmd.ne ?? 256;
    if (ne > pending.length) {
      return res(0x6c00 | (pending.length & 0xff));
    }
    // The I/O buffer limits GET RESPONSE too.
    const out = pending.subarray(0, Math.min(ne, this.image.chunk ?? ne));
    const rest = pending.subarray(out.length);
    this.pending = rest.length ? rest : undefined;
    return rest.length ? res(0x6100 | Math.min(rest.length, 0xff), out) : res(SW.OK, out);
  }
}

function fidOf(data: Uint8Array, at: number): number {
  return (data[at]! << 8) | data[at + 1]!;
}
