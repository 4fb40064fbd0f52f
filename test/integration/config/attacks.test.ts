import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Metadata, MetadataKind, type Root } from '@tufjs/models';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BundleErrorCode } from '../../../main/config/bundle/errors';
import type { BundleStore } from '../../../main/config/bundle/store';
import { generateKeys, loadKeys, signerFor, tufKey } from '../../../main/config/tuf/keys';
import { rotateRoot } from '../../../main/config/tuf/rotate';
import { checkAndRecord, configStatus } from '../../../main/config/tuf/status';
import { goodBundle } from '../../fixtures/config/bundles';
import { startTestRepository, type TestRepository } from '../../support/config-repo';

/**
 * Every attack of TUF's threat model against a kiosk, through a real nginx serving the
 * repository: each one ends with the bundle in force unchanged, nothing staged, and the check
 * recorded with its BundleError code for `config status` (what the agent reports onward).
 */
let t: TestRepository;
let store: BundleStore;
const metadata = (file: string) => join(t.repo, 'metadata', file);
const texts = (version: number) => ({ texts: { 'attract.title': { ar: `مرحبًا ${version}`, en: `Welcome ${version}` } } });

/** A kiosk with bundle 1 in force, as after a good apply. */
async function kioskOnVersion1(): Promise<void> {
  store = t.kioskStore();
  const result = await checkAndRecord({ store, url: t.url, kioskId: 'K01' });
  expect(result).toMatchObject({ outcome: 'staged', version: 1 });
  store.update((s) => ({ ...s, current: s.staged, lastKnownGood: s.staged, staged: undefined }));
}

/** The check fails with `code`, bundle 1 stays in force whole, and `config status` says why. */
async function expectRefused(code: BundleErrorCode): Promise<void> {
  await expect(checkAndRecord({ store, url: t.url, kioskId: 'K01' })).rejects.toMatchObject({ name: 'BundleError', code });
  const state = store.read();
  expect(state.current?.version).toBe(1);
  expect(state.staged).toBeUndefined();
  expect(store.load(state.current!).texts?.['attract.title']?.ar).toBe('مرحبًا 1');
  expect(configStatus(store, { repository: t.url, now: Date.now() }).lastCheck).toMatchObject({ outcome: 'failed', code });
}

beforeEach(async () => {
  t = await startTestRepository({ rootKeys: 3, rootThreshold: 2 });
  t.publish(goodBundle(1, texts(1)));
  await kioskOnVersion1();
});
afterEach(() => t.close());

