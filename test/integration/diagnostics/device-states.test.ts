import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKiosk, type RunningKiosk } from '../../../main/app/compose';
import { DeviceStates, type DeviceId } from '../../../main/contract';
import { silentLogger } from '../../../main/core/log';

/** The card integration slot: "Virtual PCD 00 01". */
const VPCD_PORT = 35964;

async function until(kiosk: RunningKiosk, what: string, ok: (s: DeviceStates) => boolean, ms = 8000): Promise<DeviceStates> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (ok(kiosk.devices.snapshot)) return kiosk.devices.snapshot;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`device states never showed ${what}: ${JSON.stringify(kiosk.devices.snapshot)}`);
}

/**
 * The device-state model of a kiosk composed as `npm start` composes it: real pcscd with the
 * virtual card, the printer and terminal simulators on ptys, the gateway simulator over HTTP.
 */
describe('device-state model fed by the real drivers', () => {
  let kiosk: RunningKiosk;
  let dataDir: string;
  const changes: DeviceId[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'kiosk-devstates-'));
    kiosk = await startKiosk({ dataDir, simulate: true, log: silentLogger, vpcdPort: VPCD_PORT, terminalStepDelayMs: 0, gatewayProbe: { onlineIntervalMs: 200, offlineIntervalMs: 150, confirmMs: 50, failuresToOffline: 1 } });
    kiosk.devices.onChange((_s, changed) => changed && changes.push(changed));
  }, 30_000);

  afterAll(async () => {
    await kiosk?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('comes online device by device, with details and nothing personal', async () => {
    const s = await until(kiosk, 'all online', (x) => x.cardReader.status === 'online' && x.printer.status === 'online' && x.terminal.status === 'online' && x.gateway.status === 'online');
    expect(DeviceStates.safeParse(s).success).toBe(true);
    expect(s.cardReader.readers).toEqual(['Virtual PCD 00 01']);
    expect(s.printer.paper).toBe('ok');
    expect(s.terminal.ready).toBe(true);
    expect(s.gateway.latencyMs).toBeGreaterThanOrEqual(0);
    expect(s.disk.totalBytes).toBeGreaterThan(0);
    expect(s.database.sizeBytes).toBeGreaterThan(0);
    expect(s.config.version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    // The shopper screens read the same source.
    expect(kiosk.session.snapshot.devices).toEqual({ card: 'ready', printer: 'ready', terminal: 'ready' });
    expect(kiosk.session.snapshot.gateway).toBe('online');
  });

  it('follows a card in and out, keeping its ATR and never its holder', async () => {
    await kiosk.world!.lab.insertCard(undefined, 'demo');
    const s = await until(kiosk, 'a card read', (x) => x.cardReader.cardPresent && x.cardReader.lastAtr !== undefined);
    expect(s.cardReader.lastAtr).toMatch(/^3B[0-9A-F]+$/);
    expect(JSON.stringify(s)).not.toMatch(/2846|Ahmed|أحمد/);
    await kiosk.world!.lab.removeCard();
    await until(kiosk, 'the card gone', (x) => !x.cardReader.cardPresent);
  });

  it('shows the printer out of paper as a user error, and back', async () => {
    kiosk.world!.lab.setPrinterPaperOut(true);
    const out = await until(kiosk, 'paper out', (x) => x.printer.status === 'userError');
    expect(out.printer).toMatchObject({ reason: 'paper-out', paper: 'out' });
    expect(kiosk.session.snapshot.devices.printer).toBe('unavailable');
    expect(kiosk.devices.faultCounts.printer).toBeGreaterThanOrEqual(1);
    kiosk.world!.lab.setPrinterPaperOut(false);
    await until(kiosk, 'paper back', (x) => x.printer.status === 'online' && x.printer.paper === 'ok');
  });

  it('shows the gateway down as offline with its last error, and back', async () => {
    kiosk.world!.lab.setGatewayDown(true);
    const down = await until(kiosk, 'gateway offline', (x) => x.gateway.status === 'offline');
    expect(down.gateway.lastError?.code).toBe('health-check-failed');
    expect(kiosk.session.snapshot.gateway).toBe('offline');
    kiosk.world!.lab.setGatewayDown(false);
    await until(kiosk, 'gateway online', (x) => x.gateway.status === 'online');
    expect(changes).toContain('gateway');
  });
});
