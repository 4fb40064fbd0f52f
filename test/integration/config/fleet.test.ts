import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentEvent, type ConfigAgent } from '../../../main/config/tuf/agent';
import { inRing, ringBucket } from '../../../main/config/tuf/rings';
import { badBundle, goodBundle } from '../../fixtures/config/bundles';
import { startTestRepository, type TestRepository } from '../../support/config-repo';
import { waitFor } from '../../support/wait';
import { standaloneAgent } from '../../support/standalone-agent';

/**
 * A fleet of 120 kiosks as lightweight configuration agents (the real ConfigAgent, store, TUF
 * client and catalog dry run; no devices) in one process, against one repository served by
 * nginx: bundle 2 rolls out to 5 %, 25 % and all kiosks by re-publishing its ring, and a bad
 * bundle 3 sent to 25 % is rolled back by every kiosk that took it, on its own, while the rest
 * never see it.
 */
const FLEET = 120;
let t: TestRepository;
const kiosks: { id: string; agent: ConfigAgent; inForce: number; events: AgentEvent[] }[] = [];

beforeAll(async () => {
  t = await startTestRepository();
  t.publish(goodBundle(1));
  for (let n = 1; n <= FLEET; n++) {
    const kiosk = { id: `K${String(n).padStart(3, '0')}`, inForce: 0, events: [] as AgentEvent[] } as (typeof kiosks)[number];
    kiosk.agent = standaloneAgent(t.kioskStore(), {
      url: t.url,
      kioskId: kiosk.id,
      swap: (_bundle, version) => (kiosk.inForce = version),
      report: (event) => kiosk.events.push(event),
    });
    kiosks.push(kiosk);
  }
}, 120_000);
afterAll(async () => {
  for (const k of kiosks) k.agent.stop();
  await t?.close();
});

/** Every kiosk polls (20 at a time, as a fleet's jittered polls would overlap) and settles. */
async function pollFleet(): Promise<void> {
  for (let i = 0; i < kiosks.length; i += 20) await Promise.all(kiosks.slice(i, i + 20).map((k) => k.agent.checkNow()));
  await waitFor(() => kiosks.every((k) => k.agent.status().rollout !== 'probation'), { what: 'every kiosk to finish its health window', timeoutMs: 60_000 });
}

const onVersion = (v: number) => kiosks.filter((k) => k.inForce === v && k.agent.status().version === v).map((k) => k.id);
const expectedIn = (percent: number) => kiosks.filter((k) => inRing({ kind: 'percent', percent }, k.id)).map((k) => k.id);

// A fleet's checks are real TUF refreshes, downloads and fsyncs: minutes on a loaded 2-core machine.
describe(`a fleet of ${FLEET} kiosks against one static repository`, { timeout: 300_000 }, () => {
  it('takes bundle 1 everywhere', async () => {
    await pollFleet();
    expect(onVersion(1)).toHaveLength(FLEET);
  });

  it('rolls bundle 2 out to 5 %, 25 %, then all kiosks by re-publishing its ring', async () => {
    const shares: number[] = [];
    for (const percent of [5, 25, 100]) {
      t.publish(goodBundle(2), { ring: percent === 100 ? { kind: 'all' } : { kind: 'percent', percent } });
      await pollFleet();
      const expected = percent === 100 ? kiosks.map((k) => k.id) : expectedIn(percent);
      expect(onVersion(2).sort()).toEqual(expected.sort());
      expect(onVersion(1).length).toBe(FLEET - expected.length);
      shares.push(onVersion(2).length);
    }
    // Each ring holds the one before it, and the stable hash spreads the fleet about evenly.
    expect(shares[0]).toBeGreaterThan(0);
    expect(shares[0]).toBeLessThan(shares[1]!);
    expect(shares[1]).toBeGreaterThan(FLEET * 0.12);
    expect(shares[1]).toBeLessThan(FLEET * 0.4);
    expect(shares[2]).toBe(FLEET);
    expect(kiosks.filter((k) => ringBucket(k.id) < 5).every((k) => k.events.filter((e) => e.kind === 'applied' && e.version === 2).length === 1)).toBe(true);
  });

  it('rolls a bad bundle 3 back on every kiosk of its 25 % ring, which refuse it from then on', async () => {
    t.publish(badBundle(3), { ring: { kind: 'percent', percent: 25 } });
    await pollFleet();
    const ring = expectedIn(25);
    const rolledBack = kiosks.filter((k) => k.events.some((e) => e.kind === 'rolled-back' && e.version === 3));
    expect(rolledBack.map((k) => k.id).sort()).toEqual(ring.sort());
    for (const k of rolledBack) {
      expect(k.agent.status()).toMatchObject({ version: 2, rollout: 'rolled-back', refused: [expect.objectContaining({ version: 3, code: 'health-check-failed' })] });
      expect(k.events.find((e) => e.kind === 'rolled-back')).toMatchObject({ to: 2, check: 'dry-run' });
    }
    expect(onVersion(2)).toHaveLength(FLEET);
    // Widening the bad rollout changes nothing for kiosks that refused it; the others refuse it too.
    t.publish(badBundle(3));
    await pollFleet();
    expect(onVersion(2)).toHaveLength(FLEET);
    expect(kiosks.filter((k) => k.events.filter((e) => e.kind === 'applied' && e.version === 3).length > 1)).toEqual([]);
    expect(kiosks.every((k) => k.agent.status().refused.some((r) => r.version === 3))).toBe(true);
  });
});
