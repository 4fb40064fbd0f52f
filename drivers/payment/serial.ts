import { openSerial } from '../transport/serial';
import { type ZvtTerminalOptions } from './terminal';
import { ZvtPaymentTerminal } from './zvt-payment-terminal';

export interface ZvtSerialOptions extends ZvtTerminalOptions {
  path: string;
  /** ZVT default 9600. */
  baudRate?: number;
  /** ZVT default is 2 stop bits; some terminals are set to 1. Match the terminal. */
  stopBits?: 1 | 2;
}

/** Opens a ZVT terminal on a serial port (8 data bits, no parity). */
export async function openZvtSerial(opts: ZvtSerialOptions): Promise<ZvtPaymentTerminal> {
  const { path, baudRate = 9600, stopBits = 2, ...terminalOpts } = opts;
  const transport = await openSerial({ path, baudRate, stopBits, dataBits: 8, parity: 'none' });
  return new ZvtPaymentTerminal(transport, terminalOpts);
}
