import { createHash, X509Certificate } from 'node:crypto';
import { checkServerIdentity, type DetailedPeerCertificate, type PeerCertificate } from 'node:tls';

/**
 * Public-key pins for the gateway (docs/ARCHITECTURE.md, "The gateway link is mutual TLS"). The
 * configured CA alone cannot pin a gateway whose certificate a CA issued: OpenSSL anchors trust
 * at a self-signed root only, so a CA-issued leaf given as the CA never verifies. A pin is the
 * SHA-256 of a certificate's SubjectPublicKeyInfo (`sha256/<base64>`, the form OkHttp and HPKP
 * use): it survives a renewal that keeps the key, and naming the key of the leaf, of an
 * intermediate or of the root narrows the CA's trust to that part of its tree.
 */
export const PIN_PATTERN = /^sha256\/[A-Za-z0-9+/]{43}=$/;

export function spkiPin(certificate: string | Buffer | X509Certificate): string {
  const x = certificate instanceof X509Certificate ? certificate : new X509Certificate(certificate);
  return `sha256/${createHash('sha256').update(x.publicKey.export({ type: 'spki', format: 'der' })).digest('base64')}`;
}

/**
 * Node calls this after the chain verified against the configured CA (never instead of it), with
 * the chain OpenSSL built from what the server presented up to that CA. The host name is still
 * checked first. A session resumed from an earlier handshake skips it: that one was checked.
 */
export function pinnedServerIdentity(pins: readonly string[]): (host: string, cert: PeerCertificate) => Error | undefined {
  const wanted = new Set(pins);
  return (host, cert) => {
    const wrongHost = checkServerIdentity(host, cert);
    if (wrongHost) return wrongHost;
    const seen = new Set<PeerCertificate>();
    // The root's issuerCertificate is itself: the set ends the walk.
    for (let c: DetailedPeerCertificate | undefined = cert as DetailedPeerCertificate; c?.raw && !seen.has(c); c = c.issuerCertificate) {
      seen.add(c);
      if (wanted.has(spkiPin(c.raw))) return undefined;
    }
    return Object.assign(new Error(`the gateway's certificate chain (${[...seen].map((c) => c.subject?.CN ?? '?').join(' < ')}) holds none of the ${wanted.size} pinned keys`), {
      code: 'ERR_GATEWAY_PIN_MISMATCH',
    });
  };
}
