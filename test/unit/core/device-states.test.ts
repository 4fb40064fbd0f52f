import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeviceStates } from '../../../main/contract';
import { DeviceStateModel, gatewayStatus, initialDeviceStates, InvalidDeviceStateError, shopperDevices } from '../../../main/core/device-states';
import type { Logger } from '../../../main/core/ports';
import { printerState } from '../../../main/app/printing';
import { measureDatabase, measureDisk } from '../../../main/app/device-states';
import { TestClock } from '../../support/core-fakes';

function recordingLog(): Logger & { lines: { level: string; event: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  return {
    lines,
    info: (event, fields) => lines.push({ level: 'info', event, fields }),
    warn: (event, fields) => lines.push({ level: 'warn', event, fields }),
    error: (event, fields) => lines.push({ level: 'error', event, fields }),
  };
}

function model() {
  const clock = new TestClock();
  const log = recordingLog();
  const states = new DeviceStateModel({ clock, log, initial: initialDeviceStates(clock.now(), { version: '2026-11-28.1', source: 'shipped' }) });
  return { clock, log, states };
}

describe('device-state model', () => {
  it('starts with every device starting (config known at once) and matches the contract', () => {
    const { states } = model();
    expect(DeviceStates.safeParse(states.snapshot).success).toBe(true);
    expect(states.snapshot.cardReader.status).toBe('starting');
    expect(states.snapshot.config).toMatchObject({ status: 'online', version: '2026-11-28.1' });
    expect(shopperDevices(states.snapshot)).toEqual({ card: 'unknown', printer: 'unknown', terminal: 'unknown' });
    expect(gatewayStatus(states.snapshot)).toBe('unknown');
  });

  it('stamps a status change with the time, logs it once, and counts faults', () => {
    const { clock, log, states } = model();
    clock.ms += 5000;
    states.update('printer', { status: 'userError', reason: 'paper-out', paper: 'out' });
    expect(states.snapshot.printer).toMatchObject({ status: 'userError', reason: 'paper-out', since: clock.ms });
    expect(log.lines).toEqual([{ level: 'warn', event: 'device-state', fields: { device: 'printer', status: 'userError', previous: 'starting', reason: 'paper-out' } }]);
    clock.ms += 1000;
    states.update('printer', { lastJob: { id: 3, state: 'failed', code: 'paper-out', at: clock.ms } });
    expect(states.snapshot.printer.since).toBe(clock.ms - 1000); // a detail is not a status change
    expect(log.lines).toHaveLength(1);
    expect(states.faultCounts.printer).toBe(1);
    states.update('printer', { status: 'online', paper: 'ok' });
    expect(states.snapshot.printer.reason).toBeUndefined(); // the fault that explained it is gone
    expect(log.lines.at(-1)).toMatchObject({ level: 'info', fields: { status: 'online', previous: 'userError' } });
    states.update('printer', { status: 'busy' });
    expect(states.faultCounts.printer).toBe(1);
  });

  it('tells listeners at once and after each real change, never for a repeat', () => {
    const { states } = model();
    const seen: (string | undefined)[] = [];
    const off = states.onChange((_s, changed) => seen.push(changed));
    states.update('terminal', { status: 'online', ready: true });
    states.update('terminal', { status: 'online', ready: true });
    states.update('gateway', { status: 'offline', reason: 'unreachable' });
    off();
    states.update('gateway', { status: 'online' });
    expect(seen).toEqual([undefined, 'terminal', 'gateway']);
  });

  it('refuses a value the contract does not allow (free text in a reason) and keeps the last good state', () => {
    const { states } = model();
    const before = states.snapshot;
    expect(() => states.update('cardReader', { status: 'offline', reason: 'Ahmed Al-Kaabi pulled it' })).toThrow(InvalidDeviceStateError);
    expect(states.snapshot).toBe(before);
  });

  it('projects the model onto the shopper screens: near-end paper warns, a missing terminal is unavailable', () => {
    const { states } = model();
    states.update('cardReader', { status: 'online', readers: ['Virtual PCD 00 00'] });
    states.update('printer', { status: 'online', paper: 'nearEnd' });
    states.update('terminal', { status: 'noDevice', reason: 'not-configured' });
    states.update('gateway', { status: 'online', latencyMs: 12 });
    expect(shopperDevices(states.snapshot)).toEqual({ card: 'ready', printer: 'warning', terminal: 'unavailable' });
    expect(gatewayStatus(states.snapshot)).toBe('online');
    states.update('terminal', { status: 'busy', reason: 'recovering' });
    expect(shopperDevices(states.snapshot).terminal).toBe('busy');
  });
});

describe('printer status in the model', () => {
  const status = { online: true, coverOpen: false, paperOut: false, paperNearEnd: false, error: false };
  it('maps each printer level to one status word with its reason', () => {
    expect(printerState({ level: 'ready', canPrint: true, warning: false, status })).toMatchObject({ status: 'online', paper: 'ok', coverOpen: false });
    expect(printerState({ level: 'paper-out', canPrint: false, warning: false, status: { ...status, paperOut: true } })).toMatchObject({ status: 'userError', reason: 'paper-out', paper: 'out' });
    expect(printerState({ level: 'cover-open', canPrint: false, warning: false, status: { ...status, coverOpen: true } })).toMatchObject({ status: 'userError', reason: 'cover-open', coverOpen: true });
    expect(printerState({ level: 'error', canPrint: false, warning: false, status: { ...status, error: true } })).toMatchObject({ status: 'hardwareError', reason: 'printer-error' });
    expect(printerState({ level: 'unavailable', canPrint: false, warning: false })).toMatchObject({ status: 'offline', reason: 'link-down', paper: 'unknown' });
    expect(printerState({ level: 'ready', canPrint: false, warning: false, status, receiptFault: 'raster' })).toMatchObject({ status: 'hardwareError', reason: 'receipt-render-failed' });
  });
});

describe('storage in the model', () => {
  it('measures the data folder and the database file, and says so when they cannot be read', () => {
    expect(measureDisk('/tmp')).toMatchObject({ status: 'online' });
    expect(measureDisk('/tmp', Number.MAX_SAFE_INTEGER)).toMatchObject({ status: 'userError', reason: 'disk-low' });
    expect(measureDisk('/nonexistent/folder')).toMatchObject({ status: 'hardwareError', reason: 'enoent' });
    expect(measureDatabase('/nonexistent/kiosk.db')).toMatchObject({ status: 'hardwareError', reason: 'enoent' });
    const dir = mkdtempSync(join(tmpdir(), 'device-states-'));
    writeFileSync(join(dir, 'kiosk.db'), Buffer.alloc(4096));
    writeFileSync(join(dir, 'kiosk.db-wal'), Buffer.alloc(1000));
    expect(measureDatabase(join(dir, 'kiosk.db'))).toEqual({ status: 'online', reason: undefined, sizeBytes: 5096 });
    rmSync(dir, { recursive: true });
  });
});