describe('TUF attacks leave the previous bundle in force with a typed, reported error', () => {
  it('rollback: an older, validly signed timestamp replayed after the kiosk saw a newer one', async () => {
    const old = readFileSync(metadata('timestamp.json'));
    t.publish(goodBundle(2, texts(2)), { ring: { kind: 'kiosks', kiosks: ['K99'] } }); // not for K01: it only learns the newer timestamp
    expect(await checkAndRecord({ store, url: t.url, kioskId: 'K01' })).toMatchObject({ outcome: 'current', version: 1 });
    writeFileSync(metadata('timestamp.json'), old);
    await expectRefused('metadata-rollback');
  });

  it('freeze: the repository serves a timestamp that has expired', async () => {
    t.publish(goodBundle(2, texts(2)), { now: Date.now() - 3 * 86_400_000 });
    await expectRefused('metadata-expired');
    // Offline or frozen past the trusted timestamp's expiry, the status says stale, never "applied".
    expect(configStatus(store, { repository: t.url, now: Date.now() + 2 * 86_400_000 })).toMatchObject({ rollout: 'stale', freshness: 'expired', version: 1 });
  });

  it('mix-and-match: the snapshot names targets version 2 but the server hands out version 1', async () => {
    t.publish(goodBundle(2, texts(2)));
    copyFileSync(metadata('1.targets.json'), metadata('2.targets.json'));
    await expectRefused('metadata-mismatch');
  });

  it('tampered target: a part with the signed length but other bytes', async () => {
    t.publish(goodBundle(2, texts(2)));
    const dir = join(t.repo, 'targets', 'releases', '2');
    const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.texts.json'))!);
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('Welcome 2', 'Welcome 3'));
    expect(readFileSync(file).length).toBe(Buffer.byteLength(original));
    await expectRefused('target-tampered');
  });

  it('endless data: a part served far longer than its signed length', async () => {
    t.publish(goodBundle(2, texts(2)));
    const dir = join(t.repo, 'targets', 'releases', '2');
    writeFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.catalog.json'))!), Buffer.alloc(8 * 1024 * 1024, 0x20));
    await expectRefused('target-tampered');
  });

  it('a new root signed by fewer root keys than the threshold (one stolen root key)', async () => {
    const current = Metadata.fromJSON(MetadataKind.Root, JSON.parse(readFileSync(metadata('1.root.json'), 'utf8')) as Parameters<typeof Metadata.fromJSON>[1]) as Metadata<Root>;
    const forged = Metadata.fromJSON(MetadataKind.Root, { ...current.toJSON(), signatures: [] } as Parameters<typeof Metadata.fromJSON>[1]) as Metadata<Root>;
    Object.assign(forged.signed, { version: 2 });
    // The attacker's own timestamp key replaces the ministry's.
    generateKeys(join(t.dir, 'attacker'));
    const evil = loadKeys(join(t.dir, 'attacker'));
    const evilTimestamp = tufKey([...evil.timestamp.keys.values()][0]!);
    forged.signed.keys[evilTimestamp.keyID] = evilTimestamp;
    forged.signed.roles.timestamp!.keyIDs.splice(0, 1, evilTimestamp.keyID);
    const [id, key] = [...t.keys.root.signers][0]!; // the one stolen root key of three
    forged.sign(signerFor(id, key));
    writeFileSync(metadata('2.root.json'), JSON.stringify(forged.toJSON()));
    await expectRefused('metadata-untrusted');
  });

  it('rotated root: the kiosk follows a proper rotation, then refuses what the revoked keys sign', async () => {
    const oldKeys = t.keys;
    generateKeys(join(t.dir, 'new-keys'), { rootKeys: 3, rootThreshold: 2 });
    const newKeys = loadKeys(join(t.dir, 'new-keys'));
    expect(rotateRoot({ repo: t.repo, oldKeys, newKeys })).toEqual({ rootVersion: 2 });
    expect(await checkAndRecord({ store, url: t.url, kioskId: 'K01' })).toMatchObject({ outcome: 'current', version: 1 });
    expect(JSON.parse(readFileSync(join(store.dir, 'tuf', 'root.json'), 'utf8'))).toMatchObject({ signed: { version: 2 } });
    // Someone holding the old (revoked) online keys publishes bundle 2: kiosks refuse it.
    expect(() => t.publish(goodBundle(2, texts(2)))).toThrow(/does not trust enough of these targets keys/);
    forceSignWithOldKeys(t, oldKeys);
    await expectRefused('metadata-untrusted');
  });
});

/** What an attacker with the revoked keys can still write: a timestamp signed by them. */
function forceSignWithOldKeys(repo: TestRepository, oldKeys: TestRepository['keys']): void {
  const ts = JSON.parse(readFileSync(join(repo.repo, 'metadata', 'timestamp.json'), 'utf8')) as Parameters<typeof Metadata.fromJSON>[1];
  const md = Metadata.fromJSON(MetadataKind.Timestamp, ts);
  Object.assign(md.signed, { version: md.signed.version + 1 });
  md.signatures = {};
  const [id, key] = [...oldKeys.timestamp.signers][0]!;
  md.sign(signerFor(id, key));
  writeFileSync(join(repo.repo, 'metadata', 'timestamp.json'), JSON.stringify(md.toJSON()));
}
