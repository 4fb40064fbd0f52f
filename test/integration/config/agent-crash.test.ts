import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BundleStore } from '../../../main/config/bundle/store';
import { waitFor } from '../../support/wait';
import { standaloneAgent } from '../../support/standalone-agent';

/**
 * kill -9 at any point of the agent's work — mid-refresh, mid-download, mid-stage, mid-apply,
 * mid-health-gate, mid-rollback — never leaves a half-applied configuration: a real child
 * process publishes and applies bundles (every third one bad, so rolled back) and is killed at
 * random moments; after each kill the store holds whole bundles, never keeps a bad one, and a
 * restarted agent finishes what was on probation.
 */
const work = mkdtempSync(join(tmpdir(), 'agent-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const isBad = (version: number) => version % 3 === 0;

/**
 * Kills the child `delayMs` after it published its `afterPublished`-th bundle of this run (0: after
 * it started, so a kill also lands in the recovery of the last one): a
 * kill point counted in work, so a loaded machine (whose child does less per second) still
 * moves through versions, and the delay puts the kill anywhere in the next one's work.
 */
function runAndKill(afterPublished: number, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'agent-apply.child.ts'), work], { stdio: ['ignore', 'pipe', 'inherit'] });
    let published = 0;
    let armed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      published += chunk.split('\n').filter((line) => line.startsWith('published ')).length;
      if (armed || published < afterPublished) return;
      armed = true;
      setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended on its own (${signal ?? code})`))));
  });
}

/** What the next start of the kiosk does: the same agent over the same store. */
async function restartAgent(store: BundleStore): Promise<void> {
  const agent = standaloneAgent(store);
  agent.start();
  // It resumes a probation (the gate again) or applies what was staged; either way it settles.
  await waitFor(() => !store.read().probation && !store.read().staged, { what: 'the restarted agent to settle', timeoutMs: 10_000, describeLast: () => store.read() });
  agent.stop();
}

describe('the configuration agent survives kill -9 at any point', { timeout: 300_000 }, () => {
  it('leaves whole bundles, never a bad one kept, after each of 20 random kills', async () => {
    let highest = 0;
    for (let round = 0; round < 20; round++) {
      await runAndKill(Math.floor(Math.random() * 3), Math.floor(Math.random() * 600));
      const store = new BundleStore(join(work, 'kiosk'));
      const state = store.read(); // never torn: state.json is replaced whole
      // The trusted metadata is never torn. A write the kill cut short leaves its temporary file
      // (writeFileAtomic's `.<name>.<pid>.<random>.tmp`), which nothing reads: not metadata.
      const trusted = existsSync(join(store.dir, 'tuf')) ? readdirSync(join(store.dir, 'tuf')).filter((f) => !(f.startsWith('.') && f.endsWith('.tmp'))) : [];
      for (const file of trusted) expect(() => JSON.parse(readFileSync(join(store.dir, 'tuf', file), 'utf8'))).not.toThrow();
      for (const record of [state.current, state.lastKnownGood, state.staged]) {
        if (!record) continue;
        const bundle = store.load(record);
        expect(bundle.version).toBe(record.version);
        if (!isBad(record.version)) expect(bundle.texts?.['attract.title']?.ar).toBe(`أدخل البطاقة ${record.version}`);
      }
      if (state.current && isBad(state.current.version)) expect(state.probation?.version).toBe(state.current.version);
      if (state.lastKnownGood) expect(isBad(state.lastKnownGood.version)).toBe(false);
      expect(state.refused.every((r) => isBad(r.version))).toBe(true);
      await restartAgent(store);
      const after = store.read();
      if (after.current) expect(isBad(after.current.version)).toBe(false);
      expect(after.probation).toBeUndefined();
      highest = Math.max(highest, after.current?.version ?? 0);
    }
    expect(highest).toBeGreaterThan(4);
  });
});
