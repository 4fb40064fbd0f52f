#!/usr/bin/env node
// Runs the Electronegativity scanner over the Electron shell and the renderer it loads, and
// fails on any finding that is not listed, with its reason, in electronegativity-suppressions.json.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const suppressions = JSON.parse(readFileSync(join(root, 'scripts/electronegativity-suppressions.json'), 'utf8'));

// The page's CSP meta is added at build time, so the built index.html is the one that ships.
if (!existsSync(join(root, 'dist/renderer/index.html'))) execFileSync('npm', ['run', '--silent', 'build:renderer'], { cwd: root, stdio: 'inherit' });

// The scanner takes one input: stage exactly what ships in the window (shell + page).
const stage = mkdtempSync(join(tmpdir(), 'electronegativity-'));
// SARIF, not CSV: the CSV export is not reliably quoted and broke parsing once in CI.
const report = join(stage, 'report.sarif');
try {
  for (const part of ['main/electron', 'main/contract', 'main/app/csp.ts', 'renderer/src']) {
    cpSync(join(root, part), join(stage, 'app', part), { recursive: true });
  }
  cpSync(join(root, 'dist/renderer/index.html'), join(stage, 'app/renderer/index.html'));
  execFileSync(join(root, 'node_modules/.bin/electronegativity'), ['-i', join(stage, 'app'), '-e', electronVersion, '-r', '-o', report], {
    stdio: ['ignore', 'ignore', 'ignore'],
    timeout: 120_000,
  });
  const sarif = JSON.parse(readFileSync(report, 'utf8'));
  const findings = sarif.runs[0].results.map((r) => {
    const where = r.locations?.[0]?.physicalLocation;
    const uri = where?.artifactLocation?.uri ?? '';
    return {
      issue: r.ruleId,
      severity: r.level,
      file: uri.startsWith('file://') ? 'N/A' : uri,
      location: `${where?.region?.startLine ?? 0}:${where?.region?.startColumn ?? 0}`,
      message: r.message?.text ?? '',
    };
  });
  const unjustified = findings.filter((f) => !suppressions.some((s) => s.issue === f.issue && (s.file === '*' || s.file === f.file)));
  for (const f of findings) {
    const s = suppressions.find((x) => x.issue === f.issue && (x.file === '*' || x.file === f.file));
    console.log(`${s ? 'justified ' : 'FINDING   '} ${f.issue} ${f.file}:${f.location} ${s ? `— ${s.reason}` : `— ${f.message}`}`);
  }
  console.log(`electronegativity (Electron ${electronVersion}): ${findings.length} finding(s), ${unjustified.length} unjustified`);
  process.exitCode = unjustified.length ? 1 : 0;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
