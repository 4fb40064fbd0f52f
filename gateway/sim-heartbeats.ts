import { createPublicKey, verify } from 'node:crypto';
import { HeartbeatDocument, HeartbeatRequest } from './schemas';
import { HttpProblem, parseJson } from './sim-http';

/**
 * The simulator's side of `POST /v1/kiosks/{kioskId}/heartbeat`: verifies the Ed25519
 * signature over the document's exact bytes, enrols a kiosk's key on first sight (a real
 * gateway enrols it out of band) and refuses any other key for that kiosk afterwards.
 */
export interface HeartbeatRecord {
  publicKey: string;
  last: HeartbeatDocument;
  receivedAt: string;
  count: number;
}

export class HeartbeatBook {
  private readonly kiosks = new Map<string, HeartbeatRecord>();

  receive(kioskId: string, raw: Buffer): { status: 202; body: { receivedAt: string; seq: number } } {
    const request = parseJson(HeartbeatRequest, raw);
    const bytes = Buffer.from(request.document, 'base64url');
    let signed = false;
    try {
      const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: request.publicKey }, format: 'jwk' });
      signed = verify(null, bytes, key, Buffer.from(request.signature, 'base64url'));
    } catch {
      signed = false;
    }
    if (!signed) throw new HttpProblem(401, 'signature-invalid', 'The heartbeat signature does not verify.');
    const document = parseJson(HeartbeatDocument, bytes);
    if (document.kioskId !== kioskId) throw new HttpProblem(401, 'signature-invalid', 'The document names another kiosk.');
    const known = this.kiosks.get(kioskId);
    if (known && known.publicKey !== request.publicKey) throw new HttpProblem(409, 'key-mismatch', 'This kiosk is enrolled with another key.');
    const receivedAt = new Date().toISOString();
    this.kiosks.set(kioskId, { publicKey: request.publicKey, last: document, receivedAt, count: (known?.count ?? 0) + 1 });
    return { status: 202, body: { receivedAt, seq: document.seq } };
  }

  get(kioskId: string): HeartbeatRecord | undefined {
    return this.kiosks.get(kioskId);
  }
}
