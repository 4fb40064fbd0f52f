import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { CodedError } from '../../shared/coded-error';

/**
 * A work-order code: the second factor a technician types after card and PIN where the
 * configuration asks for it (issue 11). Ops mint it for one kiosk (and, if they want, one
 * technician card) for a short time, signed with an ops Ed25519 key whose public half the
 * kiosk's configuration names.
 *
 * Why a whole signature on a touch screen: the kiosk must check the code offline (a technician
 * is often there because the gateway is down), and no QR reader is fitted, so everything the
 * check needs is typed. A truncated MAC would need the secret on every kiosk, where one stolen
 * kiosk forges codes for all. So the code carries its Ed25519 signature whole: 11 bytes of
 * header and 64 of signature, 75 bytes, 120 characters of Crockford base32 (no I, L, O, U; typed
 * O, I and L read as 0, 1 and 1), in 30 blocks of 4 with a check character after each. A
 * mistyped block is named before anything is verified, so a typo costs the technician that
 * block, not a try; the check covers the block's position too, so two blocks swapped are found.
 *
 * The kiosk id and the card are not carried: they are signed over, so a code for another kiosk
 * or card never verifies. One byte (a hash of the kiosk id) is carried so a code for another
 * kiosk is told as such rather than as a bad code.
 *
 * Header: version 1 in the high nibble of byte 0 and "bound to a card" in its bit 0; the kiosk
 * tag; the work order's number (24 bits); when it was issued (whole minutes since 1970, 32
 * bits); how long it lasts in minutes (16 bits). All big-endian.
 */
export const WORK_ORDER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const WORK_ORDER_BLOCKS = 30;
const BLOCK = 4;
const HEADER_BYTES = 11;
const SIGNATURE_BYTES = 64;
const VERSION = 1;
const DOMAIN = 'moi-kiosk work-order v1\n';
/** A clock a little ahead of the kiosk's (the mint's laptop) still gives a code usable at once. */
export const CLOCK_SKEW_MINUTES = 5;

export type WorkOrderErrorCode =
  /** Not a code: wrong length, a character outside the alphabet, a block whose check fails, another version. */
  | 'work-order-malformed'
  /** Made for another kiosk. */
  | 'work-order-other-kiosk'
  /** No trusted key signed it for this kiosk and this card (a forged code, or one for another card). */
  | 'work-order-invalid'
  | 'work-order-expired'
  | 'work-order-not-yet-valid'
  /** Valid longer than this kiosk allows. */
  | 'work-order-too-long'
  | 'work-order-key-invalid';

export class WorkOrderError extends CodedError<WorkOrderErrorCode> {
  override readonly name = 'WorkOrderError';
  constructor(
    code: WorkOrderErrorCode,
    message: string,
    /** The first block (1-based) whose check character does not hold. */
    readonly block?: number,
  ) {
    super(code, message);
  }
}

export interface WorkOrder {
  order: number;
  /** ms since epoch, whole minutes. */
  issuedAt: number;
  minutes: number;
  cardBound: boolean;
}

/** A key the kiosk trusts: its id (for the audit log) and its raw public key. */
export interface WorkOrderKey {
  id: string;
  /** The raw 32-byte Ed25519 public key, hex. */
  publicKey: string;
}

const value = (ch: string): number => WORK_ORDER_ALPHABET.indexOf(ch);

/** Luhn mod 32 over the block's position and its characters: any one character wrong, or two neighbours swapped, fails. */
function checkChar(position: number, block: string): string {
  const digits = [position % 32, ...[...block].map(value)];
  let sum = 0;
  let factor = 2;
  for (let i = digits.length - 1; i >= 0; i--) {
    const addend = factor * digits[i]!;
    sum += Math.floor(addend / 32) + (addend % 32);
    factor = factor === 2 ? 1 : 2;
  }
  return WORK_ORDER_ALPHABET[(32 - (sum % 32)) % 32]!;
}

function toBase32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const byte of bytes) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += WORK_ORDER_ALPHABET[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return bits > 0 ? out + WORK_ORDER_ALPHABET[(acc << (5 - bits)) & 31] : out;
}

