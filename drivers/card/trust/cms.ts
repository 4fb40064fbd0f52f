import { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import { CardError } from '../errors';
import { TrustError } from './authenticity';
import { verifyChain } from './chain';

/** A CMS SignedData (RFC 5652) taken apart: what it signs, and the certificates it carries. */
export interface SignedObject {
  content: Uint8Array;
  signed: pkijs.SignedData;
  certificates: X509Certificate[];
}

/**
 * Parses a ContentInfo holding a SignedData with encapsulated content. Bytes that are not such an
 * object are malformed card data (the card cannot even be read), not a bad signature.
 */
export function parseSignedObject(der: Uint8Array): SignedObject {
  let signed: pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(der);
    if (info.contentType !== pkijs.ContentInfo.SIGNED_DATA) throw new Error(`content type ${info.contentType}`);
    signed = new pkijs.SignedData({ schema: info.content });
  } catch (err) {
    throw new CardError('malformed-data', 'the signed data object on the card is not a CMS SignedData', undefined, { cause: err });
  }
  const content = signed.encapContentInfo.eContent?.getValue();
  if (!content) throw new CardError('malformed-data', 'the signed data object on the card carries no content');
  const certificates: X509Certificate[] = [];
  for (const c of signed.certificates ?? []) {
    if (!(c instanceof pkijs.Certificate)) continue;
    try {
      certificates.push(new X509Certificate(Buffer.from(c.toSchema().toBER(false))));
    } catch {
      // A certificate OpenSSL cannot parse can sign nothing: leaving it out makes the signer "not found".
    }
  }
  return { content: new Uint8Array(content), signed, certificates };
}

/**
 * Verifies the first signer of the object (pkijs: signed attributes, message digest, signature)
 * and its certificate's chain to `anchors` (node:crypto). Returns the signer's certificate.
 * Throws TrustError: signature-invalid, untrusted-issuer or certificate-expired.
 */
export async function verifySignedObject(obj: SignedObject, anchors: readonly X509Certificate[], now: Date): Promise<X509Certificate> {
  if (obj.signed.signerInfos.length !== 1) throw new TrustError('signature-invalid', `expected one signer, the object has ${obj.signed.signerInfos.length}`);
  let verified = false;
  let signerCert: pkijs.Certificate | undefined;
  try {
    // checkChain is off: the chain is checked below against anchors, with node:crypto.
    const result = await obj.signed.verify({ signer: 0, checkChain: false, extendedMode: true, checkDate: now });
    verified = result.signatureVerified === true;
    signerCert = result.signerCertificate ?? undefined;
  } catch (err) {
    const reason = err instanceof Error ? err.message : typeof err === 'object' && err && 'message' in err ? String(err.message) : 'verification failed';
    throw new TrustError('signature-invalid', `the card's data signature does not verify: ${reason}`, { cause: err });
  }
  if (!verified || !signerCert) throw new TrustError('signature-invalid', "the card's data signature does not verify");
  const signer = new X509Certificate(Buffer.from(signerCert.toSchema().toBER(false)));
  verifyChain(signer, obj.certificates.filter((c) => c.fingerprint256 !== signer.fingerprint256), anchors, now);
  return signer;
}
