#!/usr/bin/env node
// Bundles the Electron main process and the preload to CommonJS: the sandboxed preload cannot
// load modules, and a single main bundle starts faster. Dependencies stay external so native
// modules are loaded from node_modules (unpacked from the asar by electron-builder).
//
// Simulators, the lab and the gateway simulator are a separate bundle (simulation.cjs), loaded by
// main only when simulation is asked for; packaging leaves it out (electron-builder.yml), so a
// production kiosk holds no simulator code. test/unit/electron/bundle.test.ts checks both.
import { copyFileSync } from 'node:fs';
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';

const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', sourcemap: true, logLevel: 'warning', packages: 'external' };
// ESM-only `import.meta.url` becomes the bundle's own file URL in CommonJS (paths derived from it
// then point next to the bundle, which is where packaged resources live).
const bundleUrl = {
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
};

/** main/app/compose.ts imports './simulation' dynamically: in the bundle that is the sibling file. */
const simulationOutside = {
  name: 'simulation-outside',
  setup(b) {
    b.onResolve({ filter: /^\.\/simulation$/ }, (args) => (args.importer.endsWith('/main/app/compose.ts') ? { path: './simulation.cjs', external: true } : undefined));
  },
};

export async function buildElectron({ outdir = 'dist/electron', metafile = false } = {}) {
  const main = await build({
    ...common,
    ...bundleUrl,
    entryPoints: ['main/electron/main.ts'],
    outfile: `${outdir}/main.cjs`,
    plugins: [simulationOutside],
    metafile,
  });
  const simulation = await build({ ...common, ...bundleUrl, entryPoints: ['main/app/simulation.ts'], outfile: `${outdir}/simulation.cjs`, metafile });
  // The virtual card's link thread is started from its own file, found next to the bundle.
  copyFileSync('drivers/card/sim/vpcd-link.worker.mjs', `${outdir}/vpcd-link.worker.mjs`);
  await build({ ...common, packages: undefined, entryPoints: ['main/electron/preload.ts'], outfile: `${outdir}/preload.cjs`, external: ['electron'] });
  return { main: main.metafile, simulation: simulation.metafile };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildElectron();
  console.log('built dist/electron/main.cjs, simulation.cjs (development only) and preload.cjs');
}