function fromBase32(text: string): Buffer {
  const out: number[] = [];
  let bits = 0;
  let acc = 0;
  for (const ch of text) {
    acc = (acc << 5) | value(ch);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
  }
  return Buffer.from(out);
}

/** As typed: any case, spaces and dashes ignored, O read as 0 and I, L as 1. */
export function normaliseWorkOrder(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** The 75 bytes behind a typed code; WorkOrderError `work-order-malformed` naming the block when it is not one. */
export function decodeWorkOrder(typed: string): Buffer {
  const text = normaliseWorkOrder(typed);
  const bad = [...text].findIndex((ch) => value(ch) < 0);
  if (bad >= 0) throw new WorkOrderError('work-order-malformed', 'a work-order code has only the digits and the letters A-Z without U', Math.floor(bad / (BLOCK + 1)) + 1);
  const blocks = text.match(/.{1,5}/g) ?? [];
  for (let i = 0; i < Math.min(blocks.length, WORK_ORDER_BLOCKS); i++) {
    const block = blocks[i]!;
    if (block.length === BLOCK + 1 && checkChar(i + 1, block.slice(0, BLOCK)) === block[BLOCK]) continue;
    if (block.length < BLOCK + 1 && i === blocks.length - 1) break;
    throw new WorkOrderError('work-order-malformed', `block ${i + 1} of the work-order code is mistyped`, i + 1);
  }
  if (text.length !== WORK_ORDER_BLOCKS * (BLOCK + 1)) throw new WorkOrderError('work-order-malformed', `a work-order code has ${WORK_ORDER_BLOCKS} blocks of 5 characters`, Math.min(blocks.length + (text.length % 5 === 0 ? 1 : 0), WORK_ORDER_BLOCKS));
  return fromBase32(blocks.map((b) => b.slice(0, BLOCK)).join(''));
}

/** The bytes as a code, in blocks of five (four characters and their check) separated by spaces. */
export function encodeWorkOrder(bytes: Uint8Array): string {
  if (bytes.length !== HEADER_BYTES + SIGNATURE_BYTES) throw new WorkOrderError('work-order-malformed', `a work order is ${HEADER_BYTES + SIGNATURE_BYTES} bytes`);
  const chars = toBase32(bytes);
  const blocks: string[] = [];
  for (let i = 0; i < WORK_ORDER_BLOCKS; i++) {
    const block = chars.slice(i * BLOCK, (i + 1) * BLOCK);
    blocks.push(block + checkChar(i + 1, block));
  }
  return blocks.join(' ');
}

const kioskTag = (kioskId: string): number => createHash('sha256').update(`moi-kiosk work-order kiosk\n${kioskId}`).digest()[0]!;

/** What a card is bound by: a hash of the card's id number, so neither the code nor the visit holds the number itself. */
export const cardBinding = (cardId: string): string => createHash('sha256').update(`moi-kiosk technician card\n${cardId}`).digest('hex');

function signedBytes(header: Uint8Array, kioskId: string, card: string | undefined): Buffer {
  return Buffer.concat([Buffer.from(`${DOMAIN}${kioskId}\n${card ?? ''}\n`, 'utf8'), header]);
}

/** The key id the configuration names a key by: the first 16 hex digits of the SHA-256 of its raw public key. */
export function workOrderKeyId(publicKeyHex: string): string {
  return createHash('sha256').update(Buffer.from(publicKeyHex, 'hex')).digest('hex').slice(0, 16);
}

/** A raw Ed25519 public key as node:crypto's key (SPKI: a fixed 12-byte prefix, then the key). */
function publicKeyObject(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new WorkOrderError('work-order-key-invalid', 'a work-order public key is 64 hex digits (32 bytes)');
  return createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

export function rawPublicKey(key: KeyObject): string {
  const der = (key.type === 'public' ? key : createPublicKey(key)).export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32).toString('hex');
}

export interface MintInput {
  kioskId: string;
  /** The technician card's id number, when the code is for that card only. */
  cardId?: string;
  order: number;
  issuedAt: Date;
  minutes: number;
}

/** Ops' side: a code for one kiosk (and card), signed with an Ed25519 private key (PEM or KeyObject). */
export function mintWorkOrder(privateKey: KeyObject | string, input: MintInput): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  if (key.asymmetricKeyType !== 'ed25519') throw new WorkOrderError('work-order-key-invalid', 'a work order is signed with an Ed25519 key');
  if (!Number.isInteger(input.order) || input.order < 0 || input.order > 0xffffff) throw new WorkOrderError('work-order-malformed', 'a work-order number is 0 to 16777215');
  if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > 0xffff) throw new WorkOrderError('work-order-malformed', 'a work order lasts 1 to 65535 minutes');
  const header = Buffer.alloc(HEADER_BYTES);
  header[0] = (VERSION << 4) | (input.cardId ? 1 : 0);
  header[1] = kioskTag(input.kioskId);
  header.writeUIntBE(input.order, 2, 3);
  header.writeUInt32BE(Math.floor(input.issuedAt.getTime() / 60_000), 5);
  header.writeUInt16BE(input.minutes, 9);
  const signature = sign(null, signedBytes(header, input.kioskId, input.cardId && cardBinding(input.cardId)), key);
  return encodeWorkOrder(Buffer.concat([header, signature]));
}

