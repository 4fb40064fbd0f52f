import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demo from '../../../drivers/card/sim/demo-identity.json';
import { startKiosk, type RunningKiosk } from '../../../main/app/compose';
import type { BundleStore } from '../../../main/config/bundle/store';
import { type KioskState, screenOf } from '../../../main/contract';
import { silentLogger } from '../../../main/core/log';
import { openKioskDb } from '../../../offline-cache/db';
import { badBundle, goodBundle, NEW_SERVICE_ID } from '../../fixtures/config/bundles';
import { startTestRepository, type TestRepository } from '../../support/config-repo';
import { waitFor } from '../../support/wait';

/**
 * The configuration agent inside a whole simulated kiosk (pcscd's virtual card, ptys, SQLite,
 * the gateway simulator), polling a repository served by nginx: a bundle found while a shopper
 * is mid-session is staged and waits; it is applied in place (same process, same session
 * object) once the shopper has gone; a bundle whose dry run fails is rolled back on its own,
 * refused from then on, and reported.
 */
const VPCD_PORT = 35964;
let t: TestRepository;
let store: BundleStore;
let kiosk: RunningKiosk;

const serviceIds = (state: KioskState) => (state.mode.kind === 'shopper' && state.mode.session.step.screen === 'welcome' ? state.mode.session.step.services.map((s) => s.id) : []);

function untilScreen(screen: string) {
  return waitFor(() => screenOf(kiosk.session.snapshot) === screen && !kiosk.session.snapshot.busy && kiosk.session.snapshot, {
    what: `the ${screen} screen`,
    on: (l) => kiosk.session.onState(l),
    timeoutMs: 20_000,
    describeLast: () => screenOf(kiosk.session.snapshot),
  });
}

beforeAll(async () => {
  t = await startTestRepository();
  t.publish(goodBundle(1));
  store = t.kioskStore();
  kiosk = await startKiosk({
    dataDir: dirname(store.dir),
    simulate: true,
    log: silentLogger,
    vpcdPort: VPCD_PORT,
    terminalStepDelayMs: 20,
    // No timer poll in the test: it asks with checkNow, as kioskctl config check-now does.
    configRepository: { url: t.url, pollMs: 86_400_000, healthWindowMs: 300 },
  });
});
afterAll(async () => {
  await kiosk?.close();
  await t?.close();
});

describe('the configuration agent in a running kiosk', () => {
  it('stages a bundle found mid-session and applies it in place only after the shopper leaves', async () => {
    await kiosk.world!.lab.insertCard(demo, 'demo');
    const during = await untilScreen('welcome');
    expect(serviceIds(during)).not.toContain(NEW_SERVICE_ID);
    expect(await kiosk.configAgent!.checkNow()).toMatchObject({ outcome: 'staged', version: 1 });
    // Still the same session with the same services: nothing applied under the shopper.
    expect(store.read()).toMatchObject({ staged: { version: 1 } });
    expect(store.read().current).toBeUndefined();
    expect(serviceIds(kiosk.session.snapshot)).not.toContain(NEW_SERVICE_ID);
    expect(kiosk.configAgent!.status().rollout).toBe('staged');

    await kiosk.world!.lab.removeCard();
    await untilScreen('attract');
    await waitFor(() => kiosk.configAgent!.status().rollout === 'applied', { what: 'bundle 1 to pass its health window', timeoutMs: 10_000, describeLast: () => kiosk.configAgent!.status() });
    expect(store.read()).toMatchObject({ current: { version: 1 }, lastKnownGood: { version: 1 } });
    expect(kiosk.devices.snapshot.config).toMatchObject({ version: 'bundle-1' });
    expect(kiosk.telemetry.config).toMatchObject({ version: 'bundle-1', rollout: 'applied' });

    await kiosk.world!.lab.insertCard(demo, 'demo');
    expect(serviceIds(await untilScreen('welcome'))).toContain(NEW_SERVICE_ID);
    await kiosk.world!.lab.removeCard();
    await untilScreen('attract');
  });

  it('rolls back a bundle whose dry run strands a shopper, refuses it from then on, and says why', async () => {
    // The network is down when it happens: the gateway hears of it once it is back, once.
    kiosk.world!.gateway.setDown(true);
    t.publish(badBundle(2));
    expect(await kiosk.configAgent!.checkNow()).toMatchObject({ outcome: 'staged', version: 2 });
    await waitFor(() => kiosk.configAgent!.status().rollout === 'rolled-back', { what: 'bundle 2 to be rolled back', timeoutMs: 10_000, describeLast: () => kiosk.configAgent!.status() });
    const status = kiosk.configAgent!.status();
    expect(status.version).toBe(1);
    expect(status.refused).toEqual([expect.objectContaining({ version: 2, code: 'health-check-failed', reason: expect.stringMatching(/^dry-run: renew-residence-permit/) })]);
    expect(kiosk.telemetry.config).toMatchObject({ version: 'bundle-1', rollout: 'rolled-back' });
    // The rollback waits in SQLite for the collector, like every event that must not be lost.
    const db = openKioskDb(join(dirname(store.dir), 'kiosk.db'), { readonly: true });
    try {
      const rows = db.prepare(`SELECT name, attributes FROM telemetry_events WHERE name LIKE 'config-%' ORDER BY seq`).all() as { name: string; attributes: string }[];
      expect(rows.map((r) => r.name)).toEqual(['config-applied', 'config-applied', 'config-rolled-back']);
      expect(JSON.parse(rows.at(-1)!.attributes)).toMatchObject({ version: '2', reason: 'dry-run' });
    } finally {
      db.close();
    }
    const report = () => kiosk.outbox.list().filter((e) => e.kind === 'config-report');
    expect(report()).toEqual([expect.objectContaining({ localRef: 'K01-CFG-2', state: expect.stringMatching(/^(queued|sending)$/) })]);
    expect(kiosk.world!.gateway.configReports('K01')).toEqual([]);
    kiosk.world!.gateway.setDown(false);
    await waitFor(() => report()[0]!.state === 'delivered', { what: 'the rollback report to be delivered', timeoutMs: 15_000, describeLast: () => report() });
    expect(kiosk.world!.gateway.configReports('K01')).toEqual([
      expect.objectContaining({ key: report()[0]!.idempotencyKey, report: expect.objectContaining({ outcome: 'rolled-back', version: 2, inForce: 1, code: 'health-check-failed', reason: expect.stringMatching(/^dry-run: /) }) }),
    ]);
    // The refused version is never taken again, though the repository still offers it.
    expect(await kiosk.configAgent!.checkNow()).toMatchObject({ outcome: 'current', version: 1 });
    expect(store.read().current?.version).toBe(1);
    await kiosk.world!.lab.insertCard(demo, 'demo');
    expect(serviceIds(await untilScreen('welcome'))).toContain(NEW_SERVICE_ID);
    await kiosk.world!.lab.removeCard();
    await untilScreen('attract');
    // Nothing sent it again: still the one report, still the one outbox entry.
    expect(report()).toHaveLength(1);
    expect(kiosk.world!.gateway.configReports('K01')).toHaveLength(1);
  });
});
