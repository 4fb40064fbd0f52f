import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleStore } from '../../../main/config/bundle/store';
import { checkRepository, trustRoot } from '../../../main/config/tuf/client';
import { goodBundle, NEW_SERVICE_ID, writeBundleDir } from '../../fixtures/config/bundles';
import { startNginx, type StaticServer } from '../../support/nginx';

/**
 * The ops workflow end to end with the real tools: kioskctl makes the keys and publishes signed
 * bundles into a folder, Debian's nginx serves the folder, kioskctl verifies it over HTTP, and a
 * kiosk's store fetches and stages what is new through tuf-js, downloading only changed parts.
 */
const run = promisify(execFile);
const KIOSKCTL = new URL('../../../bin/kioskctl.mjs', import.meta.url).pathname;
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KIOSK_'))) as Record<string, string>;

async function kioskctl(...args: string[]) {
  return kioskctlWith({}, ...args);
}

async function kioskctlWith(extra: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [KIOSKCTL, ...args], { env: { ...env, ...extra } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

let dir: string;
let server: StaticServer;
const repo = () => join(dir, 'repo');
const keys = () => join(dir, 'keys');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'config-ops-'));
  server = await startNginx(repo());
});
afterAll(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('publishing with kioskctl and fetching from nginx', () => {
  let store: BundleStore;

  it('makes a threshold root key set, publishes bundle 1 and verifies it over HTTP', async () => {
    const keygen = await kioskctl('config', 'keygen', '--out', keys(), '--root-keys', '3', '--root-threshold', '2');
    expect(keygen.stderr).toBe('');
    expect(keygen.stdout).toContain('root: 3 key(s), threshold 2');
    const published = await kioskctl('config', 'publish', '--repo', repo(), '--bundle', writeBundleDir(join(dir, 'b1'), goodBundle(1)), '--keys', keys(), '--json');
    expect(published.stderr).toBe('');
    expect(JSON.parse(published.stdout)).toMatchObject({ version: 1, ring: { kind: 'all' }, initialised: true });
    const verify = await kioskctl('config', 'verify', '--repo', server.url, '--root', join(repo(), 'metadata', '1.root.json'), '--json');
    expect(verify.stderr).toBe('');
    const report = JSON.parse(verify.stdout) as { releases: { version: number; parts: string[] }[]; versions: { root: number } };
    expect(report.versions.root).toBe(1);
    expect(report.releases).toEqual([{ version: 1, ring: { kind: 'all' }, parts: expect.arrayContaining(['header', 'catalog', 'texts']) }]);
  });

  it('a kiosk trusting that root stages bundle 1, then finds nothing new', async () => {
    store = new BundleStore(join(dir, 'kiosk'));
    trustRoot(store, readFileSync(join(repo(), 'metadata', '1.root.json')));
    const first = await checkRepository({ store, url: server.url, kioskId: 'K01' });
    expect(first).toMatchObject({ outcome: 'staged', version: 1, reused: [] });
    if (first.outcome !== 'staged') throw new Error('not staged');
    expect(first.bundle.catalog?.services.map((s) => s.id)).toContain(NEW_SERVICE_ID);
    expect(store.read().staged?.version).toBe(1);
    expect(store.read().current).toBeUndefined(); // staged, not applied: that is the agent's call
    const before = server.requests().length;
    expect(await checkRepository({ store, url: server.url, kioskId: 'K01' })).toMatchObject({ outcome: 'current', version: 1 });
    expect(server.requests().slice(before).filter((r) => r.includes('/targets/'))).toEqual([]);
  });

  it('downloads only the parts a new version changed', async () => {
    const texts = { 'attract.title': { ar: 'أهلًا بكم، أدخلوا البطاقة', en: 'Hello, insert your card' } };
    const published = await kioskctl('config', 'publish', '--repo', repo(), '--bundle', writeBundleDir(join(dir, 'b2'), { ...goodBundle(2, { texts }), catalog: goodBundle(1).catalog }), '--keys', keys());
    expect(published.stderr).toBe('');
    expect(published.stdout).toContain('published bundle 2 to all kiosks');
    const before = server.requests().length;
    const second = await checkRepository({ store, url: server.url, kioskId: 'K01' });
    expect(second).toMatchObject({ outcome: 'staged', version: 2 });
    if (second.outcome !== 'staged') throw new Error('not staged');
    expect(second.downloaded.sort()).toEqual(['header', 'texts']);
    expect(second.reused.sort()).toEqual(['catalog', 'outOfService', 'settings', 'telemetry']);
    const fetched = server.requests().slice(before).filter((r) => r.includes('/targets/'));
    expect(fetched.map((r) => r.split(' ')[1]!.split('.').at(-2))).toEqual(expect.arrayContaining(['bundle', 'texts']));
    expect(fetched).toHaveLength(2);
    expect(second.bundle.texts?.['attract.title']?.ar).toBe(texts['attract.title'].ar);
  });

  it('refuses to publish an older version, changed content under a published version, or an invalid bundle', async () => {
    const older = await kioskctl('config', 'publish', '--repo', repo(), '--bundle', writeBundleDir(join(dir, 'b0'), goodBundle(1)), '--keys', keys());
    expect(older.code).toBe(1);
    expect(older.stderr).toContain('older than the published 2');
    const changed = await kioskctl('config', 'publish', '--repo', repo(), '--bundle', writeBundleDir(join(dir, 'b2x'), goodBundle(2)), '--keys', keys());
    expect(changed.stderr).toContain('already published with other content');
    const invalid = await kioskctl('config', 'publish', '--repo', repo(), '--bundle', writeBundleDir(join(dir, 'b3'), { ...goodBundle(3), texts: { 'no.such.text': { ar: 'س', en: 'x' } } }), '--keys', keys());
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('"no.such.text" is not a text the kiosk shows');
    // Nothing of the refused publications reached the repository.
    const verify = await kioskctl('config', 'verify', '--repo', repo(), '--json');
    expect((JSON.parse(verify.stdout) as { releases: { version: number }[] }).releases.map((r) => r.version)).toEqual([2, 1]);
  });

  it('on a kiosk: trust the root, check now, and read the status kioskctl reports', async () => {
    const kiosk = { KIOSK_DATA_DIR: join(dir, 'kiosk-cli'), KIOSK_CONFIG_URL: server.url, KIOSK_ID: 'K07' };
    const before = await kioskctlWith(kiosk, 'config', 'status', '--json');
    expect(JSON.parse(before.stdout)).toMatchObject({ version: 0, rollout: 'shipped', freshness: 'never-checked', repository: server.url });
    const untrusted = await kioskctlWith(kiosk, 'config', 'check-now');
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toContain('no trusted root');
    expect((await kioskctlWith(kiosk, 'config', 'trust', '--root', join(repo(), 'metadata', '1.root.json'))).stderr).toBe('');
    const check = await kioskctlWith(kiosk, 'config', 'check-now', '--json');
    expect(check.stderr).toBe('');
    expect(JSON.parse(check.stdout)).toMatchObject({ outcome: 'staged', version: 2 });
    const status = JSON.parse((await kioskctlWith(kiosk, 'config', 'status', '--json')).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ version: 0, staged: 2, rollout: 'staged', freshness: 'fresh', lastCheck: { outcome: 'staged', version: 2 } });
  });
});
