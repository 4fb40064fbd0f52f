import { CodedError } from '../../shared/coded-error';

/**
 * A duplex byte link to a device (serial port, HID report pipe, pty). Protocol code depends on
 * this interface only, so every codec and device service can be driven by a pty in tests and
 * by a fake where no real link can exist (HID).
 */
export interface TransportClosedInfo {
  /** The device went away (unplugged, pty peer died) rather than being closed by us. */
  disconnected: boolean;
  error?: Error;
}

export interface ByteTransport {
  readonly isOpen: boolean;
  /** Resolves once the bytes are handed to the OS (drained); rejects if the link is closed. */
  write(data: Uint8Array): Promise<void>;
  /** Returns an unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  onClose(listener: (info: TransportClosedInfo) => void): () => void;
  close(): Promise<void>;
}

export type TransportErrorCode = 'not-open' | 'open-failed' | 'write-failed' | 'disconnected' | 'timeout';

export class TransportError extends CodedError<TransportErrorCode> {
  override readonly name = 'TransportError';
  constructor(
    message: string,
    code: TransportErrorCode,
    readonly disconnected = false,
  ) {
    super(code, message);
  }
}
