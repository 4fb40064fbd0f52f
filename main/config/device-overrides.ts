import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { DEVICE_SETTING_KEYS, type DeviceSettingKey, type RestartableDevice } from '../contract/technician-devices';
import { ConfigError } from './errors';
import type { KioskSettings } from './settings';

/**
 * Device settings a technician may change on site (issue 11): the card reader's name pattern,
 * the printer's port and speed, the terminal's port. They are a layer of their own, above every
 * other (built-in, shipped, signed configuration, environment, flags), kept in SQLite with who
 * set them and when (offline-cache/device-overrides-store.ts) and audited. A new signed bundle
 * does not remove one: a port a technician moved a printer to because the old one died must not
 * come back wrong with the next bundle; the kiosk logs at start which settings its overrides
 * hide, and the technician (or kioskctl) clears an override to give the setting back to the
 * layers below.
 */
export type DeviceOverrides = Partial<Record<DeviceSettingKey, string | number>>;
type Devices = KioskSettings['devices'];

/** Which device each setting belongs to: changing one takes effect when that device restarts. */
export const DEVICE_OF = { reader: 'cardReader', 'printer-port': 'printer', 'printer-baud': 'printer', 'terminal-port': 'terminal' } as const satisfies Record<DeviceSettingKey, RestartableDevice>;

/** The speeds serial printers are set to; anything else is a typo (11520 for 115200), not a choice. */
export const BAUD_RATES = [1200, 2400, 4800, 9600, 19_200, 38_400, 57_600, 115_200, 230_400, 460_800, 921_600] as const;

const SAFE_PATH = /^\/[A-Za-z0-9._:+-]+(\/[A-Za-z0-9._:+-]+)*$/;

/**
 * A real kiosk's device line is a device node under /dev, as a signed bundle's must be (a
 * technician's typo must not point the printer at a file); a simulating kiosk's ptys are links
 * in a temporary folder, so there any absolute path without `..` is taken.
 */
function portSchema(simulate: boolean) {
  const base = z
    .string()
    .max(200, 'is longer than 200 characters')
    .regex(SAFE_PATH, 'must be an absolute path of letters, digits and . _ : + -')
    .refine((p) => isAbsolute(p) && !p.split('/').includes('..'), 'must not climb with ..');
  return simulate ? base : base.refine((p) => p.startsWith('/dev/'), 'must be a device path under /dev (e.g. /dev/ttyUSB0, /dev/serial/by-id/...)');
}

function schemaOf(key: DeviceSettingKey, simulate: boolean): z.ZodType<string | number> {
  switch (key) {
    case 'reader':
      // Printable text only: it is shown on the technician's screen and matched against reader names.
      return z.string().trim().min(1, 'is empty').max(100, 'is longer than 100 characters').regex(/^[^\p{Cc}]+$/u, 'must not hold control characters');
    case 'printer-port':
    case 'terminal-port':
      return portSchema(simulate);
    case 'printer-baud':
      return z.coerce
        .number({ error: 'must be a number' })
        .int('must be a whole number')
        .refine((n) => (BAUD_RATES as readonly number[]).includes(n), `must be one of ${BAUD_RATES.join(', ')}`);
  }
}

/** A setting's name as a person gave it, or a ConfigError listing the ones there are. */
export function deviceSettingKey(key: string, source: string): DeviceSettingKey {
  if ((DEVICE_SETTING_KEYS as readonly string[]).includes(key)) return key as DeviceSettingKey;
  const name = key.slice(0, 40);
  throw new ConfigError(name, source, undefined, 'unknown', `${name} is not a device setting a technician may change (${DEVICE_SETTING_KEYS.join(', ')})`);
}

/**
 * One value as a person gave it (text from kioskctl or the touch screen), checked: the value to
 * keep, or a ConfigError naming the setting, where it came from and why.
 */
export function parseDeviceSetting(key: string, value: unknown, opts: { simulate: boolean; source: string }): { key: DeviceSettingKey; value: string | number } {
  const known = deviceSettingKey(key, opts.source);
  const parsed = schemaOf(known, opts.simulate).safeParse(value);
  if (parsed.success) return { key: known, value: parsed.data };
  const given = String(value).slice(0, 200);
  const why = parsed.error.issues[0]?.message ?? 'is not valid';
  throw new ConfigError(known, opts.source, given, why, `${known} ${JSON.stringify(given)} ${why}`);
}

/** The device settings with the overrides over them. A printer port replaces a USB-HID link: the printer is then on that serial port. */
export function withOverrides(devices: Devices, overrides: DeviceOverrides): Devices {
  const next: Devices = { ...devices, printer: { ...devices.printer }, terminal: { ...devices.terminal } };
  if (overrides.reader !== undefined) next.reader = String(overrides.reader);
  if (overrides['printer-port'] !== undefined) {
    next.printer = { path: String(overrides['printer-port']), baudRate: Number(deviceSettingOf(devices, 'printer-baud') ?? devices.printer.baudRate) };
  }
  if (overrides['printer-baud'] !== undefined) {
    const baudRate = Number(overrides['printer-baud']);
    next.printer = next.printer.link?.kind === 'serial' ? { ...next.printer, link: { ...next.printer.link, baudRate }, baudRate } : { ...next.printer, baudRate };
  }
  if (overrides['terminal-port'] !== undefined) next.terminal = { ...next.terminal, path: String(overrides['terminal-port']) };
  return next;
}

/** A setting's value in these device settings, as shown to the technician; undefined when none is set. */
export function deviceSettingOf(devices: Devices, key: DeviceSettingKey): string | number | undefined {
  switch (key) {
    case 'reader':
      return devices.reader;
    case 'printer-port':
      return devices.printer.link ? (devices.printer.link.kind === 'serial' ? devices.printer.link.path : devices.printer.link.path ?? 'usb-hid') : devices.printer.path;
    case 'printer-baud':
      return devices.printer.link?.kind === 'serial' ? devices.printer.link.baudRate ?? devices.printer.baudRate : devices.printer.baudRate;
    case 'terminal-port':
      return devices.terminal.path;
  }
}
