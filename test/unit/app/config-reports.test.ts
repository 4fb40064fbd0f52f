import { describe, expect, it } from 'vitest';
import { configReports } from '../../../main/app/config-reports';
import type { StoreState } from '../../../main/config/bundle/store';
import { DEFAULT_MAX_AGE_MS, Outbox } from '../../../offline-cache/outbox';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const NOW = Date.parse('2026-12-04T10:00:00Z');
const bundle = (version: number) => ({ version, parts: {} }) as unknown as NonNullable<StoreState['current']>;

const state = (refused: StoreState['refused']): StoreState => ({ format: 1, current: bundle(3), refused });

describe('configuration reports through the outbox', () => {
  it('writes one report per refused version, however often it is asked and across a restart', () => {
    const { db } = tmp.db();
    let kicks = 0;
    const open = () => configReports({ outbox: new Outbox(db, { now: () => NOW }), kioskId: 'K01', kick: () => kicks++, now: () => NOW });
    const refused = state([
      { version: 4, code: 'health-check-failed', reason: 'dry-run: renew-residence-permit has no fee for years=3', at: NOW - 1000 },
      { version: 5, code: 'bundle-corrupt', reason: 'catalog.json does not match its hash', at: NOW - 500 },
    ]);
    expect(open().sync(refused)).toBe(2);
    expect(open().sync(refused)).toBe(0); // a second kiosk start, the same refusals
    expect(kicks).toBe(1);
    const entries = new Outbox(db).list();
    expect(entries.map((e) => [e.kind, e.localRef, e.personKey])).toEqual([
      ['config-report', 'K01-CFG-4', 'kiosk-config'],
      ['config-report', 'K01-CFG-5', 'kiosk-config'],
    ]);
    expect(entries.map((e) => e.payload)).toEqual([
      { outcome: 'rolled-back', version: 4, inForce: 3, code: 'health-check-failed', reason: 'dry-run: renew-residence-permit has no fee for years=3', refusedAt: new Date(NOW - 1000).toISOString() },
      { outcome: 'refused', version: 5, inForce: 3, code: 'bundle-corrupt', reason: 'catalog.json does not match its hash', refusedAt: new Date(NOW - 500).toISOString() },
    ]);
  });

  it('leaves refusals older than the outbox keeps entries alone: their report may have been pruned after delivery', () => {
    const { db } = tmp.db();
    const reports = configReports({ outbox: new Outbox(db), kioskId: 'K01', kick: () => undefined, now: () => NOW });
    expect(reports.sync(state([{ version: 2, code: 'health-check-failed', reason: 'devices: printer is offline', at: NOW - DEFAULT_MAX_AGE_MS - 1 }]))).toBe(0);
    expect(new Outbox(db).list()).toEqual([]);
  });
});
