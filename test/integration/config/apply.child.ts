/**
 * Applies bundle after bundle to a store as fast as it can, until it is killed: the crash test
 * kills it at random moments. Each bundle's every part names its version, so a mix of two
 * bundles is visible to the test.
 */
import { BundleStore } from '../../../main/config/bundle/store';
import { goodBundle, partBytes } from '../../fixtures/config/bundles';

const store = new BundleStore(process.argv[2]!);
store.recover();
let version = (store.read().current?.version ?? 0) + 1;
process.stdout.write('ready\n');
for (;;) {
  const parts = goodBundle(version, { texts: { 'attract.title': { ar: `أدخل البطاقة ${version}`, en: `Insert your card ${version}` } } });
  const record = store.putBundle(version, partBytes(parts), Date.now());
  store.update((s) => ({ ...s, current: record, lastKnownGood: s.current, probation: { version, since: Date.now() } }));
  // Pipes are written synchronously on Linux, so the test sees each apply as it ends.
  process.stdout.write(`applied ${version}\n`);
  version++;
}
