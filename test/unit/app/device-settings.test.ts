import { describe, expect, it } from 'vitest';
import { deviceSettingsFromEnv } from '../../../main/app/compose';

describe('device settings from the environment', () => {
  it('reads ports, speeds and the gateway, ignoring malformed numbers', () => {
    expect(
      deviceSettingsFromEnv({
        KIOSK_READER: 'ACS ACR39U',
        KIOSK_PRINTER_PORT: '/dev/ttyS1',
        KIOSK_PRINTER_BAUD: '115200',
        KIOSK_TERMINAL_PORT: '/dev/ttyUSB0',
        KIOSK_TERMINAL_BAUD: 'fast',
        KIOSK_TERMINAL_STOP_BITS: '3',
        KIOSK_GATEWAY_URL: 'https://gateway.example/',
      }),
    ).toEqual({
      readerPattern: 'ACS ACR39U',
      printerPath: '/dev/ttyS1',
      printerBaud: 115200,
      terminalPath: '/dev/ttyUSB0',
      terminalBaud: undefined,
      terminalStopBits: undefined,
      gatewayUrl: 'https://gateway.example/',
    });
    expect(deviceSettingsFromEnv({}).gatewayUrl).toBeUndefined();
  });
});
