/**
 * The naive baseline of the configuration benchmark: a kiosk that takes a new configuration by
 * downloading every file of the release (no TUF, no reuse of what it holds) and restarting. This
 * is that restart: a fresh process downloads the parts, validates the bundle and composes the
 * kiosk (no simulators, no devices), then prints `ready`.
 */
import { BundleError } from '../main/config/bundle/errors';
import { type PartName, parseBundle } from '../main/config/bundle/schema';

// argv: data folder, version, then `part=url` for every file of the release.
const [dataDir, version, ...files] = process.argv.slice(2) as [string, string, ...string[]];
const parts = new Map<PartName, Buffer>();
for (const file of files) {
  const [part, url] = file.split('=') as [PartName, string];
  parts.set(part, Buffer.from(await (await fetch(url)).arrayBuffer()));
}
const bundle = parseBundle(parts);
if (bundle.version !== Number(version)) throw new BundleError('bundle-invalid', 'wrong version');
const { startKiosk } = await import('../main/app/compose');
const { silentLogger } = await import('../main/core/log');
const kiosk = await startKiosk({ dataDir, simulate: false, log: silentLogger, catalog: bundle.catalog?.services, devices: { printer: { baudRate: 115_200 }, terminal: { baudRate: 9600, stopBits: 2 }, reader: 'no reader (bench)', gatewayUrl: 'http://127.0.0.1:9' } });
process.stdout.write('ready\n');
await kiosk.close();
process.exit(0);
