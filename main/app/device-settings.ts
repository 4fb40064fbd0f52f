import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { errorCode } from '../../shared/coded-error';
import { DeviceOverridesStore } from '../../offline-cache/device-overrides-store';
import type { KioskDatabase } from '../../offline-cache/db';
import { printerLink, type KioskSettings } from '../config';
import { BAUD_RATES, DEVICE_OF, deviceSettingKey, deviceSettingOf, type DeviceOverrides, parseDeviceSetting, withOverrides } from '../config/device-overrides';
import { DEVICE_SETTING_KEYS, type DeviceSettingKey, type DeviceSettingsView, type RestartableDevice } from '../contract';
import type { DeviceSettingsPort } from '../core/device-settings-desk';
import type { Logger } from '../core/ports';

type Devices = KioskSettings['devices'];

/**
 * The on-site device settings layer (main/config/device-overrides.ts) in a running kiosk: read
 * at start over the configured devices, changed by a technician (checked, kept in SQLite), and
 * put in force one device at a time by restarting it, without restarting the kiosk.
 */
export interface DeviceRestarts {
  printer(link: ReturnType<typeof printerLink>): Promise<void>;
  terminal(terminal: Devices['terminal']): Promise<void>;
  cardReader(pattern: string | undefined): Promise<void>;
}

/**
 * The devices to open at start: the configured ones with the kept overrides over them. An
 * override that is no longer valid here (a simulator's pty path on a kiosk now on real devices)
 * is left out and logged, never applied; every one applied is logged with what it hides.
 */
export function devicesAtStart(db: KioskDatabase, configured: Devices, opts: { simulate: boolean; log: Logger }): Devices {
  return withOverrides(configured, keptOverrides(new DeviceOverridesStore(db), configured, opts));
}

function keptOverrides(store: DeviceOverridesStore, configured: Devices, opts: { simulate: boolean; log?: Logger }): DeviceOverrides {
  const overrides: DeviceOverrides = {};
  for (const row of store.read()) {
    try {
      const { key, value } = parseDeviceSetting(row.key, row.value, { simulate: opts.simulate, source: 'kept override' });
      overrides[key] = value;
      opts.log?.info('device-override', { key, value, hides: deviceSettingOf(configured, key) ?? 'none', by: row.by, since: new Date(row.at).toISOString() });
    } catch (err) {
      opts.log?.warn('device-override-ignored', { key: row.key, code: errorCode(err) ?? 'error', why: (err as Error).message });
    }
  }
  return overrides;
}

/** `opened`: what devicesAtStart gave, which each device was opened with; `configured`: the same without the overrides. */
export function deviceSettingsPort(opts: {
  db: KioskDatabase;
  configured: Devices;
  opened: Devices;
  simulate: boolean;
  restarts: DeviceRestarts;
  /** The PC/SC readers pcscd lists now (the device-state model's). */
  readers?: () => readonly string[];
  /** Serial ports present now; /dev's when absent. */
  ports?: () => readonly string[];
  clock?: () => number;
}): DeviceSettingsPort {
  const store = new DeviceOverridesStore(opts.db);
  const now = opts.clock ?? Date.now;
  let running = opts.opened;
  const wanted = () => withOverrides(opts.configured, keptOverrides(store, opts.configured, { simulate: opts.simulate }));
  const pending = (next: Devices): RestartableDevice[] => [
    ...new Set(DEVICE_SETTING_KEYS.filter((k) => deviceSettingOf(next, k) !== deviceSettingOf(running, k)).map((k) => DEVICE_OF[k])),
  ];
  return {
    view(): DeviceSettingsView {
      const rows = new Map(store.read().map((r) => [r.key, r]));
      const settings = DEVICE_SETTING_KEYS.map((key) => {
        const row = rows.get(key);
        const inForce = deviceSettingOf(running, key);
        const configured = deviceSettingOf(opts.configured, key);
        return {
          key,
          ...(inForce !== undefined ? { inForce } : {}),
          ...(configured !== undefined ? { configured } : {}),
          ...(row ? { override: { value: row.value, by: row.by.slice(0, 32), at: row.at } } : {}),
        };
      });
      return { settings, pending: pending(wanted()) };
    },
    choices() {
      const rows = store.read();
      const known = (key: DeviceSettingKey) => [deviceSettingOf(running, key), deviceSettingOf(opts.configured, key), rows.find((r) => r.key === key)?.value];
      const ports = opts.ports?.() ?? serialPorts();
      const pick = (key: DeviceSettingKey, found: readonly (string | number)[]) => ({
        key,
        values: [...new Set([...known(key), ...found].filter((v): v is string | number => v !== undefined && v !== 'usb-hid'))].slice(0, 24),
      });
      return [pick('reader', opts.readers?.() ?? []), pick('printer-port', ports), pick('printer-baud', BAUD_RATES), pick('terminal-port', ports)];
    },
    change(changes, by) {
      const source = by === 'kioskctl' ? 'kioskctl diag devices set' : 'technician';
      // Every value is checked before any is kept: a request with one bad value keeps nothing.
      const checked = changes.map((c) => {
        if (c.value === undefined) return { key: deviceSettingKey(c.key, source), value: undefined };
        return parseDeviceSetting(c.key, c.value, { simulate: opts.simulate, source });
      });
      store.apply(checked, by, now());
      return checked;
    },
    async restart(device) {
      const next = wanted();
      if (device === 'printer') await opts.restarts.printer(printerLink(next.printer));
      else if (device === 'terminal') await opts.restarts.terminal(next.terminal);
      else await opts.restarts.cardReader(next.reader);
      running = withDevice(running, next, device);
    },
  };
}

/** The serial ports this machine has now: stable by-id names first, then USB, ACM and the first four built-in ports. */
function serialPorts(): string[] {
  const list = (dir: string, pattern: RegExp) => {
    try {
      return readdirSync(dir)
        .filter((n) => pattern.test(n))
        .sort()
        .map((n) => join(dir, n));
    } catch {
      return []; // no such folder on this machine
    }
  };
  return [...list('/dev/serial/by-id', /^[A-Za-z0-9._:+-]+$/), ...list('/dev', /^tty(USB|ACM)\d+$/), ...list('/dev', /^ttyS[0-3]$/)];
}

/** `running` with one device's settings taken from `next`. */
function withDevice(running: Devices, next: Devices, device: RestartableDevice): Devices {
  if (device === 'printer') return { ...running, printer: next.printer };
  if (device === 'terminal') return { ...running, terminal: next.terminal };
  return { ...running, reader: next.reader };
}
