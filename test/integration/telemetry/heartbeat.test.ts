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
      const deadline = Date.now() + 15_000;
      while ((gateway.heartbeat('K01')?.count ?? 0) < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const record = gateway.heartbeat('K01')!;
      expect(record.count).toBeGreaterThanOrEqual(3);
      expect(record.last).toMatchObject({ kioskId: 'K01', mode: 'in-service', version: '0.1.0', queue: { waiting: 0, dead: 0 }, refundsOwed: 0 });
      expect(record.last.seq).toBe(record.count);
      // The device statuses are the device-state model's, the same the metrics and diagnostics read.
      expect(record.last.devices).toEqual(Object.fromEntries(Object.entries(kiosk.devices.snapshot).map(([device, state]) => [device, state.status])));
      expect(record.last.devices).toMatchObject({ cardReader: 'online', printer: 'online', terminal: 'online', disk: 'online', database: 'online', config: 'online' });
      expect(JSON.stringify(record.last)).not.toContain(demo.idNumber);
    } finally {
      await kiosk.close();
    }
  });
});
