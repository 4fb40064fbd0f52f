/**
 * Publishes bundle after bundle into a repository folder and has a real ConfigAgent verify,
 * stage, apply and health-check each one, as fast as it can, until it is killed: every third
 * bundle fails its dry run and is rolled back. The crash test kills it at random moments.
 * argv: a work folder holding keys/, repo/ and kiosk/ (made on the first run).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedCatalog } from '../../../main/config/catalog';
import { BundleStore } from '../../../main/config/bundle/store';
import { ConfigAgent } from '../../../main/config/tuf/agent';
import { trustRoot } from '../../../main/config/tuf/client';
import { generateKeys, loadKeys } from '../../../main/config/tuf/keys';
import { publish, readRepository, releasesOf } from '../../../main/config/tuf/publish';
import { silentLogger } from '../../../main/core/log';
import { dryRunCatalog } from '../../../main/core/services/dry-run';
import { badBundle, goodBundle, writeBundleDir } from '../../fixtures/config/bundles';

const work = process.argv[2]!;
const keysDir = join(work, 'keys');
const repo = join(work, 'repo');
if (!existsSync(join(keysDir, 'keys.json'))) generateKeys(keysDir);
const keys = loadKeys(keysDir);
const store = new BundleStore(join(work, 'kiosk'));
store.recover();
const agent = new ConfigAgent({
  store,
  url: repo,
  kioskId: 'K01',
  pollMs: 86_400_000,
  healthWindowMs: 0,
  log: silentLogger,
  isIdle: () => true,
  onIdle: () => () => undefined,
  swap: () => undefined,
  health: async (bundle) => (dryRunCatalog(bundle.catalog?.services ?? shippedCatalog()).length ? { ok: false, check: 'dry-run', reason: 'a service has no price' } : { ok: true }),
  report: () => undefined,
});
agent.start();
process.stdout.write('ready\n');
for (;;) {
  const published = releasesOf(readRepository(repo)?.targets?.signed)[0]?.version ?? 0;
  const version = published + 1;
  const parts = version % 3 === 0 ? badBundle(version) : goodBundle(version, { texts: { 'attract.title': { ar: `أدخل البطاقة ${version}`, en: `Insert your card ${version}` } } });
  publish({ repo, keys, bundleDir: writeBundleDir(join(work, 'bundles', String(version)), parts) });
  if (!existsSync(join(store.dir, 'tuf', 'root.json'))) trustRoot(store, readFileSync(join(repo, 'metadata', '1.root.json')));
  await agent.checkNow();
  while (agent.status().rollout === 'probation') await new Promise((r) => setTimeout(r, 1));
}
