import { createHash, createPrivateKey, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { CardError } from '../../../drivers/card/errors';
import { ministryProfile } from '../../../drivers/card/profiles';
import { withTestAnchors } from '../../../drivers/card/sim/signing';
import { TEST_PKI } from '../../../drivers/card/sim/test-pki';
import { TrustError } from '../../../drivers/card/trust/authenticity';
import { parseSignedObject, verifySignedObject } from '../../../drivers/card/trust/cms';

/**
 * The card's CMS SignedData is taken apart with asn1js and checked with node:crypto. These objects
 * are made by pkijs's own signer (WebCrypto), not by the simulator, so the verifier is held to
 * RFC 5652 as another implementation writes it: both signer identifier forms, with and without
 * signed attributes, and the digests it accepts or refuses.
 */
const pki = TEST_PKI.ministry;
const anchors = withTestAnchors(ministryProfile);
const now = new Date('2027-06-01');
const content = new TextEncoder().encode('signed identity file');

const buf = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
const derOf = (pem: string) => Buffer.from(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');

interface Variant {
  sid?: 'issuer-serial' | 'key-id';
  signedAttrs?: boolean;
  hash?: 'SHA-256' | 'SHA-384' | 'SHA-1';
  /** The content-type attribute names another type than the content's. */
  contentTypeAttr?: string;
  signers?: number;
}

async function signed(v: Variant = {}): Promise<Uint8Array> {
  const hash = v.hash ?? 'SHA-256';
  const cert = pkijs.Certificate.fromBER(derOf(pki.signer));
  const key = await webcrypto.subtle.importKey('pkcs8', createPrivateKey(pki.signerKey).export({ type: 'pkcs8', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  const keyId = createHash('sha1').update(cert.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView).digest();
  const digest = await webcrypto.subtle.digest(hash, content);
  const digestOid = { 'SHA-256': '2.16.840.1.101.3.4.2.1', 'SHA-384': '2.16.840.1.101.3.4.2.2', 'SHA-1': '1.3.14.3.2.26' }[hash];
  const info = () =>
    new pkijs.SignerInfo({
      version: v.sid === 'key-id' ? 3 : 1,
      sid:
        v.sid === 'key-id'
          ? new asn1js.Primitive({ idBlock: { tagClass: 3, tagNumber: 0 }, valueHex: buf(keyId) })
          : new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
      ...(v.signedAttrs === false
        ? {}
        : {
            signedAttrs: new pkijs.SignedAndUnsignedAttributes({
              type: 0,
              attributes: [
                new pkijs.Attribute({ type: '1.2.840.113549.1.9.3', values: [new asn1js.ObjectIdentifier({ value: v.contentTypeAttr ?? '1.2.840.113549.1.7.1' })] }),
                new pkijs.Attribute({ type: '1.2.840.113549.1.9.4', values: [new asn1js.OctetString({ valueHex: digest })] }),
              ],
            }),
          }),
    });
  const sd = new pkijs.SignedData({
    version: v.sid === 'key-id' ? 3 : 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: '1.2.840.113549.1.7.1', eContent: new asn1js.OctetString({ valueHex: buf(content) }) }),
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: digestOid })],
    certificates: [cert],
    signerInfos: Array.from({ length: v.signers ?? 1 }, info),
  });
  for (let i = 0; i < (v.signers ?? 1); i++) await sd.sign(key, i, hash, buf(content));
  const ci = new pkijs.ContentInfo({ contentType: pkijs.ContentInfo.SIGNED_DATA, content: sd.toSchema(true) });
  return new Uint8Array(ci.toSchema().toBER(false));
}

const check = async (v: Variant) => verifySignedObject(parseSignedObject(await signed(v)), anchors, now);
const failure = async (v: Variant) => {
  try {
    await check(v);
  } catch (err) {
    if (err instanceof TrustError) return err;
    throw err;
  }
  throw new Error('verified');
};

describe('CMS SignedData from another implementation (pkijs signing)', () => {
  it('issuer and serial number, signed attributes, SHA-256: verified, content and signer as signed', async () => {
    const obj = parseSignedObject(await signed());
    expect(Buffer.from(obj.content).toString()).toBe('signed identity file');
    expect(verifySignedObject(obj, anchors, now).subject).toMatch(/Document Signer/);
  });
  it('a SubjectKeyIdentifier signer identifier: verified', async () => {
    expect((await check({ sid: 'key-id' })).subject).toMatch(/Document Signer/);
  });
  it('no signed attributes (the signature over the content itself): verified', async () => {
    expect((await check({ signedAttrs: false })).subject).toMatch(/Document Signer/);
  });
  it('a SHA-384 digest: verified', async () => {
    expect((await check({ hash: 'SHA-384' })).subject).toMatch(/Document Signer/);
  });
  it('a SHA-1 digest: signature-invalid, the kiosk does not accept it', async () => {
    const err = await failure({ hash: 'SHA-1' });
    expect(err.code).toBe('signature-invalid');
    expect(err.message).toMatch(/1\.3\.14\.3\.2\.26/);
  });
  it('two signers: signature-invalid', async () => {
    expect((await failure({ signers: 2 })).message).toMatch(/one signer, the object has 2/);
  });
  it('a content-type attribute that names another type: signature-invalid', async () => {
    expect((await failure({ contentTypeAttr: '1.2.840.113549.1.7.2' })).message).toMatch(/content-type attribute/);
  });
  it('a time asn1js cannot read (it throws rather than fail the parse): malformed-data, typed', () => {
    // SEQUENCE { GeneralizedTime "2026X" }: the card fuzz reached it through a mutated signing time.
    const err = (() => {
      try {
        parseSignedObject(Uint8Array.from([0x30, 0x07, 0x18, 0x05, 0x32, 0x30, 0x32, 0x36, 0x58]));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CardError);
    expect((err as CardError).code).toBe('malformed-data');
  });
  it('a certificate is not a SignedData: malformed-data, the card cannot be read', () => {
    const err = (() => {
      try {
        parseSignedObject(derOf(pki.signer));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CardError);
    expect((err as CardError).code).toBe('malformed-data');
  });
});
