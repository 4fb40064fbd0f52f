import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BundleStore } from '../../main/config/bundle/store';
import { trustRoot } from '../../main/config/tuf/client';
import { generateKeys, type KeySet, loadKeys } from '../../main/config/tuf/keys';
import { publish, type PublishOptions } from '../../main/config/tuf/publish';
import { type PartsJson, writeBundleDir } from '../fixtures/config/bundles';
import { startNginx, type StaticServer } from './nginx';

/**
 * A configuration repository as ops run one: keys made by keygen, bundles published into a
 * folder, the folder served by a real nginx; and kiosks' stores that trust its first root.
 */
export interface TestRepository {
  dir: string;
  repo: string;
  keysDir: string;
  keys: KeySet;
  server: StaticServer;
  url: string;
  publish(parts: PartsJson, options?: Partial<Omit<PublishOptions, 'bundleDir' | 'repo' | 'keys'>>): ReturnType<typeof publish>;
  /** A kiosk data folder whose store trusts this repository's first root. */
  kioskStore(): BundleStore;
  close(): Promise<void>;
}

export async function startTestRepository(options: { rootKeys?: number; rootThreshold?: number } = {}): Promise<TestRepository> {
  const dir = mkdtempSync(join(tmpdir(), 'config-repo-'));
  const keysDir = join(dir, 'keys');
  generateKeys(keysDir, { rootKeys: options.rootKeys ?? 1, rootThreshold: options.rootThreshold ?? 1 });
  const keys = loadKeys(keysDir);
  const repo = join(dir, 'repo');
  let bundles = 0;
  const publishParts: TestRepository['publish'] = (parts, more = {}) => publish({ repo, keys, bundleDir: writeBundleDir(join(dir, 'bundles', String(++bundles)), parts), ...more });
  const server = await startNginx(repo);
  let kiosks = 0;
  return {
    dir,
    repo,
    keysDir,
    keys,
    server,
    url: server.url,
    publish: publishParts,
    kioskStore() {
      const store = new BundleStore(join(dir, 'kiosks', String(++kiosks)));
      trustRoot(store, readFileSync(join(repo, 'metadata', '1.root.json')));
      return store;
    },
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
