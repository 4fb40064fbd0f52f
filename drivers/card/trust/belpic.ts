import { createHash, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { CardFiles } from '../decode';
import type { Authentication } from '../profiles/schema';
import { parseSimpleTlv } from '../tlv';
import { TrustError } from './authenticity';
import { verifyChain } from './chain';

/** Photo hash lengths by card generation (reference/belpic.md §4, tag 11). */
const PHOTO_HASH: Record<number, string> = { 20: 'sha1', 32: 'sha256', 48: 'sha384' };

/** Drops the 00 padding after the TLV: the address signature covers the address without it. */
function trimTrailingZeros(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0x00) end--;
  return bytes.subarray(0, end);
}

/**
 * An RRN signature: RSA cards sign with PKCS #1 v1.5 over SHA-256, or SHA-1 on older cards
 * (re-signed cards mix them, so both are tried); EC cards (applet 1.8) with DER-encoded ECDSA over
 * SHA-384. Per eid-mw's certhelpers.c, as reference/belpic.md sums it up.
 */
function rrnSigned(cert: X509Certificate, data: Uint8Array, signature: Uint8Array): boolean {
  let key: KeyObject;
  try {
    key = cert.publicKey;
  } catch {
    // OpenSSL parses a certificate without decoding its key: one that does not decode signs nothing.
    return false;
  }
  const hashes = key.asymmetricKeyType === 'ec' ? ['sha384'] : ['sha256', 'sha1'];
  return hashes.some((hash) => {
    try {
      return verify(hash, data, key, signature);
    } catch {
      return false;
    }
  });
}

function rrnCertificate(der: Uint8Array): X509Certificate {
  try {
    return new X509Certificate(Buffer.from(der));
  } catch (err) {
    throw new TrustError('signature-invalid', 'the RRN certificate on the card (DF00/503C) does not parse', { cause: err });
  }
}

/**
 * The Belgian National Register's scheme: 4032 signs 4031 as read; 4034 signs 4033 without its
 * trailing 00s followed by 4032; both with the key of the RRN certificate (503C), which must chain
 * to an anchor; the photo's hash (4035) is the identity file's tag 11. A card with no signature
 * files is `unsigned`; any other failure throws TrustError.
 */
export function verifyBelpicRrn(auth: Authentication, files: CardFiles, anchors: readonly X509Certificate[], now: Date): void {
  const { identity, address } = files;
  const identitySig = files['identity-signature'];
  const addressSig = files['address-signature'];
  const certDer = files['signer-certificate'];
  if (!identitySig && !addressSig && !certDer) throw new TrustError('unsigned', 'the card has no identity signature, address signature or RRN certificate');
  if (!identity || !identitySig || !certDer || (address && !addressSig)) throw new TrustError('signature-invalid', 'a signature file or the RRN certificate is missing from the card');
  const cert = rrnCertificate(certDer);
  if (!rrnSigned(cert, identity, identitySig)) throw new TrustError('signature-invalid', 'the identity file does not match its RRN signature (4032)');
  if (address && addressSig && !rrnSigned(cert, Uint8Array.from([...trimTrailingZeros(address), ...identitySig]), addressSig)) {
    throw new TrustError('signature-invalid', 'the address file does not match its RRN signature (4034)');
  }
  if (auth.photoHashTag !== undefined) {
    const tag = auth.photoHashTag;
    const expected = parseSimpleTlv(identity).find((el) => el.tag === tag)?.value;
    const photo = files.photo;
    if (!expected || !photo) throw new TrustError('signature-invalid', 'the photo or its hash in the identity file is missing');
    const algorithm = PHOTO_HASH[expected.length];
    if (!algorithm) throw new TrustError('signature-invalid', `the photo hash has ${expected.length} bytes, not a SHA-1, -256 or -384 hash`);
    if (!createHash(algorithm).update(photo).digest().equals(expected)) throw new TrustError('signature-invalid', 'the photo (4035) does not match the hash in the signed identity file');
  }
  verifyChain(cert, [], anchors, now);
}
