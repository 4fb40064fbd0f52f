import { SerialPort } from 'serialport';
import { type ByteTransport, type TransportClosedInfo, TransportError } from './byte-transport';

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
  });
  await new Promise<void>((resolve, reject) =>
    port.open((err) => (err ? reject(new TransportError(`cannot open ${options.path}: ${err.message}`, 'open-failed')) : resolve())),
  );
  return new SerialTransport(port);
}

class SerialTransport implements ByteTransport {
  private closed = false;
  private readonly closeListeners = new Set<(info: TransportClosedInfo) => void>();
  private readonly pendingWrites = new Set<(err: Error) => void>();

  constructor(private readonly port: SerialPort) {
    port.on('close', (err?: Error & { disconnected?: boolean }) => {
      this.finish({ disconnected: Boolean(err?.disconnected), error: err ?? undefined });
    });
    // Errors after open (e.g. EIO when the peer vanishes) are reported as a close.
    port.on('error', (err: Error) => this.finish({ disconnected: true, error: err }));
  }

  get isOpen(): boolean {
    return !this.closed && this.port.isOpen;
  }

  write(data: Uint8Array): Promise<void> {
    if (!this.isOpen) return Promise.reject(new TransportError('serial port is not open', 'not-open'));
    return new Promise<void>((resolve, reject) => {
      const fail = (err: Error) => reject(err);
      this.pendingWrites.add(fail);
      this.port.write(Buffer.from(data), (err) => {
        if (err) {
          this.pendingWrites.delete(fail);
          reject(new TransportError(`serial write failed: ${err.message}`, 'write-failed'));
          return;
        }
        this.port.drain((drainErr) => {
          this.pendingWrites.delete(fail);
          if (drainErr) reject(new TransportError(`serial drain failed: ${drainErr.message}`, 'write-failed'));
          else resolve();
        });
      });
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    const handler = (chunk: Buffer) => listener(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.port.on('data', handler);
    return () => this.port.off('data', handler);
  }

  onClose(listener: (info: TransportClosedInfo) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (!this.port.isOpen) {
      this.finish({ disconnected: false });
      return;
    }
    await new Promise<void>((resolve) => this.port.close(() => resolve()));
    this.finish({ disconnected: false });
  }

  private finish(info: TransportClosedInfo): void {
    if (this.closed) return;
    this.closed = true;
    const err = new TransportError('serial link closed', 'disconnected', info.disconnected);
    for (const fail of this.pendingWrites) fail(err);
    this.pendingWrites.clear();
    for (const listener of this.closeListeners) listener(info);
  }
}
