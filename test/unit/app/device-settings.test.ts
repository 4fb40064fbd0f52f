import { describe, expect, it } from 'vitest';
import { devicesAtStart, deviceSettingsPort } from '../../../main/app/device-settings';
import type { KioskSettings } from '../../../main/config';
import { createLogger } from '../../../main/core/log';
import { DeviceSettingsDesk } from '../../../main/core/device-settings-desk';
import type { AuditAction, AuditDetail } from '../../../main/core/technician-ports';
import { openKioskDb } from '../../../offline-cache/db';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const configured: KioskSettings['devices'] = {
  reader: 'Virtual PCD',
  printer: { path: '/dev/ttyS0', baudRate: 115_200 },
  terminal: { path: '/dev/ttyS1', baudRate: 9600, stopBits: 2 },
};

function world(path?: string) {
  const { db, path: file } = path ? { db: openKioskDb(path), path } : tmp.db();
  if (path) tmp.onCleanup(() => db.open && db.close());
  const lines: string[] = [];
  const log = createLogger('test', (l) => void lines.push(l));
  const restarted: unknown[] = [];
  const opened = devicesAtStart(db, configured, { simulate: false, log });
  const port = deviceSettingsPort({
    db,
    configured,
    opened,
    simulate: false,
    clock: () => 1_000,
    restarts: {
      printer: async (link) => void restarted.push(['printer', link]),
      terminal: async (t) => void restarted.push(['terminal', t]),
      cardReader: async (p) => void restarted.push(['cardReader', p]),
    },
  });
  const audit: [string, AuditAction, AuditDetail | undefined][] = [];
  const desk = new DeviceSettingsDesk(port, { record: (a, action, d) => void audit.push([a, action, d]) }, { log, clock: { now: () => 1_000 } });
  return { db, file, opened, port, desk, audit, restarted, events: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('the on-site device settings of a running kiosk', () => {
  it('keeps a change, shows it pending until its device restarts, then in force', async () => {
    const w = world();
    const done = w.desk.change('290••••••77', [{ key: 'printer-port', value: '/dev/ttyUSB1' }, { key: 'printer-baud', value: '38400' }]);
    expect(done.view).toEqual({ action: 'set', result: 'done', at: 1_000 });
    const view = w.port.view();
    expect(view.pending).toEqual(['printer']);
    expect(view.settings.find((s) => s.key === 'printer-port')).toEqual({ key: 'printer-port', inForce: '/dev/ttyS0', configured: '/dev/ttyS0', override: { value: '/dev/ttyUSB1', by: '290••••••77', at: 1_000 } });
    expect((await w.desk.restart('290••••••77', 'printer')).view).toMatchObject({ action: 'restart', result: 'done', device: 'printer' });
    expect(w.restarted).toEqual([['printer', { kind: 'serial', path: '/dev/ttyUSB1', baudRate: 38_400 }]]);
    expect(w.port.view().pending).toEqual([]);
    expect(w.port.view().settings.find((s) => s.key === 'printer-baud')?.inForce).toBe(38_400);
    expect(w.audit).toEqual([
      ['290••••••77', 'device-setting', { key: 'printer-port', value: '/dev/ttyUSB1', result: 'done' }],
      ['290••••••77', 'device-setting', { key: 'printer-baud', value: 38_400, result: 'done' }],
      ['290••••••77', 'device-restart', { device: 'printer', result: 'done' }],
    ]);
  });

  it('refuses a request with one bad value whole: nothing kept, audited as refused, the reason in words', () => {
    const w = world();
    const refused = w.desk.change('kioskctl', [{ key: 'terminal-port', value: '/dev/ttyUSB2' }, { key: 'printer-baud', value: '11520' }]);
    expect(refused.view).toMatchObject({ action: 'set', result: 'refused', code: 'invalid-config', key: 'printer-baud' });
    expect(refused.message).toMatch(/^printer-baud "11520" must be one of/);
    expect(w.port.view().settings.filter((s) => s.override)).toEqual([]);
    expect(w.audit).toEqual([['kioskctl', 'device-setting', { keys: 'terminal-port,printer-baud', result: 'refused', code: 'invalid-config' }]]);
  });

  it('opens the devices with the kept overrides after a restart, and logs what each hides', () => {
    const first = world();
    first.desk.change('kioskctl', [{ key: 'terminal-port', value: '/dev/ttyUSB2' }, { key: 'reader', value: 'ACR39' }]);
    first.db.close();
    const again = world(first.file);
    expect(again.opened).toEqual({ ...configured, reader: 'ACR39', terminal: { ...configured.terminal, path: '/dev/ttyUSB2' } });
    expect(again.port.view().pending).toEqual([]);
    expect(again.events().filter((e) => e.event === 'device-override').map((e) => [e.key, e.value, e.hides])).toEqual([
      ['reader', 'ACR39', 'Virtual PCD'],
      ['terminal-port', '/dev/ttyUSB2', '/dev/ttyS1'],
    ]);
    // Cleared: the configured value is back at the next restart of that device.
    again.desk.change('kioskctl', [{ key: 'terminal-port', value: undefined }]);
    expect(again.port.view().pending).toEqual(['terminal']);
    expect(again.audit.at(-1)).toEqual(['kioskctl', 'device-setting', { key: 'terminal-port', cleared: true, result: 'done' }]);
  });

  it('leaves out (and logs) a kept override that is not valid on this kiosk, such as a simulator’s pty path', () => {
    const { db, path } = tmp.db();
    db.prepare(`INSERT INTO device_overrides (key, value, set_by, set_at) VALUES ('printer-port', '"/tmp/kiosk-pty/host"', 'kioskctl', 1)`).run();
    db.close();
    const w = world(path);
    expect(w.opened).toEqual(configured);
    expect(w.events().find((e) => e.event === 'device-override-ignored')).toMatchObject({ level: 'warn', key: 'printer-port', code: 'invalid-config' });
  });
});
