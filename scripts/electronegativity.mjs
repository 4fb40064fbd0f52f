#!/usr/bin/env node
// Runs the Electronegativity scanner over the Electron shell and the renderer it loads, and
// fails on any finding that is not listed, with its reason, in electronegativity-suppressions.json.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
const suppressions = JSON.parse(readFileSync(join(root, 'scripts/electronegativity-suppressions.json'), 'utf8'));

// The scanner takes one input: stage exactly what ships in the window (shell + page).
const stage = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const report = join(stage, 'report.csv');
try {
  for (const part of ['main/electron', 'main/contract', 'main/core/csp.ts', 'renderer/index.html', 'renderer/src']) {
    cpSync(join(root, part), join(stage, 'app', part), { recursive: true });
  }
  execFileSync(join(root, 'node_modules/.bin/electronegativity'), ['-i', join(stage, 'app'), '-e', electronVersion, '-r', '-o', report], {
    stdio: ['ignore', 'ignore', 'ignore'],
    timeout: 120_000,
  });
  const rows = readFileSync(report, 'utf8').trim().split('\n').slice(1).filter(Boolean);
  const findings = rows.map((row) => {
    const [issue, severity, , file, location] = row.split(',').map((c) => c.replace(/^"|"$/g, ''));
    return { issue, severity, file, location };
  });
  const unjustified = findings.filter((f) => !suppressions.some((s) => s.issue === f.issue && (s.file === '*' || s.file === f.file)));
  for (const f of findings) {
    const s = suppressions.find((x) => x.issue === f.issue && (x.file === '*' || x.file === f.file));
    console.log(`${s ? 'justified ' : 'FINDING   '} ${f.issue} ${f.severity} ${f.file}:${f.location}${s ? ` — ${s.reason}` : ''}`);
  }
  console.log(`electronegativity (Electron ${electronVersion}): ${findings.length} finding(s), ${unjustified.length} unjustified`);
  process.exitCode = unjustified.length ? 1 : 0;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
