#!/usr/bin/env node
// `npm test`: build the renderer, lint (layering, types, Electronegativity), then every vitest
// project (unit, integration with pcscd/ptys/SQLite/HTTP, e2e in Chromium), and a one-line tally.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
};

// The build comes first: Electronegativity scans the built page (its CSP is added at build time).
run('npm', ['run', 'build:renderer']);
run('npm', ['run', 'lint']);
mkdirSync('test/artifacts', { recursive: true });
const vitest = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test/artifacts/vitest.json', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
try {
  const r = JSON.parse(readFileSync('test/artifacts/vitest.json', 'utf8'));
  console.log(`\n${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
} catch {
  console.log('\nvitest wrote no report');
}
process.exit(vitest.status ?? 1);
