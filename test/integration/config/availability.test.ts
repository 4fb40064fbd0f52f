import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import demo from '../../../drivers/card/sim/demo-identity.json';
import { startKiosk, type RunningKiosk } from '../../../main/app/compose';
import { BundleError } from '../../../main/config/bundle/errors';
import type { PartName } from '../../../main/config/bundle/schema';
import type { BundleStore } from '../../../main/config/bundle/store';
import { hashPin } from '../../../main/config/pin-hash';
import { currentStep, type KioskState, screenOf } from '../../../main/contract';
import { silentLogger } from '../../../main/core/log';
import type { PartsJson } from '../../fixtures/config/bundles';
import { startTestRepository, type TestRepository } from '../../support/config-repo';
import { waitFor } from '../../support/wait';

// Ops' own check skipped while publishing, so the kiosk's check is what meets a bad rule set.
const publishUnchecked = vi.hoisted(() => ({ on: false }));
vi.mock('../../../main/config/bundle/schema', async (original) => {
  const real = await original<{ parseBundle: (parts: ReadonlyMap<PartName, Uint8Array>) => unknown }>();
  return {
    ...real,
    parseBundle: (parts: ReadonlyMap<PartName, Uint8Array>) =>
      publishUnchecked.on ? { version: (JSON.parse(Buffer.from(parts.get('header')!).toString()) as { version: number }).version } : real.parseBundle(parts),
  };
});

/**
 * The out-of-service rules follow the bundle in force, through the real configuration path: a
 * bundle published to nginx, verified with TUF, applied by the agent at the idle moment of a
 * whole simulated kiosk (pcscd's virtual card, the printer simulator on a pty out of paper).
 * The next shopper is offered what the new rules allow, the kiosk goes out of service by
 * itself when they need the printer that is out, a technician's visit ends by the same rules,
 * and a bad rule set is refused whole while the bundle in force stays.
 */
const VPCD_PORT = 35964;
const PIN = '246810';
let t: TestRepository;
let store: BundleStore;
let kiosk: RunningKiosk;

const rules = (version: number, availability: unknown): PartsJson => ({ header: { version, notes: `rules ${version}` }, settings: { availability } });

function until(what: string, ok: (s: KioskState) => boolean, timeoutMs = 20_000) {
  return waitFor(() => ok(kiosk.session.snapshot) && !kiosk.session.snapshot.busy && kiosk.session.snapshot, {
    what,
    on: (l) => kiosk.session.onState(l),
    timeoutMs,
    describeLast: () => `${screenOf(kiosk.session.snapshot)} ${JSON.stringify(kiosk.session.snapshot.offer)}`,
  });
}

async function apply(parts: PartsJson) {
  t.publish(parts);
  const version = (parts.header as { version: number }).version;
  expect(await kiosk.configAgent!.checkNow()).toMatchObject({ outcome: 'staged', version });
  await waitFor(() => kiosk.configAgent!.status().version === version && kiosk.configAgent!.status().rollout === 'applied', {
    what: `bundle ${version} to be applied and kept`,
    timeoutMs: 10_000,
    describeLast: () => kiosk.configAgent!.status(),
  });
}

/** A shopper's list of services; the card goes back afterwards. */
async function offeredToShopper(): Promise<{ services: string[]; offer: KioskState['offer'] }> {
  await kiosk.world!.lab.insertCard(demo, 'demo');
  const state = await until('the welcome screen', (s) => screenOf(s) === 'welcome');
  const step = currentStep(state);
  const services = step.screen === 'welcome' ? step.services.map((s) => s.id) : [];
  await kiosk.world!.lab.removeCard();
  await until('the attract screen', (s) => screenOf(s) === 'attract');
  return { services, offer: state.offer };
}

