import { z } from 'zod';

/**
 * Device settings a technician may change on site (issue 11): the card reader's name pattern,
 * the printer's port and speed, the terminal's port. Main checks every value and decides; a
 * change takes effect when its device restarts, without restarting the kiosk.
 */
const ms = z.number().int().nonnegative();
const code = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,47}$/);

export const DEVICE_SETTING_KEYS = ['reader', 'printer-port', 'printer-baud', 'terminal-port'] as const;
export const DeviceSettingKey = z.enum(DEVICE_SETTING_KEYS);
export type DeviceSettingKey = z.infer<typeof DeviceSettingKey>;

/** The devices whose settings can change: each restarts on its own. */
export const RestartableDevice = z.enum(['cardReader', 'printer', 'terminal']);
export type RestartableDevice = z.infer<typeof RestartableDevice>;

export const DeviceSettingValue = z.union([z.string().max(200), z.number().int()]);
const value = DeviceSettingValue;

const DeviceSettingView = z.strictObject({
  key: DeviceSettingKey,
  /** What the running device uses now. */
  inForce: value.optional(),
  /** What the configuration gives without the override (shipped, signed, environment). */
  configured: value.optional(),
  /** The technician's value, who set it and when; it wins over `configured` until cleared. */
  override: z.strictObject({ value, by: z.string().max(32), at: ms }).optional(),
});
export type DeviceSettingView = z.infer<typeof DeviceSettingView>;

export const DeviceSettingsView = z.strictObject({
  settings: z.array(DeviceSettingView).max(DEVICE_SETTING_KEYS.length),
  /** Devices running with other settings than those now kept: a restart puts the kept ones in force. */
  pending: z.array(RestartableDevice).max(3),
});
export type DeviceSettingsView = z.infer<typeof DeviceSettingsView>;

/** The last change or restart of this visit: done, or refused with a code (a value that is not valid, a shopper at the kiosk). */
export const DeviceActionView = z.strictObject({
  action: z.enum(['set', 'restart']),
  result: z.enum(['done', 'refused']),
  code: code.optional(),
  key: DeviceSettingKey.optional(),
  device: RestartableDevice.optional(),
  at: ms,
});
export type DeviceActionView = z.infer<typeof DeviceActionView>;

/**
 * What the technician may pick for each setting: the serial ports and readers the kiosk sees now,
 * the standard printer speeds, and the values in force and configured. A touch screen has no
 * keyboard, and picking from what exists leaves no room for a typo in a device path.
 */
export const DeviceChoices = z.array(z.strictObject({ key: DeviceSettingKey, values: z.array(value).max(24) })).max(DEVICE_SETTING_KEYS.length);
export type DeviceChoices = z.infer<typeof DeviceChoices>;
