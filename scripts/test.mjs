#!/usr/bin/env node
// `npm test`: build the renderer, lint (layering, types, Electronegativity), then every vitest
// project (unit, integration with pcscd/ptys/SQLite/HTTP, e2e in Chromium), and a one-line tally.
//
// Integration and e2e files run one at a time within a run (they share one pcscd and fixed vpcd
// ports), and most of their time is spent waiting on devices, child processes and timeouts. As
// root, the runs are split into parallel lanes, each against its own private pcscd in its own
// network namespace (test/integration/card/isolated-pcscd.sh), so no lane meets another's
// readers or ports: the suite takes about half the time on two cores. Without root, one run.
//
//   npm test                      all lanes
//   npm test -- test/unit/card    arguments go to vitest, in one run (no lanes)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { clearInterval, setInterval } from 'node:timers';
import { stripVTControlCharacters } from 'node:util';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
};

const ISOLATE = 'test/integration/card/isolated-pcscd.sh';
const canIsolate = () => process.getuid?.() === 0 && spawnSync('unshare', ['--mount', '--net', 'true'], { stdio: 'ignore' }).status === 0;

// A lane whose vitest has written its report but does not exit (a handle some test left open)
// is ended after this long rather than left to hang the whole run.
const EXIT_GRACE_MS = 60_000;
// CI gives setup and the whole suite 90 minutes; a lane still running after this is stuck, and
// saying which files never finished is worth more than the time left.
const LANE_LIMIT_MS = 60 * 60_000;

/**
 * The integration files, dealt to `count` lanes: by the durations of the last run where there is
 * one (longest first, each to the least loaded lane), else in turn by path.
 */
function dealIntegration(count) {
  const files = readdirSync('test/integration', { recursive: true })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `test/integration/${f}`)
    .sort();
  const lastRun = new Map();
  for (const name of existsSync('test/artifacts') ? readdirSync('test/artifacts') : []) {
    if (!/^vitest-.*\.json$/.test(name)) continue;
    try {
      for (const r of JSON.parse(readFileSync(`test/artifacts/${name}`, 'utf8')).testResults) {
        lastRun.set(r.name.slice(process.cwd().length + 1), r.endTime - r.startTime);
      }
    } catch {
      // a half-written report from a run that was cut off: deal by path
    }
  }
  const lanes = Array.from({ length: count }, () => ({ files: [], load: 0 }));
  const weighted = files.every((f) => lastRun.has(f));
  const order = weighted ? [...files].sort((a, b) => lastRun.get(b) - lastRun.get(a)) : files;
  order.forEach((f, i) => {
    const target = weighted ? lanes.reduce((a, b) => (b.load < a.load ? b : a)) : lanes[i % count];
    target.files.push(f);
    target.load += lastRun.get(f) ?? 1;
  });
  return lanes.map((l) => l.files);
}

const running = new Set();
// Lanes run in process groups of their own, which a Ctrl-C at the terminal does not reach.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of running) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });
}

/** One vitest run; resolves with its exit status. Its lines are prefixed with the lane's name. */
function lane(name, args, { isolated, files = [] }) {
  const report = `test/artifacts/vitest-${name}.json`;
  rmSync(report, { force: true });
  const vitest = ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args];
  const [cmd, ...rest] = isolated ? [ISOLATE, ...vitest] : vitest;
  // Its own process group, so that ending a lane ends vitest and every worker under it.
  const child = spawn(cmd, rest, { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1' } });
  running.add(child);
  const end = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const prefix = name === 'all' ? '' : `[${name}] `;
  const finished = new Set();
  const started = Date.now();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      (stream === child.stdout ? process.stdout : process.stderr).write(`${prefix}${line}\n`);
      const done = /^ [✓❯×↓] \|[a-z0-9+-]+\| (\S+)/.exec(stripVTControlCharacters(line));
      if (done) finished.add(done[1]);
    });
  }
  let reportSeenAt;
  let endedAfterReport = false;
  const watch = setInterval(() => {
    if (reportSeenAt === undefined) {
      if (existsSync(report)) reportSeenAt = Date.now();
      else if (Date.now() - started > LANE_LIMIT_MS) {
        const open = files.filter((f) => !finished.has(f));
        console.error(`${prefix}still running after ${LANE_LIMIT_MS / 60_000} min: ending it. Files not finished: ${open.join(' ') || '(see above)'}`);
        end();
        clearInterval(watch);
      }
    } else if (Date.now() - reportSeenAt > EXIT_GRACE_MS) {
      console.error(`${prefix}vitest wrote its report but did not exit within ${EXIT_GRACE_MS / 1000} s: ending it`);
      endedAfterReport = true;
      end();
    }
  }, 1000);
  return new Promise((resolve) => {
    child.on('exit', (code) => {
      clearInterval(watch);
      running.delete(child);
      // null: the report is complete and the lane only failed to exit; the tally reads the report.
      resolve({ name, report, status: endedAfterReport ? null : (code ?? 1) });
    });
  });
}

function tally(results) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let ok = true;
  for (const r of results) {
    try {
      const j = JSON.parse(readFileSync(r.report, 'utf8'));
      passed += j.numPassedTests;
      failed += j.numFailedTests;
      skipped += j.numPendingTests + j.numTodoTests;
      // A failed file (an import error, a hook) fails no test, yet fails the run.
      if (!j.success) ok = false;
    } catch {
      console.log(`\nlane ${r.name} wrote no report`);
      ok = false;
    }
    if (r.status !== 0 && r.status !== null) ok = false;
  }
  console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped${results.length > 1 ? ` (${results.length} lanes)` : ''}`);
  return ok && failed === 0;
}

// The build comes first: Electronegativity scans the built page (its CSP is added at build time).
run('npm', ['run', 'build:renderer']);
run('npm', ['run', 'lint']);
mkdirSync('test/artifacts', { recursive: true });

const extra = process.argv.slice(2);
const lanes =
  extra.length === 0 && canIsolate()
    ? [
        lane('unit+e2e', ['--project', 'unit', '--project', 'e2e'], { isolated: true }),
        ...dealIntegration(2).map((files, i) => lane(`integration-${i + 1}`, ['--project', 'integration', ...files], { isolated: true, files })),
      ]
    : [lane('all', extra, { isolated: false })];
const results = await Promise.all(lanes);
process.exit(tally(results) ? 0 : 1);
