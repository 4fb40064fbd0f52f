import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../main/app/csp';
import { loadSettings } from '../main/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The policy travels with the page so it holds in both shells (app:// and the loopback browser
 * host), whatever headers they send; it is the same policy both shells send as a header
 * (main/app/csp.ts). Added at build time only: Vite's dev server needs an inline React-refresh
 * preamble that this policy would rightly block. frame-ancestors is header-only (a <meta> copy is
 * ignored with a console error), so it is left out here.
 */
const CSP = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'kiosk-csp',
    apply: 'build',
    // Right after the charset declaration, ahead of every script and stylesheet it governs.
    transformIndexHtml: (html) =>
      html.replace(/<meta charset="utf-8" \/>/, (charset) => `${charset}\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
  };
}

/**
 * With KIOSK_HOST=http://127.0.0.1:PORT the dev server forwards /ws to a running browser host,
 * so the real main drives the hot-reloading renderer (open /#ticket=… from KIOSK_URL). The host takes
 * WebSockets from its own origin only, so the proxy speaks for the page. Read like every setting
 * (main/config), and only by the dev server: a build reads no setting.
 */
function wsProxy(command: 'build' | 'serve') {
  const host = command === 'serve' ? loadSettings().dev.kioskHost : undefined;
  return host ? { '/ws': { target: host, ws: true, changeOrigin: true, headers: { origin: new URL(host).origin } } } : undefined;
}

export default defineConfig(({ command }) => ({
  root,
  // Relative asset URLs work from app://kiosk/ and from http://127.0.0.1:PORT/ alike.
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Electron's Chromium and the kiosk's Chromium are recent: no legacy transforms needed.
    target: 'chrome120',
    // Data URIs would need a looser CSP; every asset (fonts) ships as a file instead.
    assetsInlineLimit: 0,
    // The polyfill is dead weight on Chromium, which supports modulepreload natively.
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod ships comments Rollup cannot place; harmless, and noise in every build log.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
    },
  },
  server: {
    strictPort: true,
    proxy: wsProxy(command),
  },
}));