beforeAll(async () => {
  t = await startTestRepository();
  // A repository is started by its first bundle: it changes nothing.
  t.publish({ header: { version: 1, notes: 'as shipped' } });
  store = t.kioskStore();
  kiosk = await startKiosk({
    dataDir: dirname(store.dir),
    simulate: true,
    log: silentLogger,
    vpcdPort: VPCD_PORT,
    terminalStepDelayMs: 20,
    configRepository: { url: t.url, pollMs: 86_400_000, healthWindowMs: 300 },
    technician: { pinHash: await hashPin(PIN, { N: 1024, r: 8, p: 1 }) },
  });
  await waitFor(() => ['cardReader', 'printer', 'terminal'].every((d) => kiosk.devices.snapshot[d as 'printer'].status === 'online'), { what: 'the devices to come online', timeoutMs: 20_000 });
  kiosk.world!.lab.setPrinterPaperOut(true);
  await waitFor(() => kiosk.devices.snapshot.printer.status === 'userError', { what: 'the printer to report paper out', timeoutMs: 10_000 });
}, 60_000);
afterAll(async () => {
  await kiosk?.close();
  await t?.close();
});

describe('out-of-service rules from the bundle in force', () => {
  it('a bundle that withdraws paid services without a printer: the next shopper gets free services only', async () => {
    const before = await offeredToShopper();
    expect(before.offer).toEqual({ inService: true, paid: true, receipt: 'on-screen' });
    expect(before.services).toEqual(expect.arrayContaining(['pay-traffic-fines', 'national-address']));

    await apply(rules(2, { withoutPrinter: 'paid-unavailable' }));
    const after = await offeredToShopper();
    expect(after.offer).toEqual({ inService: true, paid: false, receipt: 'on-screen' });
    expect(after.services).toContain('national-address');
    expect(after.services).not.toContain('pay-traffic-fines');
  });

  it('a bundle that needs the printer: out of service at once, a visit ends by the same rule, paper brings it back', async () => {
    await apply(rules(3, { kioskNeeds: ['cardReader', 'printer'] }));
    await until('the out-of-service screen', (s) => s.mode.kind === 'outOfService');

    await kiosk.world!.lab.insertCard(undefined, 'technician');
    await until('the technician PIN screen', (s) => screenOf(s) === 'technicianPin');
    expect((await kiosk.core.dispatch({ type: 'submitPin', pin: PIN })).ok).toBe(true);
    await until('diagnostics', (s) => screenOf(s) === 'diagnostics');
    await kiosk.core.dispatch({ type: 'exitDiagnostics' });
    await until('the out-of-service screen after the visit', (s) => s.mode.kind === 'outOfService');
    expect(kiosk.audit.entries().at(-1)).toMatchObject({ action: 'exit', detail: { back: 'out-of-service', failing: 'printer' } });
    await kiosk.world!.lab.removeCard();

    kiosk.world!.lab.setPrinterPaperOut(false);
    await until('back in service with paper', (s) => s.mode.kind === 'attract');
    expect((await offeredToShopper()).offer).toEqual({ inService: true, paid: true, receipt: 'paper' });
  });

  it('a bad rule set is refused whole (ops first, then the kiosk): the bundle in force and its rules stay', async () => {
    const bad = rules(4, { paidNeeds: ['terminal', 'disk', 'terminal'] });
    expect(() => t.publish(bad)).toThrow(BundleError);
    publishUnchecked.on = true;
    try {
      t.publish(bad);
    } finally {
      publishUnchecked.on = false;
    }
    expect(await kiosk.configAgent!.checkNow()).toMatchObject({ name: 'BundleError', code: 'bundle-invalid', message: 'settings.json: availability.paidNeeds: names a device twice' });
    expect(store.read()).toMatchObject({ current: { version: 3 } });
    expect(store.read().staged).toBeUndefined();
    // Bundle 3's rule still holds: no paper, no service.
    kiosk.world!.lab.setPrinterPaperOut(true);
    await until('the out-of-service screen under bundle 3', (s) => s.mode.kind === 'outOfService');
    kiosk.world!.lab.setPrinterPaperOut(false);
    await until('the attract screen', (s) => s.mode.kind === 'attract');
  });
});
