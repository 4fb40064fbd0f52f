import { type HidOptions, type HidTarget, openHid } from '../transport/hid';
import { type ZvtTerminalOptions } from './terminal';
import { ZvtPaymentTerminal } from './zvt-payment-terminal';

export interface ZvtHidOptions extends ZvtTerminalOptions {
  target: HidTarget;
  /** Report layout of the terminal's USB-HID serial tunnel; defaults to length-prefixed 64-byte reports. */
  hid?: HidOptions;
}

/**
 * Opens a ZVT terminal attached over USB-HID. The HID transport turns reports into the same
 * byte stream a serial port gives, so framing, ACK/NAK, timeouts and recovery are unchanged.
 */
export async function openZvtHid(opts: ZvtHidOptions): Promise<ZvtPaymentTerminal> {
  const { target, hid, ...terminalOpts } = opts;
  const transport = await openHid(target, hid);
  return new ZvtPaymentTerminal(transport, terminalOpts);
}
