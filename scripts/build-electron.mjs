#!/usr/bin/env node
// Bundles the Electron main process and the preload to CommonJS: the sandboxed preload cannot
// load modules, and a single main bundle starts faster. Dependencies stay external so native
// modules are loaded from node_modules (unpacked from the asar by electron-builder).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', sourcemap: true, logLevel: 'warning' };
// ESM-only `import.meta.url` becomes the bundle's own file URL in CommonJS (paths derived from it
// then point next to the bundle, which is where packaged resources live).
await build({
  ...common,
  entryPoints: ['main/electron/main.ts'],
  outfile: 'dist/electron/main.cjs',
  packages: 'external',
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await build({ ...common, entryPoints: ['main/electron/preload.ts'], outfile: 'dist/electron/preload.cjs', external: ['electron'] });
console.log('built dist/electron/main.cjs and dist/electron/preload.cjs');
