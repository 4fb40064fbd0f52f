import { createHash, sign, X509Certificate } from 'node:crypto';
import { fromHex } from '../apdu';
import { CardError } from '../errors';
import { encodeCardFiles } from '../decode';
import { Identity } from '../identity';
import { BELPIC_ATR, belpicProfile } from '../profiles/belpic';
import { MINISTRY_AID, MINISTRY_ATR, MINISTRY_ATR_T1, ministryProfile } from '../profiles/ministry';
import { encodeSimpleTlv } from '../tlv';
import type { CardImage, DfNode, EfNode } from './card-os';
import { DEMO_PHOTO_JPEG } from './demo-photo';
import { newChipKey, signedObject, testSigner, type CardTamper } from './signing';

const ef = (fid: number, data: Uint8Array, more: Partial<EfNode> = {}): EfNode => ({ kind: 'ef', fid, data, ...more });
const utf8 = (s: string) => new TextEncoder().encode(s);

/** How a simulated card misbehaves or protects itself (the `kioskctl sim card` flags). */
export interface CardImageOptions {
  /** T=0 (61xx / 6Cxx mechanics) instead of the ministry card's default T=1. */
  t0?: boolean;
  /** The card answers at most this many bytes at a time (the rest after 61xx). */
  chunk?: number;
  /** Each READ BINARY answers at most this many bytes with 9000, even in the middle of a file. */
  shortReads?: number;
  /** The identity file needs this PIN (ISO 9564 format 2 VERIFY, reference 01). */
  pin?: { value: string; tries: number };
  /** Present forged data or keys (see ./signing). */
  tamper?: CardTamper;
}

/** A QID that differs from the one signed, still well-formed, so only the signature can tell. */
function forgedIdNumber(id: string): string {
  return id.slice(0, -1) + String((Number(id.at(-1)) + 1) % 10);
}

/** What a forger changes after signing; the data signed stays the genuine one. */
function forged(identity: Identity, tamper: CardTamper | undefined): Identity {
  if (tamper === 'identity') return { ...identity, idNumber: forgedIdNumber(identity.idNumber) };
  if (tamper === 'address') return { ...identity, address: { ...identity.address, street: 'Forged Street 1' } };
  return identity;
}

const CHIP_KEY_TAG = ministryProfile.authentication?.chip?.keyTag ?? 0x20;

/**
 * The ministry card as ./profiles/ministry.json describes it: one application DF holding EF 0101
 * (SFI 1), a CMS SignedData over identity, address and the chip's public key, signed with the
 * test document signer; the chip answers INTERNAL AUTHENTICATE with its private key. It takes
 * extended-length APDUs.
 */
export function ministryCardImage(identity: Identity, opts: CardImageOptions = {}): CardImage {
  const id = Identity.parse({ ...identity, profile: 'ministry' });
  const chip = newChipKey();
  const withKey = (who: Identity) => {
    const tlv = encodeCardFiles(ministryProfile, who).identity!;
    return Uint8Array.from([...tlv, ...encodeSimpleTlv([{ tag: CHIP_KEY_TAG, value: chip.spki }])]);
  };
  const genuine = withKey(id);
  const file = opts.tamper === 'unsigned' ? genuine : signedObject(withKey(forged(id, opts.tamper)), testSigner('ministry', opts.tamper), genuine);
  // A chip other than the one the data was issued for: its own key, not the signed one.
  const answering = opts.tamper === 'chip' ? newChipKey() : chip;
  const app: DfNode = {
    kind: 'df',
    fid: 0xdf01,
    aid: fromHex(MINISTRY_AID),
    children: [ef(0x0101, file, { sfi: 1, protected: opts.pin !== undefined })],
  };
  return {
    atr: fromHex(opts.t0 ? MINISTRY_ATR : MINISTRY_ATR_T1),
    mf: { kind: 'df', fid: 0x3f00, children: [app] },
    readBeyondEnd: 'short',
    protocol: opts.t0 ? 'T0' : 'T1',
    extendedLength: true,
    chunk: opts.chunk,
    shortReads: opts.shortReads,
    pin: opts.pin && { ...opts.pin, reference: ministryProfile.pin.reference },
    internalAuthenticate: answering.answer,
  };
}

/**
 * A Belgian eID as the reference describes it: MF / DF01 with 4031 identity, 4032 its RRN
 * signature, 4033 address, 4034 its signature (over the address without trailing 00s, then
 * 4032), 4035 the photo; DF00 / 503C the RRN certificate (the test one). 4031 holds the fields the
 * kiosk ignores too (chip number, issuing municipality, document type, the photo's SHA-256), so
 * the reader is exercised on a realistic file. T=0 with 6Cxx on a too-long Le.
 */
export function belpicCardImage(identity: Identity, opts: Pick<CardImageOptions, 'chunk' | 'shortReads' | 'tamper'> = {}): CardImage {
  if (opts.tamper === 'chip') throw new CardError('invalid-profile', 'the Belgian eID has no chip challenge to tamper with: --tamper chip applies to the ministry card');
  const id = Identity.parse({ ...identity, profile: 'belpic' });
  const files = (who: Identity) => {
    const encoded = encodeCardFiles(belpicProfile, who);
    const extras = encodeSimpleTlv([
      { tag: 0x02, value: fromHex('534C494E33660012AB5E2F4C0A1B2C3D') },
      { tag: 0x05, value: utf8(who.address?.municipality ?? 'Bruxelles') },
      { tag: 0x0f, value: utf8('1') },
      { tag: 0x10, value: utf8('0') },
      { tag: 0x11, value: createHash('sha256').update(DEMO_PHOTO_JPEG).digest() },
    ]);
    // Extra tags are appended after the mapped ones, before any padding; readers must skip them.
    return { identity: Uint8Array.from([...encoded.identity!, ...extras]), address: encoded.address! };
  };
  const genuine = files(id);
  const shown = files(forged(id, opts.tamper));
  const signer = testSigner('belpic', opts.tamper);
  const identitySig = sign('sha256', genuine.identity, signer.key);
  let end = genuine.address.length;
  while (end > 0 && genuine.address[end - 1] === 0) end--;
  const addressSig = sign('sha256', Buffer.concat([genuine.address.subarray(0, end), identitySig]), signer.key);
  const signed = opts.tamper !== 'unsigned';
  const df01: DfNode = {
    kind: 'df',
    fid: 0xdf01,
    children: [
      ef(0x4031, shown.identity),
      ...(signed ? [ef(0x4032, identitySig)] : []),
      ef(0x4033, shown.address),
      ...(signed ? [ef(0x4034, addressSig)] : []),
      ef(0x4035, DEMO_PHOTO_JPEG),
    ],
  };
  const df00: DfNode = { kind: 'df', fid: 0xdf00, children: signed ? [ef(0x503c, new X509Certificate(signer.certificate).raw)] : [] };
  // Real BELPIC cards are T=0 and short-length only (eid-mw never sends extended APDUs).
  return { atr: fromHex(BELPIC_ATR), mf: { kind: 'df', fid: 0x3f00, children: [df00, df01] }, readBeyondEnd: '6C', protocol: 'T0', chunk: opts.chunk, shortReads: opts.shortReads };
}
