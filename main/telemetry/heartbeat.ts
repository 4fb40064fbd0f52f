import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HeartbeatDocument, HeartbeatRequest } from '../../gateway/schemas';
import type { Logger } from '../core/ports';
import type { GatewayClient } from '../gateway/client';
import { errorCode } from '../../shared/coded-error';

/**
 * The kiosk's heartbeat to the ministry gateway: every `everyMs` a small status document
 * (gateway/openapi.yaml, HeartbeatDocument) signed with the kiosk's own Ed25519 key, so ops
 * without a metrics stack still see each kiosk alive, in service or in safe mode, and what it
 * says about its devices and queue. A heartbeat that cannot be delivered is not retried: the
 * next one says the same, fresher. The key is made on first start and kept in the data folder
 * (0600); the gateway enrols its public half.
 */
export const HEARTBEAT_KEY_FILE = 'heartbeat-key.pem';

export type HeartbeatFacts = Omit<HeartbeatDocument, 'kioskId' | 'seq' | 'sentAt' | 'startedAt' | 'version'>;

export function heartbeatKey(dataDir: string): KeyObject {
  const file = join(dataDir, HEARTBEAT_KEY_FILE);
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  }
  return createPrivateKey(readFileSync(file));
}

export function signHeartbeat(document: HeartbeatDocument, key: KeyObject): HeartbeatRequest {
  const bytes = Buffer.from(JSON.stringify(document), 'utf8');
  const x = createPublicKey(key).export({ format: 'jwk' }).x!;
  return { document: bytes.toString('base64url'), signature: sign(null, bytes, key).toString('base64url'), publicKey: x };
}

export class HeartbeatSender {
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private failing = false;
  private readonly startedAt = new Date().toISOString();

  constructor(
    private readonly opts: { client: Pick<GatewayClient, 'heartbeat'>; key: KeyObject; kioskId: string; version: string; everyMs: number; facts: () => HeartbeatFacts; log: Logger },
  ) {}

  start(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.opts.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Sends one now; true when the gateway took it. Never throws. */
  async beat(): Promise<boolean> {
    try {
      this.seq += 1;
      const document: HeartbeatDocument = { kioskId: this.opts.kioskId, seq: this.seq, sentAt: new Date().toISOString(), startedAt: this.startedAt, version: this.opts.version, ...this.opts.facts() };
      await this.opts.client.heartbeat(signHeartbeat(document, this.opts.key), Math.min(10_000, this.opts.everyMs));
      if (this.failing) this.opts.log.info('heartbeat-recovered', { seq: this.seq });
      this.failing = false;
      return true;
    } catch (err) {
      if (!this.failing) this.opts.log.warn('heartbeat-failed', { code: errorCode(err) ?? 'error' });
      this.failing = true;
      return false;
    }
  }
}
