import { describe, expect, it } from 'vitest';
import { ConfigError, type KioskSettings } from '../../../main/config';
import { deviceSettingOf, parseDeviceSetting, withOverrides } from '../../../main/config/device-overrides';

const devices: KioskSettings['devices'] = {
  reader: 'Virtual PCD',
  printer: { path: '/dev/ttyS0', baudRate: 115_200 },
  terminal: { path: '/dev/ttyS1', baudRate: 9600, stopBits: 2 },
  gatewayUrl: 'https://gateway.moi.example/',
};

function refusal(key: string, value: unknown, simulate = false): string {
  try {
    parseDeviceSetting(key, value, { simulate, source: 'technician' });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).code).toBe('invalid-config');
    return (err as Error).message;
  }
  throw new Error(`${key}=${String(value)} was taken`);
}

describe('on-site device settings', () => {
  it('takes the values a technician may set, as text from a keypad or a flag', () => {
    expect(parseDeviceSetting('printer-baud', '38400', { simulate: false, source: 't' })).toEqual({ key: 'printer-baud', value: 38_400 });
    expect(parseDeviceSetting('printer-port', '/dev/serial/by-id/usb-Epson_TM-T88-if00', { simulate: false, source: 't' }).value).toBe('/dev/serial/by-id/usb-Epson_TM-T88-if00');
    expect(parseDeviceSetting('terminal-port', '/dev/ttyUSB1', { simulate: false, source: 't' }).value).toBe('/dev/ttyUSB1');
    expect(parseDeviceSetting('reader', '  ACS ACR39U ', { simulate: false, source: 't' }).value).toBe('ACS ACR39U');
    // A simulating kiosk's ptys are links in a temporary folder.
    expect(parseDeviceSetting('printer-port', '/tmp/kiosk-pty-1/host', { simulate: true, source: 't' }).value).toBe('/tmp/kiosk-pty-1/host');
  });

  it('refuses each bad value with a typed error naming the setting, the value and why', () => {
    expect(refusal('printer-port', '/home/kiosk/receipts.txt')).toBe('printer-port "/home/kiosk/receipts.txt" must be a device path under /dev (e.g. /dev/ttyUSB0, /dev/serial/by-id/...)');
    expect(refusal('printer-port', '/dev/../etc/shadow', true)).toBe('printer-port "/dev/../etc/shadow" must not climb with ..');
    expect(refusal('terminal-port', 'ttyUSB0')).toMatch(/must be an absolute path/);
    expect(refusal('terminal-port', '/dev/tty USB0')).toMatch(/must be an absolute path/);
    expect(refusal('printer-baud', '11520')).toMatch(/^printer-baud "11520" must be one of 1200, 2400, .* 921600$/);
    expect(refusal('printer-baud', 'fast')).toMatch(/must be a number|must be one of/);
    expect(refusal('printer-baud', '9600.5')).toMatch(/whole number|must be one of/);
    expect(refusal('reader', '   ')).toBe('reader "   " is empty');
    expect(refusal('reader', 'ACS\u0007')).toMatch(/control characters/);
    expect(refusal('printer-speed', '9600')).toBe('printer-speed is not a device setting a technician may change (reader, printer-port, printer-baud, terminal-port)');
  });

  it('lays the overrides over the configured devices, a printer port replacing a USB link', () => {
    expect(withOverrides(devices, {})).toEqual(devices);
    const moved = withOverrides(devices, { 'printer-port': '/dev/ttyUSB1', 'printer-baud': 38_400, 'terminal-port': '/dev/ttyUSB2', reader: 'ACR39' });
    expect(moved).toEqual({ ...devices, reader: 'ACR39', printer: { path: '/dev/ttyUSB1', baudRate: 38_400 }, terminal: { path: '/dev/ttyUSB2', baudRate: 9600, stopBits: 2 } });
    const usb = { ...devices, printer: { baudRate: 115_200, link: { kind: 'hid' as const, vendorId: 0x04b8, productId: 0x0202, framing: 'length-prefixed' as const, reportSize: 64, reportId: 0 } } };
    expect(deviceSettingOf(usb, 'printer-port')).toBe('usb-hid');
    expect(withOverrides(usb, { 'printer-port': '/dev/ttyUSB1' }).printer).toEqual({ path: '/dev/ttyUSB1', baudRate: 115_200 });
    // A serial link's own speed is the one changed, and read back.
    const serial = { ...devices, printer: { baudRate: 115_200, link: { kind: 'serial' as const, path: '/dev/ttyS4', baudRate: 19_200 } } };
    expect(deviceSettingOf(serial, 'printer-baud')).toBe(19_200);
    expect(deviceSettingOf(withOverrides(serial, { 'printer-baud': 9600 }), 'printer-baud')).toBe(9600);
    expect(deviceSettingOf(withOverrides(serial, { 'printer-port': '/dev/ttyUSB1' }), 'printer-baud')).toBe(19_200);
  });
});
