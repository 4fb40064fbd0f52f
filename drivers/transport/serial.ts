import { SerialPort } from 'serialport';
import { BaseTransport } from './base';
import { hangupAwareBinding } from './serial-hangup';
import { type ByteTransport, TransportError } from './byte-transport';

export interface SerialOptions {
  path: string;
  baudRate: number;
  dataBits?: 5 | 6 | 7 | 8;
  stopBits?: 1 | 1.5 | 2;
  parity?: 'none' | 'even' | 'odd';
}

/**
 * Opens a serial port (or a pty standing in for one). A pty peer that dies shows up as a
 * `close` with `disconnected: true` and no `error` event, after which write callbacks never
 * fire: both are turned into an ordinary close so callers treat it as an unplug.
 */
export async function openSerial(options: SerialOptions): Promise<ByteTransport> {
  const port = new SerialPort({
    path: options.path,
    baudRate: options.baudRate,
    dataBits: options.dataBits ?? 8,
    stopBits: options.stopBits ?? 1,
    parity: options.parity ?? 'none',
    autoOpen: false,
    // SerialPort's own binding, but a hung-up line ends in a close (see serial-hangup.ts).
    ...({ binding: hangupAwareBinding() } as object),
  });
  await new Promise<void>((resolve, reject) =>
    port.open((err) => (err ? reject(new TransportError(`cannot open ${options.path}: ${err.message}`, 'open-failed')) : resolve())),
  );
  return new SerialTransport(port, options.path);
}

class SerialTransport extends BaseTransport {
  constructor(
    private readonly port: SerialPort,
    path: string,
  ) {
    super(`serial port ${path}`);
    port.on('data', (chunk: Buffer) => this.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      this.ended({ disconnected: Boolean(err?.disconnected), error: err ?? undefined });
    });
    // Errors after open (e.g. EIO when the peer vanishes) are reported as a close.
    port.on('error', (err: Error) => this.ended({ disconnected: true, error: err }));
  }

  protected override deviceIsOpen(): boolean {
    return this.port.isOpen;
  }

  protected writeBytes(data: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.port.write(Buffer.from(data.buffer, data.byteOffset, data.byteLength), (err) => {
        if (err) {
          reject(new TransportError(`serial write failed: ${err.message}`, 'write-failed'));
          return;
        }
        this.port.drain((drainErr) => {
          if (drainErr) reject(new TransportError(`serial drain failed: ${drainErr.message}`, 'write-failed'));
          else resolve();
        });
      });
    });
  }

  protected async closeDevice(): Promise<void> {
    if (!this.port.isOpen) return;
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
  }
}
