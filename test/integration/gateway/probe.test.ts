import { afterEach, describe, expect, it } from 'vitest';
import { startGatewaySimulator, type GatewaySimulator } from '../../../gateway';
import { GatewayClient, GatewayProbe, type GatewayStatus, linkProbeAndDelivery } from '../../../main/gateway';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function sim(): Promise<GatewaySimulator> {
  const s = await startGatewaySimulator({ seed: 1 });
  cleanups.push(() => s.close());
  return s;
}

function probeOf(url: string) {
  const client = new GatewayClient({ baseUrl: url, kioskId: 'K01' });
  const probe = new GatewayProbe({ check: () => client.health(500), onlineIntervalMs: 100, offlineIntervalMs: 50, confirmMs: 20 });
  const changes: [GatewayStatus, GatewayStatus][] = [];
  probe.on('change', (s, p) => changes.push([s, p]));
  cleanups.push(() => probe.stop());
  return { probe, changes };
}

const waitFor = (probe: GatewayProbe, status: GatewayStatus, ms = 3000) =>
  new Promise<void>((resolve, reject) => {
    if (probe.status === status) return resolve();
    const t = setTimeout(() => reject(new Error(`not ${status} within ${ms} ms (is ${probe.status})`)), ms);
    probe.on('change', (s) => {
      if (s === status) {
        clearTimeout(t);
        resolve();
      }
    });
  });

describe('GatewayProbe against the gateway simulator over HTTP', () => {
  it('starts unknown, goes online, offline when the gateway goes down (after a confirming probe), and back', async () => {
    const gw = await sim();
    const { probe, changes } = probeOf(gw.url);
    expect(probe.status).toBe('unknown');
    probe.start();
    await waitFor(probe, 'online');
    gw.setDown(true);
    await waitFor(probe, 'offline');
    gw.setDown(false);
    await waitFor(probe, 'online');
    expect(changes).toEqual([
      ['online', 'unknown'],
      ['offline', 'online'],
      ['online', 'offline'],
    ]);
  });

  it('a single failed probe does not flip to offline', async () => {
    let answers = [true, false, true];
    const probe = new GatewayProbe({ check: async () => answers.shift() ?? true, onlineIntervalMs: 10, confirmMs: 10 });
    const seen: GatewayStatus[] = [];
    probe.on('change', (s) => seen.push(s));
    cleanups.push(() => probe.stop());
    probe.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(answers).toEqual([]);
    expect(seen).toEqual(['online']);
    answers = [];
  });

  it('is offline for a gateway nobody listens on, and delivery resumes on the way back online', async () => {
    const gw = await sim();
    gw.setDown(true);
    const { probe } = probeOf(gw.url);
    let kicks = 0;
    const handlers: Record<string, (e: { lastError?: string }) => void> = {};
    linkProbeAndDelivery(probe, { resume: () => (kicks += 1), on: (ev: string, fn: (e: { lastError?: string }) => void) => (handlers[ev] = fn) } as never);
    probe.start();
    await waitFor(probe, 'offline');
    expect(kicks).toBe(0);
    gw.setDown(false);
    await waitFor(probe, 'online');
    expect(kicks).toBe(1);
    handlers.delivered!({});
    expect(probe.status).toBe('online');
  });
});