export interface VerifyContext {
  kioskId: string;
  /** cardBinding() of the technician card in the reader. */
  card: string;
  keys: readonly WorkOrderKey[];
  /** The longest validity this kiosk accepts. */
  maxMinutes: number;
  now: number;
}

/**
 * The kiosk's side: the work order, the key that signed it and the SHA-256 of its signature (hex,
 * what the kiosk keeps of a code once used: it names nobody), or a WorkOrderError saying why not.
 */
export function verifyWorkOrder(typed: string, ctx: VerifyContext): WorkOrder & { keyId: string; signatureHash: string } {
  const bytes = decodeWorkOrder(typed);
  const header = bytes.subarray(0, HEADER_BYTES);
  if (header[0]! >> 4 !== VERSION || (header[0]! & 0x0e) !== 0) throw new WorkOrderError('work-order-malformed', 'this work-order code is of a version this kiosk does not know');
  if (header[1] !== kioskTag(ctx.kioskId)) throw new WorkOrderError('work-order-other-kiosk', 'this work-order code was made for another kiosk');
  const order: WorkOrder = { order: header.readUIntBE(2, 3), issuedAt: header.readUInt32BE(5) * 60_000, minutes: header.readUInt16BE(9), cardBound: (header[0]! & 1) === 1 };
  const message = signedBytes(header, ctx.kioskId, order.cardBound ? ctx.card : undefined);
  const signature = bytes.subarray(HEADER_BYTES);
  const key = ctx.keys.find((k) => verify(null, message, publicKeyObject(k.publicKey), signature));
  if (!key) throw new WorkOrderError('work-order-invalid', order.cardBound ? 'this work-order code was not signed by ops for this kiosk and this card' : 'this work-order code was not signed by ops for this kiosk');
  if (order.minutes > ctx.maxMinutes) throw new WorkOrderError('work-order-too-long', `this work-order code lasts ${order.minutes} minutes; this kiosk takes at most ${ctx.maxMinutes}`);
  if (ctx.now < order.issuedAt - CLOCK_SKEW_MINUTES * 60_000) throw new WorkOrderError('work-order-not-yet-valid', 'this work-order code is not valid yet (is the kiosk’s clock right?)');
  if (ctx.now >= order.issuedAt + order.minutes * 60_000) throw new WorkOrderError('work-order-expired', 'this work-order code has expired');
  return { ...order, keyId: key.id, signatureHash: createHash('sha256').update(signature).digest('hex') };
}

/** Checks a configured key: 64 hex digits whose id is the one given beside it. */
export function checkWorkOrderKey(key: WorkOrderKey): void {
  publicKeyObject(key.publicKey);
  if (workOrderKeyId(key.publicKey) !== key.id) throw new WorkOrderError('work-order-key-invalid', `the work-order key ${key.id} is not the id of its public key (${workOrderKeyId(key.publicKey)})`);
}
