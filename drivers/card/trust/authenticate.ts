import type { X509Certificate } from 'node:crypto';
import type { CardFiles } from '../decode';
import type { Authentication, CardProfile } from '../profiles/schema';
import { parseSimpleTlv } from '../tlv';
import type { ApduTransport } from '../transmit';
import { isTrustError, TrustError, type Authenticity } from './authenticity';
import { verifyBelpicRrn } from './belpic';
import { challengeChip } from './chip';
import { parseSignedObject, verifySignedObject } from './cms';

/** What a read checks the card's signatures against. */
export interface TrustContext {
  anchors: readonly X509Certificate[];
  now: Date;
}

export interface Authenticated {
  authenticity: Authenticity;
  /** Why it is not verified (certificates and algorithms, never the person's data), for logs. */
  reason?: string;
  /** The files to decode: a signed file's content in place of the signed object. */
  files: CardFiles;
}

/**
 * Checks what a profile's files say about their own authenticity and, where the profile has a
 * chip key, challenges the chip. A card that fails is still decoded (the catalog decides what an
 * unverified card may do); only data that cannot be taken apart at all fails the read.
 */
export async function authenticateCard(transport: ApduTransport, profile: CardProfile, files: CardFiles, trust: TrustContext): Promise<Authenticated> {
  const auth = profile.authentication;
  if (!auth) return { authenticity: 'unsigned', reason: `the ${profile.name} profile has no signed data`, files };
  switch (auth.scheme) {
    case 'cms':
      return authenticateCms(transport, auth, files, trust);
    case 'belpic-rrn':
      try {
        verifyBelpicRrn(auth, files, trust.anchors, trust.now);
        return { authenticity: 'verified', files };
      } catch (err) {
        if (isTrustError(err)) return { authenticity: err.code, reason: err.message, files };
        throw err;
      }
  }
}

async function authenticateCms(transport: ApduTransport, auth: Authentication, files: CardFiles, trust: TrustContext): Promise<Authenticated> {
  const raw = files.identity;
  // A plain TLV file (its version tag 00 first, which no DER object starts with) carries no signature.
  if (!raw || raw[0] === 0x00) return { authenticity: 'unsigned', reason: 'the identity file is not signed', files };
  const signed = parseSignedObject(raw);
  const decoded: CardFiles = { ...files, identity: signed.content };
  try {
    verifySignedObject(signed, trust.anchors, trust.now);
    if (auth.chip) {
      const keyTag = auth.chip.keyTag;
      const spki = parseSimpleTlv(signed.content).find((el) => el.tag === keyTag)?.value;
      if (!spki) throw new TrustError('chip-challenge-failed', `the signed data holds no chip key (tag ${keyTag})`);
      await challengeChip(transport, spki, auth.chip.challengeLength);
    }
    return { authenticity: 'verified', files: decoded };
  } catch (err) {
    if (isTrustError(err)) return { authenticity: err.code, reason: err.message, files: decoded };
    throw err;
  }
}
