import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleStore } from '../../../main/config/bundle/store';
import { goodBundle } from '../../fixtures/config/bundles';
import { startTestRepository, type TestRepository } from '../../support/config-repo';
import { waitFor } from '../../support/wait';
import { startKioskProcess, type KioskProcess } from '../host/kiosk-process';

/**
 * `kioskctl config check-now` beside a running `kioskctl start`: the command does not write the
 * kiosk's store itself (the kiosk is its one writer) but signals the kiosk, which polls nginx,
 * stages and — idle on the attract screen — applies the bundle in the same process.
 */
const run = promisify(execFile);
const KIOSKCTL = new URL('../../../bin/kioskctl.mjs', import.meta.url).pathname;
let t: TestRepository;
let kiosk: KioskProcess;
let dataDir: string;

async function kioskctl(...args: string[]) {
  const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('KIOSK_'))), KIOSK_CONFIG_URL: t.url, KIOSK_DATA_DIR: dataDir };
  const { stdout } = await run(process.execPath, [KIOSKCTL, ...args], { env });
  return stdout;
}

beforeAll(async () => {
  t = await startTestRepository();
  t.publish(goodBundle(1));
  dataDir = mkdtempSync(join(tmpdir(), 'check-now-'));
  await kioskctl('config', 'trust', '--root', join(t.repo, 'metadata', '1.root.json'));
  kiosk = await startKioskProcess({ dataDir, env: { KIOSK_CONFIG_URL: t.url } });
});
afterAll(async () => {
  if (kiosk?.alive()) {
    kiosk.child.kill('SIGTERM');
    await kiosk.exited;
  }
  await t?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('kioskctl config check-now with a kiosk running', () => {
  it('has the running kiosk poll, stage and apply in place', async () => {
    expect(JSON.parse(await kioskctl('config', 'status', '--json'))).toMatchObject({ version: 0 });
    const check = JSON.parse(await kioskctl('config', 'check-now', '--json')) as Record<string, unknown>;
    expect(check).toMatchObject({ outcome: 'staged', version: 1 });
    // check-now returns once the kiosk recorded its check; the apply follows at once (it is idle).
    await waitFor(() => new BundleStore(dataDir).read().current?.version === 1, { what: 'the running kiosk to apply bundle 1', timeoutMs: 10_000 });
    const status = JSON.parse(await kioskctl('config', 'status', '--json')) as { version: number; rollout: string };
    expect(status.version).toBe(1);
    expect(['probation', 'applied']).toContain(status.rollout);
    expect(kiosk.alive()).toBe(true); // applied without a restart
    expect(t.server.requests().some((r) => r.startsWith('GET /metadata/timestamp.json 200'))).toBe(true);
  });
});
