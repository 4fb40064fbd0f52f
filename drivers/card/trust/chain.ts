import type { X509Certificate } from 'node:crypto';
import { TrustError } from './authenticity';

/** Anchor → document signer is the ministry's and Belgium's depth; one intermediate CA is allowed on top. */
const MAX_DEPTH = 3;

function checkValidity(cert: X509Certificate, now: Date, what: string): void {
  const from = new Date(cert.validFrom);
  const to = new Date(cert.validTo);
  if (now < from || now > to) throw new TrustError('certificate-expired', `${what} "${cert.subject}" is valid ${cert.validFrom} – ${cert.validTo}, not now`);
}

/** `issuer` named as the cert's issuer (and key identifiers, key usage) and its key made the signature. */
const signs = (issuer: X509Certificate, cert: X509Certificate) => {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    // A key OpenSSL cannot decode (it parses certificates without decoding keys) signs nothing.
    return false;
  }
};

/**
 * Walks from the signer's certificate up to one of the anchors, through the CA certificates the
 * signed object carried. Every certificate on the way must be valid at `now`. An anchor is
 * trusted as configured; the path to it is what is checked here (node:crypto / OpenSSL do the
 * signature and name matching).
 */
export function verifyChain(leaf: X509Certificate, intermediates: readonly X509Certificate[], anchors: readonly X509Certificate[], now: Date): X509Certificate {
  if (anchors.length === 0) throw new TrustError('untrusted-issuer', 'no trust anchors are configured for this card profile');
  let cert = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    checkValidity(cert, now, depth === 0 ? 'signer certificate' : 'CA certificate');
    if (anchors.some((a) => a.fingerprint256 === cert.fingerprint256)) return cert;
    const anchor = anchors.find((a) => signs(a, cert));
    if (anchor) {
      checkValidity(anchor, now, 'trust anchor');
      return anchor;
    }
    const next = intermediates.find((c) => c !== cert && c.ca && signs(c, cert));
    if (!next) break;
    cert = next;
  }
  throw new TrustError('untrusted-issuer', `"${leaf.subject}" (issuer "${leaf.issuer}") does not chain to a trusted anchor`);
}
