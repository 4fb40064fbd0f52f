import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { PART_FILES } from '../main/config/bundle/schema';
import { type ConfigAgent } from '../main/config/tuf/agent';
import { goodBundle } from '../test/fixtures/config/bundles';
import { startTestRepository } from '../test/support/config-repo';
import { type Bench, percentile } from './types';
import { standaloneAgent } from '../test/support/standalone-agent';

/**
 * Configuration delivery (issue 12): verify + apply of a full bundle (every part new: catalog,
 * texts, settings, out-of-service, telemetry) from an nginx-served TUF repository — refresh
 * root/timestamp/snapshot/targets, download and hash-check the parts, validate, stage, the
 * atomic apply with the last known-good kept, the in-place swap and the health gate's first
 * pass — beside the naive way: download every file and restart the kiosk process.
 */
const ROUNDS = Number(process.env.CONFIG_BENCH_ROUNDS ?? 10);

async function naiveRestart(dataDir: string, version: number, files: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'bench', 'config-restart.child.ts'), dataDir, String(version), ...files], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', () => resolve());
    child.once('exit', (code) => reject(new Error(`restarted kiosk exited with ${code}`)));
  });
  const ms = performance.now() - started;
  await new Promise((r) => child.once('exit', r));
  return ms;
}

/** Until the health window's last pass has kept the bundle. */
async function settled(agent: ConfigAgent): Promise<void> {
  while (agent.status().rollout === 'probation') await new Promise((r) => setTimeout(r, 5));
}

const bench: Bench = {
  name: 'config',
  async run() {
    const t = await startTestRepository();
    const baselineDir = mkdtempSync(join(tmpdir(), 'config-bench-restart-'));
    try {
      t.publish(goodBundle(1));
      const store = t.kioskStore();
      let version = 0;
      let applied = 0;
      const agent = standaloneAgent(store, {
        url: t.url,
        swap: (_bundle, v) => (version = v),
        report: (event) => event.kind === 'applied' && applied++,
      });
      await agent.checkNow(); // the first root walk and bundle 1, outside the timing
      await settled(agent);
      const kiosk: number[] = [];
      const naive: number[] = [];
      let keptLastGood = 0;
      for (let round = 2; round < ROUNDS + 2; round++) {
        // Every part changes: a new catalog version, new texts, new settings.
        t.publish(goodBundle(round, { texts: { 'attract.title': { ar: `أدخل البطاقة ${round}`, en: `Insert your card ${round}` } }, settings: { session: { idleWarningMs: 60_000 + round } } }));
        const started = performance.now();
        await agent.checkNow();
        kiosk.push(performance.now() - started);
        if (version !== round) throw new Error(`bundle ${round} was not applied (in force: ${version})`);
        const state = store.read();
        if (state.lastKnownGood?.version === round - 1 && store.load(state.lastKnownGood).version === round - 1) keptLastGood++;
        await settled(agent); // the health window's second pass, outside the timing
        const dir = join(t.repo, 'targets', 'releases', String(round));
        const files = readdirSync(dir).map((f) => `${Object.entries(PART_FILES).find(([, file]) => f.endsWith(`.${file}`))![0]}=${t.url}/targets/releases/${round}/${f}`);
        naive.push(await naiveRestart(join(baselineDir, String(round)), round, files));
      }
      agent.stop();
      return {
        title: `verify + apply of a full bundle from nginx (${ROUNDS} rounds, every part new)`,
        baseline: 'download every file and restart the kiosk process',
        rows: [
          { metric: 'verify + apply, median', unit: 'ms', value: percentile(kiosk, 50), baseline: percentile(naive, 50), better: 'lower', goal: 300 },
          { metric: 'verify + apply, p95', unit: 'ms', value: percentile(kiosk, 95), baseline: percentile(naive, 95), better: 'lower', goal: 300 },
          { metric: 'rounds with the last good bundle kept', unit: 'of ' + ROUNDS, value: keptLastGood, better: 'higher', goal: ROUNDS },
        ],
        notes: [
          `${applied} bundles applied in place in one process, each with the one before kept whole as last known-good`,
          'the baseline restart is a fresh Node process composing the kiosk without devices (it also pays tsx start-up, as `npm start` does; a packaged Electron kiosk would add its window and renderer start)',
        ],
      };
    } finally {
      await t.close();
      rmSync(baselineDir, { recursive: true, force: true });
    }
  },
};
export default bench;
