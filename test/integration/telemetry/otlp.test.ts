import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKiosk, type KioskOptions, type RunningKiosk } from '../../../main/app/compose';
import { createLogger } from '../../../main/core/log';
import demo from '../../../drivers/card/sim/demo-identity.json';
import { attributesOf, logRecordsOf, metricsOf, startCollector, type TestCollector } from './collector';
import { cardHolderWithFines, payFines } from './drive';

/**
 * OTLP/HTTP to a collector that decodes with the official protobuf definitions: the fleet
 * metrics arrive and validate; with the collector down, hanging or resetting, sessions go on and
 * every event waits in SQLite (across a kiosk restart too) until the collector takes it; and no
 * personal data reaches the collector, the metrics endpoint or the log.
 */
const VPCD_PORT = 35964;
let collector: TestCollector;
let dataDir: string;
const logLines: string[] = [];
const open: RunningKiosk[] = [];

async function kioskWith(extra: Partial<KioskOptions> = {}): Promise<RunningKiosk> {
  const kiosk = await startKiosk({
    dataDir,
    simulate: true,
    log: createLogger('otlp-test', (l) => logLines.push(l)),
    vpcdPort: VPCD_PORT,
    terminalStepDelayMs: 20,
    telemetry: { metricsPort: 0, otlpUrl: collector.url, exportIntervalMs: 500, exportTimeoutMs: 400, maxQueuedEvents: 10_000, heartbeatMs: 1000 },
    ...extra,
  });
  open.push(kiosk);
  return kiosk;
}

async function until(cond: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const lastValue = (name: string, attrs: Record<string, string> = {}) => {
  const found = metricsOf(collector.received)
    .filter((m) => m.name === name)
    .flatMap((m) => m.points)
    .filter((p) => Object.entries(attrs).every(([k, v]) => attributesOf(p)[k] === v));
  const p = found.at(-1);
  return p === undefined ? undefined : Number(p.asInt ?? p.asDouble ?? p.count);
};

beforeAll(async () => {
  collector = await startCollector();
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-otlp-'));
});

afterAll(async () => {
  for (const k of open.splice(0)) await k.close();
  await collector.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('OTLP/HTTP to the ministry collector', () => {
  let kiosk: RunningKiosk;
  let scraped = '';

  it('pushes the fleet metrics, valid against the official definitions, with the kiosk as the resource', async () => {
    kiosk = await kioskWith();
    await payFines(kiosk);
    await until(() => lastValue('kiosk.service.requests', { service: 'pay-traffic-fines', outcome: 'completed' }) === 1, 'the completed request in a push');
    expect(collector.invalid).toEqual([]);
    const names = new Set(metricsOf(collector.received).map((m) => m.name));
    for (const n of ['kiosk.outbox.waiting', 'kiosk.outbox.oldest_waiting_seconds', 'kiosk.outbox.dead_letters', 'kiosk.refunds.owed', 'kiosk.payments', 'kiosk.card.reads', 'kiosk.sessions', 'kiosk.service.started', 'kiosk.service.requests', 'kiosk.touch_to_state.duration_seconds', 'kiosk.process.memory_bytes', 'kiosk.process.uptime_seconds', 'kiosk.config.info'])
      expect(names).toContain(n);
    expect(lastValue('kiosk.payments', { result: 'approved' })).toBe(1);
    expect(lastValue('kiosk.service.started', { service: 'pay-traffic-fines' })).toBe(1);
    const resource = attributesOf(metricsOf(collector.received)[0]!.resource);
    expect(resource).toMatchObject({ 'service.name': 'moi-kiosk', 'service.instance.id': 'K01' });
    scraped = await (await fetch(kiosk.telemetry.metricsUrl!)).text();
  });

  it('keeps every event through a collector that is down, hangs, resets and a kiosk restart, and sessions go on', async () => {
    await until(() => logRecordsOf(collector.received).length === 0 && collector.attempts > 0, 'a first push');
    collector.mode = 'unavailable';
    for (let i = 0; i < 20; i++) kiosk.telemetry.event('device-fault', 'warn', { device: 'printer', reason: 'paper-out', code: `fault-${i}` });
    collector.mode = 'hang';
    await payFines(kiosk, cardHolderWithFines(1));
    for (let i = 20; i < 30; i++) kiosk.telemetry.event('device-fault', 'warn', { device: 'terminal', code: `fault-${i}` });
    collector.mode = 'reset';
    // The exporter gave up on every hung push (its 400 ms timeout), so the collector holds none.
    await until(() => collector.held === 0, 'the hung pushes to be let go');
    await new Promise((r) => setTimeout(r, 1500));
    await kiosk.close();
    open.splice(open.indexOf(kiosk), 1);

    kiosk = await kioskWith();
    for (let i = 30; i < 40; i++) kiosk.telemetry.event('device-recovered', 'info', { device: 'printer', code: `fault-${i}` });
    await new Promise((r) => setTimeout(r, 1000));
    expect(logRecordsOf(collector.received)).toEqual([]);
    collector.mode = 'up';
    await until(() => logRecordsOf(collector.received).length >= 40, 'all 40 events', 30_000);
    const records = logRecordsOf(collector.received);
    expect(records.map((r) => attributesOf(r).code)).toEqual(Array.from({ length: 40 }, (_, i) => `fault-${i}`));
    expect(records[0]).toMatchObject({ severityText: 'WARN', body: { stringValue: 'device-fault' } });
    expect(collector.invalid).toEqual([]);
  });

  it('sends nothing personal: not to the collector, not on the metrics endpoint, not in the log', async () => {
    const everything = [JSON.stringify(collector.received), scraped, ...logLines].join('\n');
    const personal = [demo.idNumber, demo.documentNumber, demo.surname, demo.givenNames, demo.surnameAr, demo.givenNamesAr, demo.birthDate, demo.birthPlace, demo.address.street, demo.address.municipality];
    for (const value of personal) expect(everything, `found ${value}`).not.toContain(value);
    expect(logLines.length).toBeGreaterThan(10);
  });
});
