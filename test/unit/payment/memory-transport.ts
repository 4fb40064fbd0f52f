import { type ByteTransport, type TransportClosedInfo, TransportError } from '../../../drivers/transport/byte-transport';

/**
 * Two in-memory ByteTransports joined like a cable, for fast unit tests of the protocol logic.
 * `tap` sees (and may replace or drop) each chunk on its way; bytes arrive asynchronously like
 * a real port's reads.
 */
export interface MemoryEnd extends ByteTransport {
  /** Ends the link as an unplug: both sides see a close with disconnected=true. */
  unplug(): void;
  written: Uint8Array[];
}

export function createMemoryPair(tap?: (from: 'a' | 'b', chunk: Uint8Array) => Uint8Array | null): [MemoryEnd, MemoryEnd] {
  const a = new End('a');
  const b = new End('b');
  a.peer = b;
  b.peer = a;
  a.tap = tap;
  b.tap = tap;
  return [a, b];
}

class End implements MemoryEnd {
  peer!: End;
  tap: ((from: 'a' | 'b', chunk: Uint8Array) => Uint8Array | null) | undefined;
  written: Uint8Array[] = [];
  private open = true;
  private readonly dataListeners = new Set<(c: Uint8Array) => void>();
  private readonly closeListeners = new Set<(i: TransportClosedInfo) => void>();

  constructor(private readonly name: 'a' | 'b') {}

  get isOpen(): boolean {
    return this.open;
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.open) throw new TransportError('memory link closed', 'not-open');
    this.written.push(data.slice());
    const out = this.tap ? this.tap(this.name, data.slice()) : data.slice();
    if (out) setImmediate(() => this.peer.receive(out));
  }

  receive(chunk: Uint8Array): void {
    if (!this.open) return;
    for (const l of this.dataListeners) l(chunk);
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (info: TransportClosedInfo) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async close(): Promise<void> {
    this.shut({ disconnected: false });
    this.peer.shut({ disconnected: true });
  }

  unplug(): void {
    this.shut({ disconnected: true });
    this.peer.shut({ disconnected: true });
  }

  shut(info: TransportClosedInfo): void {
    if (!this.open) return;
    this.open = false;
    for (const l of this.closeListeners) l(info);
  }
}
