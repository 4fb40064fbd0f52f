import { X509Certificate } from 'node:crypto';
import { CardError } from '../errors';
import type { CardProfile } from '../profiles/schema';

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Trust anchors from PEM text (a profile's list, a `--anchors FILE.pem`, later a signed config
 * bundle). Text with no certificate, or a block that does not parse, is refused: an anchor list
 * that silently shrank would turn every card into "untrusted".
 */
export function parseAnchorsPem(text: string, source = 'trust anchors'): X509Certificate[] {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new CardError('invalid-anchors', `${source}: no PEM certificate found`);
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (err) {
      throw new CardError('invalid-anchors', `${source}: certificate ${i + 1} does not parse`, undefined, { cause: err });
    }
  });
}

/** Which anchors a read trusts for a profile: the profile's own, or what the caller configures. */
export type TrustAnchors = (profile: CardProfile) => readonly X509Certificate[];

const parsedAnchors = new WeakMap<CardProfile, X509Certificate[]>();

/** The production anchors the profile lists (parsed once per profile object). */
export const profileAnchors: TrustAnchors = (profile) => {
  let anchors = parsedAnchors.get(profile);
  if (!anchors) {
    const pems = profile.authentication?.anchors ?? [];
    anchors = pems.flatMap((pem, i) => parseAnchorsPem(pem, `${profile.name} profile anchor ${i + 1}`));
    parsedAnchors.set(profile, anchors);
  }
  return anchors;
};
