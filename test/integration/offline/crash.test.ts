import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../gateway/demo-data';
import type { SubmissionRecord } from '../../../gateway';
import { openKioskDb, Outbox } from '../../../offline-cache';

/**
 * Crash test (issue #6): submissions with kill -9 of the kiosk process at random points and
 * restarts, against a flaky gateway simulator in its own process that keeps its record in a state
 * file. The gateway's record is the judge: every submission acknowledged to a shopper is there
 * exactly once, nothing twice, each person's in order. CRASH_N sets the size (default 1,000).
 */
const N = Number(process.env.CRASH_N ?? 1000);
const KIOSKCTL = new URL('../../../bin/kioskctl.mjs', import.meta.url).pathname;
const CHILD = new URL('./fixtures/kiosk-child.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kiosk-crash-'));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startGateway(stateFile: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [KIOSKCTL, 'sim', 'gateway', '--port', '0', '--flaky', '0.3', '--seed', '6', '--state-file', stateFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (url) =>
      resolve({
        url,
        stop: () =>
          new Promise<void>((r) => {
            child.once('exit', () => r());
            child.kill('SIGINT');
          }),
      }),
    );
    child.once('exit', (code) => reject(new Error(`gateway simulator exited with ${code}`)));
  });
}

interface Run {
  acked: Map<number, string>;
  done: boolean;
}

/**
 * Runs the kiosk child. `kill` picks the moment for SIGKILL: after `acks` acknowledgements in
 * this run (submitting) or `ms` after READY (delivering), plus a random few ms, so kills land
 * between a commit and its ACK, mid-send and mid-record alike.
 */
function runKiosk(url: string, args: string[], kill: { acks?: number; ms: number } | undefined, run: Run): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, url, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  let acksHere = 0;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    if (kill && timer === undefined) timer = setTimeout(() => child.kill('SIGKILL'), kill.ms);
  };
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const ack = /^ACK (\d+) (\S+)$/.exec(line);
    if (ack) {
      run.acked.set(Number(ack[1]), ack[2]!);
      acksHere += 1;
      if (kill?.acks !== undefined && acksHere >= kill.acks) arm();
    } else if (line === 'READY' && kill?.acks === undefined) arm();
    else if (line === 'DONE') run.done = true;
  });
  return new Promise((resolve) =>
    child.once('close', () => {
      clearTimeout(timer);
      children.delete(child);
      resolve();
    }),
  );
}

describe('crash test: kill -9 during submissions and delivery', () => {
  it(`${N} acknowledged submissions reach the gateway exactly once, in order per person`, { timeout: 170_000 }, async () => {
    const stateFile = join(dir, 'gateway-state.json');
    const gw = await startGateway(stateFile);
    const random = seededRandom(42);
    const run: Run = { acked: new Map(), done: false };
    let kills = 0;
    // Random kill points: 10 while submitting, one just after the last ACK and up to 4 more while
    // only delivering, then a clean run to the end.
    let drainKills = 0;
    while (run.acked.size < N || !run.done) {
      const next = run.acked.size === 0 ? 0 : Math.max(...run.acked.keys()) + 1;
      const submitting = next < N;
      const args = submitting ? ['submit', String(next), String(N)] : ['drain'];
      let kill: { acks?: number; ms: number } | undefined;
      if (submitting && kills < 10) kill = { acks: 10 + Math.floor(random() * Math.min(150, N / 8)), ms: Math.floor(random() * 15) };
      else if (submitting) kill = { acks: N - next, ms: 20 + Math.floor(random() * 100) }; // right after the last ACK: mid-delivery
      else if (drainKills < 4) kill = { ms: 50 + Math.floor(random() * 400) };
      run.done = false;
      await runKiosk(gw.url, args, kill, run);
      if (kill && !run.done) {
        if (submitting && kills < 10) kills += 1;
        else drainKills += 1;
      }
    }
    await gw.stop();

    const records = (JSON.parse(readFileSync(stateFile, 'utf8')) as { submissions: SubmissionRecord[] }).submissions;
    const byLocalRef = new Map<string, SubmissionRecord[]>();
    for (const r of records) byLocalRef.set(r.localRef, [...(byLocalRef.get(r.localRef) ?? []), r]);
    // Nothing twice: not a local reference, not an idempotency key.
    expect([...byLocalRef.values()].filter((rs) => rs.length > 1)).toEqual([]);
    expect(new Set(records.map((r) => r.idempotencyKey)).size).toBe(records.length);
    // Nothing acknowledged is lost.
    const missing = [...run.acked.values()].filter((ref) => !byLocalRef.has(ref));
    expect(missing).toEqual([]);
    expect(run.acked.size).toBe(N);
    // Per person, the gateway received requests in the order they were made (local refs count up).
    const lastByPerson = new Map<string, string>();
    for (const r of records) {
      const previous = lastByPerson.get(r.request.applicant.idNumber);
      if (previous !== undefined) expect(r.localRef > previous, `${r.localRef} after ${previous}`).toBe(true);
      lastByPerson.set(r.request.applicant.idNumber, r.localRef);
    }
    // The kiosk agrees: everything delivered, with the gateway's reference, payloads purged.
    const db = openKioskDb(join(dir, 'kiosk.db'), { readonly: true });
    const outbox = new Outbox(db, { recoverOnOpen: false });
    const local = outbox.records();
    db.close();
    expect(local.filter((e) => e.state !== 'delivered')).toEqual([]);
    const refOf = new Map(records.map((r) => [r.localRef, r.ministryRef]));
    expect(local.filter((e) => e.ministryRef !== refOf.get(e.localRef))).toEqual([]);
    expect(local.every((e) => e.purgedAt !== undefined)).toBe(true);
    expect(kills).toBe(10);
    expect(drainKills).toBeGreaterThan(0);
    console.log(`crash test: ${N} acknowledged, ${local.length} written, ${records.length} at the gateway, ${kills + drainKills} kill -9`);
  });
});
