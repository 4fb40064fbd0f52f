import { type ByteTransport, type TransportClosedInfo, TransportError } from './byte-transport';

/** Bytes kept for a transport nobody listens to yet; beyond it the oldest go, as a full UART FIFO loses them. */
const MAX_HELD_BYTES = 1 << 20;

/**
 * The rules every ByteTransport keeps, written once (serialport's binding-mock does the same for
 * its bindings: one place says what "closed" means, every binding obeys it). A transport only
 * says how to move bytes (`writeBytes`), how to let go of its device (`closeDevice`), and reports
 * what the device does (`receive`, `ended`). The base guarantees, and the conformance suite
 * (test/support/transport-conformance.ts) checks on every transport:
 *
 * - events come in order: data*, then exactly one close; never data after close (not even bytes
 *   already on their way), never a second close;
 * - `close()` is idempotent: concurrent and later calls share the first one's work and promise;
 *   its close event says `disconnected: false`, an unplug's says `disconnected: true`;
 * - a write after close (or unplug) rejects with TransportError `not-open`; a write still
 *   pending when the link ends rejects with `disconnected` instead of hanging (a serial write
 *   on a vanished pty never calls back);
 * - writes go out whole and in call order, one at a time, even when callers overlap (binding-mock
 *   refuses overlapping writes; here they queue);
 * - bytes that arrive before the first data listener are held and given to it, so a driver that
 *   subscribes just after opening loses nothing (a serial stream and the HID kernel queue
 *   behave so too).
 */
export abstract class BaseTransport implements ByteTransport {
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closing: Promise<void> | undefined;
  private readonly dataListeners = new Set<(chunk: Uint8Array) => void>();
  private readonly closeListeners = new Set<(info: TransportClosedInfo) => void>();
  private held: Uint8Array[] | undefined = [];
  private heldBytes = 0;
  private releaseScheduled = false;
  private writeChain: Promise<void> = Promise.resolve();
  private readonly pendingWrites = new Set<(err: TransportError) => void>();

  /** `name` appears in error messages ("serial port /dev/ttyUSB0 is not open"). */
  protected constructor(protected readonly name: string) {}

  /** Moves one write's bytes to the device; resolves once they are handed to the OS. */
  protected abstract writeBytes(data: Uint8Array): Promise<void>;

  /** Lets go of the device. Called once, by the first `close()`; never after an unplug. */
  protected abstract closeDevice(): Promise<void> | void;

  /** False when the device below says it is closed before its close event arrived. */
  protected deviceIsOpen(): boolean {
    return true;
  }

  get isOpen(): boolean {
    return this.state === 'open' && this.deviceIsOpen();
  }

  write(data: Uint8Array): Promise<void> {
    if (!this.isOpen) return Promise.reject(this.notOpen());
    // A copy: the write may wait behind another, and the caller may reuse its buffer meanwhile.
    const bytes = data.slice();
    return new Promise<void>((resolve, reject) => {
      const fail = (err: TransportError) => reject(err);
      this.pendingWrites.add(fail);
      this.writeChain = this.writeChain.then(async () => {
        if (!this.pendingWrites.has(fail)) return; // already rejected: the link ended while it waited
        if (!this.isOpen) {
          this.pendingWrites.delete(fail);
          reject(this.notOpen());
          return;
        }
        try {
          await this.writeBytes(bytes);
          if (this.pendingWrites.delete(fail)) resolve();
        } catch (err) {
          if (this.pendingWrites.delete(fail)) reject(asTransportError(err, this.name));
        }
      });
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    if (this.held && !this.releaseScheduled) {
      this.releaseScheduled = true;
      // Not synchronously: the caller gets its unsubscribe before the first chunk, as with a stream.
      process.nextTick(() => this.releaseHeld());
    }
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (info: TransportClosedInfo) => void): () => void {
    if (this.state !== 'closed') this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    if (this.state === 'closed') return Promise.resolve();
    this.state = 'closing';
    this.closing = (async () => {
      try {
        await this.closeDevice();
      } catch {
        // Letting go failed (the device vanished meanwhile): it is let go of all the same.
      }
      this.finish({ disconnected: false });
    })();
    return this.closing;
  }

  /** The device sent bytes. Dropped once the transport is closing or closed. */
  protected receive(chunk: Uint8Array): void {
    if (this.state !== 'open' || chunk.length === 0) return;
    if (this.held) {
      this.held.push(chunk);
      this.heldBytes += chunk.length;
      while (this.heldBytes > MAX_HELD_BYTES) this.heldBytes -= this.held.shift()!.length;
      return;
    }
    this.emit(chunk);
  }

  /**
   * The link ended by itself (unplugged, peer gone, a write that can never succeed). During our
   * own close it only ends the wait early: the close event still says we closed it.
   */
  protected ended(info: TransportClosedInfo): void {
    if (this.state === 'closed') return;
    this.finish(this.state === 'closing' ? { disconnected: false } : info);
  }

  private finish(info: TransportClosedInfo): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.held = undefined;
    const err = new TransportError(`${this.name} closed`, 'disconnected', info.disconnected);
    for (const fail of this.pendingWrites) fail(err);
    this.pendingWrites.clear();
    const listeners = [...this.closeListeners];
    this.closeListeners.clear();
    this.dataListeners.clear();
    for (const listener of listeners) listener(info);
  }

  private releaseHeld(): void {
    const held = this.held ?? [];
    this.held = undefined;
    this.heldBytes = 0;
    for (const chunk of held) this.emit(chunk);
  }

  /** A listener that closes the transport stops the rest: no data after close, even within one chunk. */
  private emit(chunk: Uint8Array): void {
    for (const listener of [...this.dataListeners]) {
      if (this.state !== 'open') return;
      listener(chunk);
    }
  }

  private notOpen(): TransportError {
    return new TransportError(`${this.name} is not open`, 'not-open');
  }
}

function asTransportError(err: unknown, name: string): TransportError {
  if (err instanceof TransportError) return err;
  return new TransportError(`${name} write failed: ${err instanceof Error ? err.message : String(err)}`, 'write-failed');
}
