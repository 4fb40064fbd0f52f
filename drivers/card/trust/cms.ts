import { createHash, verify, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import { CardError } from '../errors';
import { TrustError } from './authenticity';
import { verifyChain } from './chain';

/** A certificate the signed object carries, with the DER parts a signer identifier names. */
interface CarriedCertificate {
  x509: X509Certificate;
  issuer: Uint8Array;
  serial: Uint8Array;
  /** The subjectPublicKey bits, whose SHA-1 a SubjectKeyIdentifier sid names (RFC 5280 §4.2.1.2 method 1). */
  publicKeyBits: Uint8Array;
}

type SignerId = { issuer: Uint8Array; serial: Uint8Array } | { keyId: Uint8Array };

interface SignerInfo {
  version: number;
  sid: SignerId;
  digestAlgorithm: string;
  /** The signed attributes as DER with the SET OF tag the signature covers (RFC 5652 §5.4), or none. */
  signedAttrs?: Uint8Array;
  contentTypeAttr?: string;
  messageDigest?: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

/** A CMS SignedData (RFC 5652) taken apart: what it signs, who signed, and the certificates it carries. */
export interface SignedObject {
  version: number;
  /** The digest algorithms the SignedData lists (not covered by the signature, so checked against the signer's). */
  digestAlgorithms: string[];
  content: Uint8Array;
  contentType: string;
  certificates: X509Certificate[];
  signers: number;
  signer?: SignerInfo;
  carried: CarriedCertificate[];
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
};

/** Digests a ministry card may use: SHA-1 is not accepted for data issued now. */
const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

/** Signature algorithms by OID: the key type they need and their hash (undefined: the digest algorithm's). */
const SIGNATURES: Record<string, { key: 'ec' | 'rsa' | 'ed25519'; hash?: string | null }> = {
  '1.2.840.10045.4.3.2': { key: 'ec', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { key: 'ec', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { key: 'ec', hash: 'sha512' },
  '1.2.840.10045.2.1': { key: 'ec' },
  '1.2.840.113549.1.1.11': { key: 'rsa', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { key: 'rsa', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { key: 'rsa', hash: 'sha512' },
  '1.2.840.113549.1.1.1': { key: 'rsa' },
  '1.3.101.112': { key: 'ed25519', hash: null },
};

const UNIVERSAL = 1;
const CONTEXT = 3;
const TAG = { integer: 2, bitString: 3, octetString: 4, oid: 6, sequence: 16, set: 17 };

type Block = asn1js.AsnType;

/** The parse failed: the object is not a SignedData of the shape RFC 5652 gives. */
class Malformed extends Error {}

function is(block: Block | undefined, tagClass: number, tagNumber: number): block is Block {
  return block !== undefined && block.idBlock.tagClass === tagClass && block.idBlock.tagNumber === tagNumber;
}

function children(block: Block | undefined, what: string, tagClass = UNIVERSAL, tagNumber = TAG.sequence): Block[] {
  if (!is(block, tagClass, tagNumber) || !block.idBlock.isConstructed) throw new Malformed(`${what} is not where it should be`);
  return (block as asn1js.Constructed).valueBlock.value;
}

function primitive(block: Block | undefined, what: string, tagClass = UNIVERSAL, tagNumber = TAG.octetString): Uint8Array {
  if (!is(block, tagClass, tagNumber)) throw new Malformed(`${what} is not where it should be`);
  if (!block.idBlock.isConstructed) return (block as asn1js.Primitive).valueBlock.valueHexView;
  // BER allows a constructed string (chunks); DER does not, but a chunked eContent is still readable.
  if (tagClass === UNIVERSAL && tagNumber === TAG.octetString) return new Uint8Array((block as asn1js.OctetString).getValue());
  throw new Malformed(`${what} is constructed`);
}

function oid(block: Block | undefined, what: string): string {
  if (!(block instanceof asn1js.ObjectIdentifier)) throw new Malformed(`${what} is not an object identifier`);
  return block.getValue();
}

function integer(block: Block | undefined, what: string): number {
  const bytes = primitive(block, what, UNIVERSAL, TAG.integer);
  // Versions are small: anything longer than a byte is not one RFC 5652 knows.
  if (bytes.length !== 1) throw new Malformed(`${what} is not a small integer`);
  return bytes[0]!;
}

/** The encoding of `block` as it was on the card (signatures cover those bytes, not a re-encoding). */
const encoded = (block: Block): Uint8Array => block.valueBeforeDecodeView;

const algorithm = (block: Block | undefined, what: string) => oid(children(block, what)[0], `${what}'s algorithm`);

function carriedCertificate(block: Block): CarriedCertificate | undefined {
  // Other certificate formats ([0]…[3] choices) cannot sign a document; they are left out.
  if (!is(block, UNIVERSAL, TAG.sequence)) return undefined;
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(Buffer.from(encoded(block)));
  } catch {
    // A certificate OpenSSL cannot parse can sign nothing: leaving it out makes the signer "not found".
    return undefined;
  }
  // OpenSSL took it as a certificate, so its TBSCertificate has this shape (RFC 5280 §4.1).
  const tbs = children(children(block, 'certificate')[0], 'TBSCertificate');
  const at = is(tbs[0], CONTEXT, 0) ? 1 : 0;
  const spki = children(tbs[at + 5], 'subjectPublicKeyInfo');
  return {
    x509,
    serial: primitive(tbs[at], 'serial number', UNIVERSAL, TAG.integer),
    issuer: encoded(tbs[at + 2]!),
    publicKeyBits: primitive(spki[1], 'subjectPublicKey', UNIVERSAL, TAG.bitString),
  };
}

function signerId(block: Block | undefined): SignerId {
  if (is(block, CONTEXT, 0)) return { keyId: primitive(block, 'subjectKeyIdentifier', CONTEXT, 0) };
  const [issuer, serial] = children(block, 'issuerAndSerialNumber');
  if (!is(issuer, UNIVERSAL, TAG.sequence)) throw new Malformed('the signer’s issuer is not a name');
  return { issuer: encoded(issuer), serial: primitive(serial, 'the signer’s serial number', UNIVERSAL, TAG.integer) };
}

function signerInfo(block: Block): SignerInfo {
  const parts = children(block, 'SignerInfo');
  let i = 0;
  const version = integer(parts[i++], 'SignerInfo version');
  const sid = signerId(parts[i++]);
  const digestAlgorithm = algorithm(parts[i++], 'digestAlgorithm');
  const info: SignerInfo = { version, sid, digestAlgorithm, signatureAlgorithm: '', signature: new Uint8Array(0) };
  if (is(parts[i], CONTEXT, 0)) {
    const attrs = parts[i++]!;
    const der = Uint8Array.from(encoded(attrs));
    der[0] = 0x31;
    info.signedAttrs = der;
    for (const attr of children(attrs, 'signed attributes', CONTEXT, 0)) {
      const [type, values] = children(attr, 'attribute');
      const typeOid = oid(type, 'attribute type');
      const vals = children(values, 'attribute values', UNIVERSAL, TAG.set);
      if (typeOid !== OID.contentType && typeOid !== OID.messageDigest) continue;
      // RFC 5652 §11: each of the two appears once, with one value.
      if (vals.length !== 1 || (typeOid === OID.contentType ? info.contentTypeAttr : info.messageDigest) !== undefined) {
        throw new Malformed(`the ${typeOid} attribute must appear once with one value`);
      }
      if (typeOid === OID.contentType) info.contentTypeAttr = oid(vals[0], 'content-type attribute');
      else info.messageDigest = primitive(vals[0], 'message-digest attribute');
    }
  }
  info.signatureAlgorithm = algorithm(parts[i++], 'signatureAlgorithm');
  info.signature = primitive(parts[i++], 'signature');
  return info;
}

/**
 * Parses a ContentInfo holding a SignedData with encapsulated content. Bytes that are not such an
 * object are malformed card data (the card cannot even be read), not a bad signature.
 *
 * asn1js decodes the DER; the SignedData's fields are then taken by position. pkijs's schema
 * matching did the same job at about 50 ms per card on a loaded 2-core machine (the read's whole
 * budget is 150 ms); this takes a few. The result is cross-checked by `openssl cms -verify` in
 * test/integration/card/independent-client.test.ts.
 */
export function parseSignedObject(der: Uint8Array): SignedObject {
  try {
    // Limits for bytes from an untrusted chip: a real SignedData has a few dozen nodes, a dozen deep.
    // Inside the try: asn1js throws a plain Error for a time it cannot read (a GeneralizedTime
    // whose last character is neither a digit nor Z), where other bad bytes give an offset of -1.
    const parsed = asn1js.fromBER(der, { maxDepth: 24, maxNodes: 2000, parseEmbedded: false });
    if (parsed.offset === -1) throw new Malformed(parsed.result.error || 'not DER');
    const [type, explicit] = children(parsed.result, 'ContentInfo');
    const contentType = oid(type, 'content type');
    if (contentType !== OID.signedData) throw new Malformed(`content type ${contentType}`);
    const fields = children(children(explicit, 'content', CONTEXT, 0)[0], 'SignedData');
    const version = integer(fields[0], 'version');
    const digestAlgorithms = children(fields[1], 'digestAlgorithms', UNIVERSAL, TAG.set).map((a) => algorithm(a, 'digestAlgorithms'));
    const [eType, eContent] = children(fields[2], 'encapContentInfo');
    const eContentType = oid(eType, 'eContentType');
    if (!eContent) throw new CardError('malformed-data', 'the signed data object on the card carries no content');
    const content = Uint8Array.from(primitive(children(eContent, 'eContent', CONTEXT, 0)[0], 'eContent'));
    let at = 3;
    const carried: CarriedCertificate[] = [];
    if (is(fields[at], CONTEXT, 0)) {
      for (const c of children(fields[at++], 'certificates', CONTEXT, 0)) {
        const cert = carriedCertificate(c);
        if (cert) carried.push(cert);
      }
    }
    if (is(fields[at], CONTEXT, 1)) at++; // revocation information: the card's chain is checked against anchors, offline
    const infos = children(fields[at], 'signerInfos', UNIVERSAL, TAG.set);
    return {
      version,
      digestAlgorithms,
      content,
      contentType: eContentType,
      certificates: carried.map((c) => c.x509),
      carried,
      signers: infos.length,
      signer: infos.length === 1 ? signerInfo(infos[0]!) : undefined,
    };
  } catch (err) {
    if (err instanceof CardError) throw err;
    throw new CardError('malformed-data', 'the signed data object on the card is not a CMS SignedData', undefined, { cause: err });
  }
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

function findSigner(obj: SignedObject, sid: SignerId): CarriedCertificate | undefined {
  if ('keyId' in sid) return obj.carried.find((c) => sameBytes(createHash('sha1').update(c.publicKeyBits).digest(), sid.keyId));
  return obj.carried.find((c) => sameBytes(c.issuer, sid.issuer) && sameBytes(c.serial, sid.serial));
}

/** OpenSSL parses a certificate without decoding its key: a key that does not decode can sign nothing. */
function publicKey(cert: X509Certificate): KeyObject {
  try {
    return cert.publicKey;
  } catch (err) {
    throw new TrustError('signature-invalid', `the signer's certificate "${cert.subject}" holds no usable public key`, { cause: err });
  }
}

function signatureVerifies(info: SignerInfo, data: Uint8Array, key: KeyObject, digest: string): boolean {
  const alg = SIGNATURES[info.signatureAlgorithm];
  if (!alg) throw new TrustError('signature-invalid', `the card's data is signed with an algorithm the kiosk does not accept (${info.signatureAlgorithm})`);
  if (key.asymmetricKeyType !== alg.key) throw new TrustError('signature-invalid', `a ${key.asymmetricKeyType ?? 'unknown'} key cannot make a ${info.signatureAlgorithm} signature`);
  try {
    return verify(alg.hash === undefined ? digest : alg.hash, data, key, info.signature);
  } catch {
    // OpenSSL refuses a signature it cannot even decode (not DER, wrong size): it is not valid.
    return false;
  }
}

/**
 * Verifies the one signer of the object (RFC 5652 §5.6: content-type and message-digest
 * attributes, then the signature with node:crypto) and its certificate's chain to `anchors`.
 * Returns the signer's certificate. Throws TrustError: signature-invalid, untrusted-issuer or
 * certificate-expired.
 */
export function verifySignedObject(obj: SignedObject, anchors: readonly X509Certificate[], now: Date): X509Certificate {
  const info = obj.signer;
  if (!info) throw new TrustError('signature-invalid', `expected one signer, the object has ${obj.signers}`);
  const signer = findSigner(obj, info.sid);
  if (!signer) throw new TrustError('signature-invalid', "the card's data signature does not verify: the signer's certificate is not in the signed object");
  // The fields no signature covers must still say what RFC 5652 §5.1 and §5.3 make them say, so a
  // changed byte there is refused too, not read past.
  const keyId = 'keyId' in info.sid;
  const version = keyId || obj.contentType !== OID.data ? 3 : 1;
  if (obj.version !== version || info.version !== (keyId ? 3 : 1)) {
    throw new TrustError('signature-invalid', `SignedData version ${obj.version} / SignerInfo version ${info.version} do not match its signer identifier and content`);
  }
  if (!obj.digestAlgorithms.includes(info.digestAlgorithm)) throw new TrustError('signature-invalid', "the signer's digest algorithm is not among the SignedData's");
  const digest = DIGESTS[info.digestAlgorithm];
  if (!digest) throw new TrustError('signature-invalid', `the card's data is digested with an algorithm the kiosk does not accept (${info.digestAlgorithm})`);
  let data = obj.content;
  // Without signed attributes nothing binds the content's type to the signature (RFC 5652 §5.3).
  if (!info.signedAttrs && obj.contentType !== OID.data) throw new TrustError('signature-invalid', `content of type ${obj.contentType} is signed without signed attributes`);
  if (info.signedAttrs) {
    if (info.contentTypeAttr !== obj.contentType) throw new TrustError('signature-invalid', 'the content-type attribute does not name the signed content’s type');
    if (!info.messageDigest || !sameBytes(createHash(digest).update(obj.content).digest(), info.messageDigest)) {
      throw new TrustError('signature-invalid', "the card's data does not match the message digest it was signed with");
    }
    data = info.signedAttrs;
  }
  if (!signatureVerifies(info, data, publicKey(signer.x509), digest)) throw new TrustError('signature-invalid', "the card's data signature does not verify");
  verifyChain(signer.x509, obj.certificates.filter((c) => c !== signer.x509), anchors, now);
  return signer.x509;
}
