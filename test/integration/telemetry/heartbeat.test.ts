import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startKiosk } from '../../../main/app/compose';
import { silentLogger } from '../../../main/core/log';
import demo from '../../../drivers/card/sim/demo-identity.json';

/** A running simulated kiosk sends its signed heartbeat to the gateway simulator over HTTP. */
const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-heartbeat-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('heartbeat through the gateway', () => {
  it('arrives signed every period, with the kiosk in service and its queue', async () => {
    const kiosk = await startKiosk({
      dataDir,
      simulate: true,
      log: silentLogger,
      vpcdPort: 35964,
      telemetry: { exportIntervalMs: 60_000, exportTimeoutMs: 1000, maxQueuedEvents: 1000, heartbeatMs: 1000 },
    });
    try {
      const gateway = kiosk.world!.gateway;
      const statuses = () => Object.fromEntries(Object.entries(kiosk.devices.snapshot).map(([device, state]) => [device, state.status]));
      // The first heartbeats may go out while the gateway probe is still 'starting'; wait for three
      // and for one sent once the model had settled, as ops would see it a moment after start.
      const settled = () => {
        const r = gateway.heartbeat('K01');
        return r !== undefined && r.count >= 3 && JSON.stringify(r.last.devices) === JSON.stringify(statuses());
      };
      const deadline = Date.now() + 30_000;
      while (!settled() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const record = gateway.heartbeat('K01')!;
      expect(record.count).toBeGreaterThanOrEqual(3);
      expect(record.last).toMatchObject({ kioskId: 'K01', mode: 'in-service', version: '0.1.0', queue: { waiting: 0, dead: 0 }, refundsOwed: 0 });
      // seq counts what the kiosk sent; one lost to a busy gateway leaves a gap, none arrives twice.
      expect(record.last.seq).toBeGreaterThanOrEqual(record.count);
      // The device statuses are the device-state model's, the same the metrics and diagnostics read.
      expect(record.last.devices).toEqual(statuses());
      expect(record.last.devices).toMatchObject({ cardReader: 'online', printer: 'online', terminal: 'online', disk: 'online', database: 'online', config: 'online' });
      expect(JSON.stringify(record.last)).not.toContain(demo.idNumber);
    } finally {
      await kiosk.close();
    }
  });
});
