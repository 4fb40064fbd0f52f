import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BundleStore } from '../../../main/config/bundle/store';

/**
 * kill -9 at any point of applying a bundle never leaves a half-applied configuration: a real
 * child process applies bundles back to back on a real file system and is killed at random
 * moments; after each kill the store holds one whole bundle (every part of the same version)
 * and the one before it, and a restarted writer carries on from there.
 */
const dir = mkdtempSync(join(tmpdir(), 'apply-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Kills the writer `delayMs` after it has finished `afterApplies` bundles of this life (0: while
 * it applies its first, right after recovering from the last kill). Counting applies rather than
 * milliseconds from the start keeps the test making progress however slow the machine is.
 */
function runAndKill(afterApplies: number, delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'apply.child.ts'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let applies = -1; // the 'ready' line comes first
    let armed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      applies += chunk.split('\n').filter(Boolean).length;
      if (!armed && applies >= afterApplies) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.once('error', reject);
    child.once('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended on its own (${signal ?? _code})`))));
  });
}

describe('applying a bundle survives kill -9 at any point', () => {
  it('leaves a whole bundle in force after every one of 25 random kills', async () => {
    let lastVersion = 0;
    for (let round = 0; round < 25; round++) {
      await runAndKill(Math.floor(Math.random() * 2), Math.floor(Math.random() * 60));
      const store = new BundleStore(dir);
      const state = store.read();
      const current = state.current;
      if (!current) continue; // killed before the first bundle was complete: still the shipped one
      expect(current.version).toBeGreaterThanOrEqual(lastVersion);
      lastVersion = current.version;
      for (const record of [current, state.lastKnownGood]) {
        if (!record) continue;
        const bundle = store.load(record);
        expect(bundle.version).toBe(record.version);
        expect(bundle.catalog?.version).toBe(`bundle-${record.version}`);
        expect(bundle.texts?.['attract.title']?.ar).toBe(`أدخل البطاقة ${record.version}`);
      }
      expect(state.probation?.version).toBe(current.version);
      // What the killed writer left half-written is swept by the next writer, and only that.
      store.recover();
      expect(readdirSync(join(dir, 'config')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const named = new Set([current, state.lastKnownGood].flatMap((r) => (r ? Object.values(r.parts) : [])));
      expect(new Set(readdirSync(join(dir, 'config', 'objects')))).toEqual(named);
    }
    // Restarted writers carried on from killed ones: about half the lives finish a bundle before
    // their kill, so the versions move on whatever the machine's speed.
    expect(lastVersion).toBeGreaterThanOrEqual(4);
  }, 180_000); // 25 child processes, each starting tsx: a minute and more on a loaded machine
});
