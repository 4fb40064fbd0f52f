import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type HeartbeatDocument } from '../../../gateway/schemas';
import { HeartbeatBook } from '../../../gateway/sim-heartbeats';
import { HEARTBEAT_KEY_FILE, heartbeatKey, signHeartbeat } from '../../../main/telemetry/heartbeat';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const doc = (over: Partial<HeartbeatDocument> = {}): HeartbeatDocument => ({
  kioskId: 'K07',
  seq: 1,
  sentAt: '2026-12-01T08:00:00.000Z',
  startedAt: '2026-12-01T07:00:00.000Z',
  version: '0.1.0',
  mode: 'in-service',
  config: { version: 'shipped', rollout: 'none' },
  devices: { printer: 'userError' },
  queue: { waiting: 1, oldestWaitingSeconds: 30, dead: 0 },
  refundsOwed: 0,
  crashes: 0,
  ...over,
});
const body = (request: object) => Buffer.from(JSON.stringify(request));

describe('signed heartbeat', () => {
  it('keeps one key per kiosk in the data folder, readable by the kiosk only', () => {
    const d = mkdtempSync(join(tmpdir(), 'kiosk-hb-'));
    dirs.push(d);
    const a = heartbeatKey(d);
    const b = heartbeatKey(d);
    expect(a.export({ format: 'pem', type: 'pkcs8' })).toEqual(b.export({ format: 'pem', type: 'pkcs8' }));
    expect(statSync(join(d, HEARTBEAT_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('the gateway takes a signed document, enrols the key, and refuses a tampered one or another key', () => {
    const key = generateKeyPairSync('ed25519').privateKey;
    const book = new HeartbeatBook();
    expect(book.receive('K07', body(signHeartbeat(doc(), key)))).toMatchObject({ status: 202, body: { seq: 1 } });
    expect(book.get('K07')).toMatchObject({ count: 1, last: { devices: { printer: 'userError' } } });

    const signed = signHeartbeat(doc({ seq: 2 }), key);
    const tampered = { ...signed, document: Buffer.from(JSON.stringify(doc({ seq: 2, refundsOwed: 9 }))).toString('base64url') };
    expect(() => book.receive('K07', body(tampered))).toThrow(/signature does not verify/);
    expect(() => book.receive('K08', body(signed))).toThrow(/names another kiosk/);
    const other = generateKeyPairSync('ed25519').privateKey;
    expect(() => book.receive('K07', body(signHeartbeat(doc({ seq: 3 }), other)))).toThrow(/enrolled with another key/);
    expect(book.receive('K07', body(signed))).toMatchObject({ status: 202 });
    expect(book.get('K07')!.count).toBe(2);
  });
});
