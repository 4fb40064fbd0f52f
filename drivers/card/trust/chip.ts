import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { internalAuthenticate } from '../apdu';
import { transmitApdu, type ApduTransport } from '../transmit';
import { TrustError } from './authenticity';

function chipKey(spki: Uint8Array): KeyObject {
  try {
    return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (err) {
    throw new TrustError('chip-challenge-failed', 'the chip key in the signed data is not a public key', { cause: err });
  }
}

/**
 * Active authentication: a fresh random challenge that only the chip holding the private key for
 * `spki` can sign, so signed data copied onto another chip fails here. EC keys answer with a plain
 * r‖s ECDSA signature over SHA-256 (BSI TR-03111, as ICAO 9303 active authentication uses); RSA
 * keys with PKCS #1 v1.5 over SHA-256.
 */
export async function challengeChip(transport: ApduTransport, spki: Uint8Array, challengeLength: number): Promise<void> {
  const key = chipKey(spki);
  const challenge = randomBytes(challengeLength);
  const res = await transmitApdu(transport, internalAuthenticate(challenge));
  if (res.sw !== 0x9000) throw new TrustError('chip-challenge-failed', `INTERNAL AUTHENTICATE answered SW ${res.sw.toString(16).toUpperCase()}`);
  let ok = false;
  try {
    ok = verify('sha256', challenge, { key, dsaEncoding: 'ieee-p1363' }, res.data);
  } catch {
    ok = false;
  }
  if (!ok) throw new TrustError('chip-challenge-failed', "the chip's answer to the challenge does not verify with the key in the signed data");
}
