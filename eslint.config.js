// @ts-check
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/**
 * Layering is enforced here, not by memory. A file's folder says where it runs and what it may
 * import; a violation fails `npm run lint`.
 */
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nativeDevices = ['pcsclite', 'serialport', '@serialport/*', 'node-hid', 'better-sqlite3', '@napi-rs/canvas', 'pdfkit', 'ws'];

/** A folder and everything in it, as no-restricted-imports patterns. */
const folders = (...names) => names.flatMap((name) => [`**/${name}`, `**/${name}/**`]);

const layer = (message, { paths = [], groups = [] }) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message })),
      patterns: groups.length ? [{ group: groups, message }] : [],
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'test/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // vite.config.ts is a Node build script, not renderer code.
    files: ['renderer/src/**/*.{ts,tsx}'],
    rules: layer('The renderer talks to main only through main/contract (see docs/ARCHITECTURE.md).', {
      paths: [...nodeBuiltins, 'electron', ...nativeDevices],
      groups: [
        ...folders('drivers', 'offline-cache', 'gateway'),
        '**/main/*',
        '!**/main/contract',
        '!**/main/contract/**',
        'electron/*',
      ],
    }),
  },
  {
    // shared/ is what every layer may import, the renderer included (the coded-error base): so it
    // imports nothing itself, not even Node builtins or a package.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./)', message: 'shared/ runs in every layer: it imports only its own files.' }] }],
    },
  },
  {
    // One way to read an error's code, so a typo in a cast cannot hide a branch.
    files: ['main/**/*.ts', 'drivers/**/*.ts', 'offline-cache/**/*.ts', 'gateway/**/*.ts', 'renderer/src/**/*.{ts,tsx}', 'shared/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='code'][object.type='TSAsExpression']", message: 'Read an error code with errorCode(err) from shared/coded-error.ts, not a cast.' },
      ],
    },
  },
  {
    // No import cycles: a cycle makes load order matter (a class used before its module finished
    // loading) and means two files are really one. Type-only imports load nothing and do not count.
    files: ['main/**/*.ts', 'drivers/**/*.ts', 'offline-cache/**/*.ts', 'gateway/**/*.ts', 'shared/**/*.ts', 'renderer/src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })],
      // Files reached through imports are parsed as TypeScript too, or their imports go unseen.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['main/contract/**/*.ts'],
    rules: layer('The contract is pure data shared with the renderer: zod only.', {
      paths: [...nodeBuiltins, 'electron', 'react', ...nativeDevices],
      groups: ['**/drivers', '**/drivers/**', '**/offline-cache', '**/offline-cache/**', '**/renderer/**', '../core', '../core/**', '../electron/**'],
    }),
  },
  {
    files: ['drivers/**/*.ts', 'offline-cache/**/*.ts', 'gateway/**/*.ts'],
    rules: layer('drivers/, offline-cache/ and gateway/ run under any shell: no Electron, no React, no main/.', {
      paths: ['electron', 'react', 'react-dom'],
      groups: ['electron/*', 'react-dom/*', '**/main', '**/main/**', '**/renderer', '**/renderer/**'],
    }),
  },
  {
    files: ['main/app/**/*.ts', 'main/config/**/*.ts', 'main/payments/**/*.ts', 'main/browser-host/**/*.ts', 'main/cli/**/*.ts', 'main/lab/**/*.ts', 'main/gateway/**/*.ts', 'main/dev/**/*.ts', 'main/telemetry/**/*.ts'],
    rules: layer('Only main/electron/ may import Electron: the core must run in the browser host and tests too.', {
      paths: ['electron', 'react', 'react-dom'],
      groups: ['electron/*', '**/renderer/**'],
    }),
  },
  {
    // Ops may override the screen texts in a signed bundle; main checks each override against the
    // renderer's shipped message tables (pure data; the inquiries' own loads with their screens) before a bundle is accepted.
    files: ['main/config/bundle/texts.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'react', 'react-dom'],
          patterns: [{ regex: '(^electron/|/renderer/(?!src/i18n/(ar|en|inquiries)$))', message: 'main/config/bundle/texts.ts may read the renderer\'s message tables and nothing else of the renderer.' }],
        },
      ],
    },
  },
  {
    // The core is the session's logic over ports: it gets devices, the outbox, the gateway and its
    // configuration (the catalog included) handed in as ports and data by main/app, and never
    // reaches for files or processes itself.
    files: ['main/core/**/*.ts'],
    rules: layer('main/core works on ports and data only: no drivers, offline-cache, gateway, config loading, files or processes (main/app wires them in).', {
      paths: ['electron', 'react', 'react-dom', ...nativeDevices, ...['fs', 'fs/promises', 'child_process'].flatMap((m) => [m, `node:${m}`])],
      groups: ['electron/*', '**/renderer/**', ...folders('drivers', 'offline-cache', 'gateway', 'config', 'app', 'electron', 'browser-host', 'cli', 'lab')],
    }),
  },
  {
    // What tests share lives in test/support/; unit tests' files are theirs alone, so an
    // integration or e2e test never depends on how a unit test happens to be written.
    files: ['test/integration/**/*.{ts,tsx}', 'test/e2e/**/*.{ts,tsx}', 'test/support/**/*.{ts,tsx}', 'test/setup/**/*.{ts,tsx}'],
    rules: layer('Integration and e2e tests import shared test helpers from test/support/, never from test/unit/.', {
      groups: [...folders('unit'), '**/test/unit/**'],
    }),
  },
  {
    files: ['scripts/**/*.{js,mjs,ts}', 'bin/**/*.mjs', 'test/**/*.{ts,tsx}', 'main/cli/**/*.ts', 'gateway/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
