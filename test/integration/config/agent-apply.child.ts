/**
 * Publishes bundle after bundle into a repository folder and has a real ConfigAgent verify,
 * stage, apply and health-check each one, as fast as it can, until it is killed: every third
 * bundle fails its dry run and is rolled back. The crash test kills it at random moments; it
 * says each version it published, so the test can count the work done rather than the time.
 * argv: a work folder holding keys/, repo/ and kiosk/ (made on the first run).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BundleStore } from '../../../main/config/bundle/store';
import { trustRoot } from '../../../main/config/tuf/client';
import { generateKeys, loadKeys } from '../../../main/config/tuf/keys';
import { publish, readRepository, releasesOf } from '../../../main/config/tuf/publish';
import { badBundle, goodBundle, writeBundleDir } from '../../fixtures/config/bundles';
import { standaloneAgent } from '../../support/standalone-agent';

const work = process.argv[2]!;
const keysDir = join(work, 'keys');
const repo = join(work, 'repo');
if (!existsSync(join(keysDir, 'keys.json'))) generateKeys(keysDir);
const keys = loadKeys(keysDir);
const store = new BundleStore(join(work, 'kiosk'));
store.recover();
const agent = standaloneAgent(store, { url: repo });
agent.start();
process.stdout.write('ready\n');
for (;;) {
  const published = releasesOf(readRepository(repo)?.targets?.signed)[0]?.version ?? 0;
  const version = published + 1;
  const parts = version % 3 === 0 ? badBundle(version) : goodBundle(version, { texts: { 'attract.title': { ar: `أدخل البطاقة ${version}`, en: `Insert your card ${version}` } } });
  publish({ repo, keys, bundleDir: writeBundleDir(join(work, 'bundles', String(version)), parts) });
  process.stdout.write(`published ${version}\n`);
  if (!existsSync(join(store.dir, 'tuf', 'root.json'))) trustRoot(store, readFileSync(join(repo, 'metadata', '1.root.json')));
  await agent.checkNow();
  while (agent.status().rollout === 'probation') await new Promise((r) => setTimeout(r, 1));
}
