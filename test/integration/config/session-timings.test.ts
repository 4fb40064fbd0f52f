import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demo from '../../../drivers/card/sim/demo-identity.json';
import { kioskOptionsFrom, startKiosk, type RunningKiosk } from '../../../main/app/compose';
import { loadSettings } from '../../../main/config';
import { settingsWithSignedLayer } from '../../../main/config/bundle/signed-layer';
import { defaultTimings } from '../../../main/core/catalog';
import { silentLogger } from '../../../main/core/log';
import { type KioskState, screenOf } from '../../../main/contract';
import { partBytes, type PartsJson } from '../../fixtures/config/bundles';
import { startTestRepository, type TestRepository } from '../../support/config-repo';
import { waitFor } from '../../support/wait';

/**
 * Session timings after a restart with a bundle in force: the kiosk reads its settings with that
 * bundle's layer (as kioskctl start and the Electron shell do), then a newer bundle that no longer
 * sets a timing is applied in place. The dropped timing must go back to the shipped value, not keep
 * the first bundle's until the next restart.
 */
const VPCD_PORT = 35964;
const FIRST_COUNTDOWN_MS = 45_000;
let t: TestRepository;
let kiosk: RunningKiosk;

const bundle = (version: number, session: Record<string, number>): PartsJson => ({ header: { version, notes: `timings ${version}` }, settings: { session } });

function until(what: string, ok: (s: KioskState) => boolean) {
  return waitFor(() => ok(kiosk.session.snapshot) && !kiosk.session.snapshot.busy && kiosk.session.snapshot, {
    what,
    on: (l) => kiosk.session.onState(l),
    timeoutMs: 20_000,
    describeLast: () => `${screenOf(kiosk.session.snapshot)} timeoutAt=${kiosk.session.snapshot.timeoutAt}`,
  });
}

beforeAll(async () => {
  t = await startTestRepository();
  const first = bundle(1, { warningCountdownMs: FIRST_COUNTDOWN_MS });
  t.publish(first);
  const store = t.kioskStore();
  // Bundle 1 in force before the start, as a restart finds it.
  const record = store.putBundle(1, partBytes(first), Date.now());
  store.update((s) => ({ ...s, current: record, lastKnownGood: record }));
  const dataDir = dirname(store.dir);
  const settings = settingsWithSignedLayer(dataDir, (signed) => loadSettings({ signed, env: {} }), silentLogger);
  expect(settings.session.warningCountdownMs).toBe(FIRST_COUNTDOWN_MS);
  kiosk = await startKiosk({
    ...kioskOptionsFrom(settings),
    dataDir,
    simulate: true,
    log: silentLogger,
    vpcdPort: VPCD_PORT,
    terminalStepDelayMs: 20,
    telemetry: { ...settings.telemetry, metricsPort: 0 },
    configRepository: { url: t.url, pollMs: 86_400_000, healthWindowMs: 300 },
  });
}, 60_000);
afterAll(async () => {
  await kiosk?.close();
  await t?.close();
});

describe('session timings from a newer bundle', () => {
  it('a timing the newer bundle drops goes back to the shipped value at once', async () => {
    // Bundle 2 keeps only a short idle time, so the warning (and its countdown) shows quickly.
    t.publish(bundle(2, { idleWarningMs: 1_000 }));
    expect(await kiosk.configAgent!.checkNow()).toMatchObject({ outcome: 'staged', version: 2 });
    await waitFor(() => kiosk.configAgent!.status().version === 2 && kiosk.configAgent!.status().rollout === 'applied', {
      what: 'bundle 2 to be applied and kept',
      timeoutMs: 10_000,
      describeLast: () => kiosk.configAgent!.status(),
    });
    await kiosk.world!.lab.insertCard(demo, 'demo');
    await until('the welcome screen', (s) => screenOf(s) === 'welcome');
    const warned = await until('the inactivity warning', (s) => s.timeoutAt !== undefined);
    const countdown = warned.timeoutAt! - Date.now();
    expect(countdown).toBeGreaterThan(defaultTimings.warningCountdownMs - 5_000);
    expect(countdown).toBeLessThanOrEqual(defaultTimings.warningCountdownMs);
    await kiosk.world!.lab.removeCard();
    await until('the attract screen', (s) => screenOf(s) === 'attract');
  });
});
