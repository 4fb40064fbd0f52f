import { createHash, createPrivateKey, generateKeyPairSync, sign, X509Certificate, type KeyObject } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { profileAnchors, type TrustAnchors } from '../trust/anchors';
import { TEST_PKI } from './test-pki';

/**
 * How a simulated card is forged (`kioskctl sim card --tamper`): identity / address data changed
 * after signing, a chip whose key is not the one in the signed data, a signer certificate that
 * has expired or that chains to a root nobody trusts, or no signature at all.
 */
export const CARD_TAMPERS = ['identity', 'address', 'chip', 'cert-expired', 'untrusted', 'unsigned'] as const;
export type CardTamper = (typeof CARD_TAMPERS)[number];

export interface TestSigner {
  certificate: string;
  key: KeyObject;
}

/** The document signer (ministry) or RRN (belpic) test certificate the tamper flag calls for. */
export function testSigner(profile: keyof typeof TEST_PKI, tamper?: CardTamper): TestSigner {
  const pki = TEST_PKI[profile];
  if (tamper === 'untrusted') return { certificate: pki.rogueSigner, key: createPrivateKey(pki.rogueSignerKey) };
  return { certificate: tamper === 'cert-expired' ? pki.signerExpired : pki.signer, key: createPrivateKey(pki.signerKey) };
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  sha256: '2.16.840.1.101.3.4.2.1',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  rsaSha256: '1.2.840.113549.1.1.11',
};

const der = (pem: string) => {
  const b64 = pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
  const buf = Buffer.from(b64, 'base64');
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
};
const bytes = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

/**
 * A CMS SignedData (RFC 5652) over `content` with the signed attributes content-type and
 * message-digest, the signer's certificate included. Synchronous (node:crypto signs; pkijs only
 * builds the structure) so card images stay plain values. `digestOf` is what the message digest
 * is computed over: the content itself, unless a test wants the two to differ.
 */
export function signedObject(content: Uint8Array, signer: TestSigner, digestOf: Uint8Array = content): Uint8Array {
  const cert = pkijs.Certificate.fromBER(der(signer.certificate));
  const ec = signer.key.asymmetricKeyType === 'ec';
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
      new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: bytes(createHash('sha256').update(digestOf).digest()) })] }),
    ],
  });
  // The signature covers the DER of the attributes as a SET OF (tag 31), not as the [0] they are sent in.
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER(false));
  toSign[0] = 0x31;
  const signature = sign('sha256', toSign, signer.key);
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: ec ? OID.ecdsaSha256 : OID.rsaSha256, ...(ec ? {} : { algorithmParams: new asn1js.Null() }) }),
    signature: new asn1js.OctetString({ valueHex: bytes(signature) }),
  });
  const signed = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data, eContent: new asn1js.OctetString({ valueHex: bytes(content) }) }),
    certificates: [cert],
    signerInfos: [signerInfo],
  });
  const info = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: signed.toSchema(true) });
  return new Uint8Array(info.toSchema().toBER(false));
}

/** A chip's key pair: the public half goes into the signed data, the private half answers INTERNAL AUTHENTICATE. */
export interface ChipKey {
  spki: Uint8Array;
  answer: (challenge: Uint8Array) => Uint8Array;
}

export function newChipKey(): ChipKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    spki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
    answer: (challenge) => new Uint8Array(sign('sha256', challenge, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}

const testRoots = new Map<string, X509Certificate>();

/**
 * The profile's anchors plus the simulators' test root for it. Only for simulation (KIOSK_SIMULATE=1,
 * `kioskctl sim`, tests): a production kiosk must never trust a root whose key is in the repository.
 */
export const withTestAnchors: TrustAnchors = (profile) => {
  const pem = profile.name in TEST_PKI ? TEST_PKI[profile.name as keyof typeof TEST_PKI].root : undefined;
  if (!pem) return profileAnchors(profile);
  let root = testRoots.get(pem);
  if (!root) testRoots.set(pem, (root = new X509Certificate(pem)));
  return [...profileAnchors(profile), root];
};
