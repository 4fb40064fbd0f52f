import { describe, expect, it } from 'vitest';
import { MIGRATIONS, openKioskDb, TelemetryEventLog } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();

function open(maxEvents = 1000) {
  const path = tmp.path();
  const db = openKioskDb(path);
  tmp.onCleanup(() => db.close());
  let t = 1_000;
  return { db, path, log: new TelemetryEventLog(db, { maxEvents, now: () => (t += 1) }) };
}

describe('migration 007 and the telemetry event log', () => {
  it('is migration step 7 and creates the two tables STRICT', () => {
    expect(MIGRATIONS[6]).toMatchObject({ version: 7, name: 'telemetry-events' });
    const { db } = open();
    expect(() => db.prepare(`INSERT INTO telemetry_events (at, name, severity, attributes) VALUES ('now', 'x', 'info', '{}')`).run()).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() => db.prepare(`INSERT INTO telemetry_events (at, name, severity, attributes) VALUES (1, 'x', 'debug', '{}')`).run()).toThrow(/CHECK constraint/);
  });

  it('keeps events in order until acknowledged, and across reopening the file', () => {
    const { db, path, log } = open();
    log.append('device-fault', 'warn', { device: 'printer', reason: 'paper-out' });
    log.append('device-recovered', 'info', { device: 'printer' });
    log.append('config-rolled-back', 'error', { version: '20261201.3' });
    const first = log.peek(2);
    expect(first.map((e) => e.name)).toEqual(['device-fault', 'device-recovered']);
    expect(first[0]).toMatchObject({ severity: 'warn', attributes: { device: 'printer', reason: 'paper-out' }, at: 1001 });
    log.acknowledge(first.at(-1)!.seq);
    db.close();
    const again = new TelemetryEventLog(openKioskDb(path), { maxEvents: 1000 });
    expect(again.peek(10).map((e) => e.name)).toEqual(['config-rolled-back']);
    expect(again.queued).toBe(1);
  });

  it('drops the oldest past the limit and counts them durably', () => {
    const { log } = open(100);
    for (let i = 0; i < 130; i++) log.append('device-fault', 'warn', { code: `c${i}` });
    expect(log.queued).toBe(100);
    expect(log.dropped).toBe(30);
    expect(log.peek(1)[0]!.attributes.code).toBe('c30');
  });
});
