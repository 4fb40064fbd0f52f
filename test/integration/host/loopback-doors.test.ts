import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiagControl, startDiagControl } from '../../../main/app/diag-control';
import { silentLogger } from '../../../main/core/log';
import { type LabControls, type LabServer, startLabServer } from '../../../main/lab/server';
import { startTelemetry, type Telemetry } from '../../../main/telemetry/telemetry';
import { openKioskDb } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';
import { waitFor } from '../../support/wait';
import { get } from './kiosk-process';

/**
 * Issue 16, "bounded resources in total": besides the browser host, every kiosk (packaged ones
 * too) listens on two more loopback doors any local account reaches: the diagnostics door for
 * kioskctl and the metrics endpoint; a simulated one on the lab too. Each socket held open there
 * cost the kiosk a file descriptor for as long as Node's 60 s header timeout, however many were
 * opened. Real servers, raw sockets.
 */
const controls: LabControls = {
  insertCard: async () => undefined,
  cardVariants: ['demo'],
  removeCard: async () => undefined,
  terminalScenarios: ['approve'],
  setTerminalScenario: () => undefined,
  setGatewayDown: () => undefined,
  setPrinterPaperOut: () => undefined,
  lastReceiptPng: () => undefined,
};
const tmp = useTempDir();
let diag: DiagControl;
let telemetry: Telemetry;
let lab: LabServer;
beforeAll(async () => {
  lab = await startLabServer(controls, silentLogger);
  // The door checks its token before it touches the session: none of these is reached here.
  diag = await startDiagControl({ session: {} as never, devices: {} as never, audit: {} as never, log: silentLogger, rules: {} as never });
  const db = openKioskDb(tmp.path());
  tmp.onCleanup(() => db.close());
  telemetry = await startTelemetry({
    kioskId: 'K07',
    version: '0.1.0',
    settings: { metricsPort: 0, exportIntervalMs: 60_000, exportTimeoutMs: 1_000, maxQueuedEvents: 1000, heartbeatMs: 60_000 },
    db,
    config: { version: '1', source: 'shipped', rollout: 'applied' },
    log: silentLogger,
    sources: { queue: () => ({ waiting: 0, sending: 0, oldestWaitingAgeMs: 0, dead: 0, stuckPeople: 0 }), openPayments: () => ({}), devices: () => ({ statuses: {}, paper: 'ok' }) },
  });
});
afterAll(async () => {
  await diag?.close();
  await telemetry?.close();
  await lab?.close();
});

async function holdSockets(port: number, count: number): Promise<{ sockets: Socket[]; closed: () => number }> {
  let closed = 0;
  const sockets = Array.from({ length: count }, () => {
    const s = connect(port, '127.0.0.1');
    s.on('error', () => undefined);
    s.on('close', () => closed++);
    return s;
  });
  await Promise.all(sockets.map((s) => new Promise((resolve) => (s.connecting ? s.once('connect', resolve).once('close', resolve) : resolve(undefined)))));
  return { sockets, closed: () => closed };
}

describe.each([
  ['the diagnostics door', () => Number(new URL(diag.url).port), '/status', 403],
  ['the metrics endpoint', () => Number(new URL(telemetry.metricsUrl!).port), '/metrics', 200],
  ['the lab', () => Number(new URL(lab.url).port), '/', 403],
] as const)('%s under a local account holding sockets', (_door, port, path, status) => {
  it('holds a bounded number of silent sockets, drops the rest, and still answers', async () => {
    const { sockets, closed } = await holdSockets(port(), 200);
    try {
      await waitFor(() => closed() >= 200 - 16, { what: 'the sockets past the pool closed', timeoutMs: 5_000, describeLast: closed });
      // Those it kept are dropped for saying nothing, long before Node's own 60 s.
      await waitFor(() => closed() === 200, { what: 'the silent sockets dropped', timeoutMs: 10_000, describeLast: closed });
      expect((await get(port(), path)).status).toBe(status);
    } finally {
      for (const s of sockets) s.destroy();
    }
  });
});
