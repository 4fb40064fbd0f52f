import { BaseTransport } from './base';

/**
 * Two ByteTransports joined like a cable, in memory: the kiosk's end (`host`) and the device's
 * (`device`). Bytes arrive asynchronously and in order, as a real port's reads do, and both ends
 * keep every rule of the transport base, so a driver tested here meets the same rules on a pty
 * or a HID device. On top of a cable it offers what a test bench needs:
 *
 * - `written` on each end: every write as its user made it (binding-mock's `record`);
 * - `tap`: every chunk as it reached the other end, both ways, after any fault;
 * - `unplug()`: the link vanishes as a USB device does: both ends close with `disconnected: true`
 *   and pending writes reject; closing one end hangs up on the other the same way;
 * - `inject`: faults on the wire, per direction: drop, garble (one byte's bits flipped) or delay.
 */
export type LinkDirection = 'to-device' | 'to-host';

export type LinkFault = (
  | { kind: 'drop' }
  /** Flips every bit of the byte at `at` (negative counts from the end; default the last byte, a CRC's place). */
  | { kind: 'garble'; at?: number }
  /** Each chunk arrives `ms` later; order is kept, so a burst arrives as a burst. */
  | { kind: 'delay'; ms: number }
) & {
  /** How many matching chunks the fault hits; by default every one until it is removed. */
  chunks?: number;
  /** Only chunks this accepts (e.g. frames, not single ACK bytes). */
  match?: (chunk: Uint8Array) => boolean;
};

export interface MemoryPair {
  host: MemoryEnd;
  device: MemoryEnd;
  /** Sees each chunk as delivered; returns an unsubscribe. */
  tap(listener: (direction: LinkDirection, chunk: Uint8Array) => void): () => void;
  /** Arms a fault; returns a function that removes it. */
  inject(direction: LinkDirection | 'both', fault: LinkFault): () => void;
  unplug(): void;
}

export function createMemoryPair(): MemoryPair {
  const wire = new Wire();
  const host = new MemoryEnd('memory link host end', 'to-device', wire);
  const device = new MemoryEnd('memory link device end', 'to-host', wire);
  host.peer = device;
  device.peer = host;
  return {
    host,
    device,
    tap: (listener) => {
      wire.taps.add(listener);
      return () => wire.taps.delete(listener);
    },
    inject: (direction, fault) => {
      const armed = { direction, fault, left: fault.chunks ?? Infinity };
      wire.faults.add(armed);
      return () => wire.faults.delete(armed);
    },
    unplug: () => host.unplug(),
  };
}

interface ArmedFault {
  direction: LinkDirection | 'both';
  fault: LinkFault;
  left: number;
}

class Wire {
  readonly taps = new Set<(direction: LinkDirection, chunk: Uint8Array) => void>();
  readonly faults = new Set<ArmedFault>();
  private readonly lanes = { 'to-device': new Lane(), 'to-host': new Lane() };

  carry(direction: LinkDirection, chunk: Uint8Array, to: MemoryEnd): void {
    let out: Uint8Array | undefined = chunk;
    let delayMs = 0;
    for (const armed of this.faults) {
      if (!out) break;
      if (armed.direction !== 'both' && armed.direction !== direction) continue;
      if (armed.left <= 0 || (armed.fault.match && !armed.fault.match(out))) continue;
      armed.left--;
      const f = armed.fault;
      if (f.kind === 'drop') out = undefined;
      else if (f.kind === 'delay') delayMs += f.ms;
      else {
        const i = (f.at ?? -1) < 0 ? out.length + (f.at ?? -1) : f.at!;
        if (i >= 0 && i < out.length) out[i] = out[i]! ^ 0xff;
      }
    }
    if (!out) return;
    const delivered = out;
    this.lanes[direction].send(delayMs, () => {
      if (!to.isOpen) return;
      for (const tap of this.taps) tap(direction, delivered);
      to.arrive(delivered);
    });
  }
}

/** One direction of the wire: keeps chunks in order even when some are delayed. */
class Lane {
  private backlog: Promise<void> = Promise.resolve();
  private delayed = 0;

  send(delayMs: number, deliver: () => void): void {
    if (delayMs === 0 && this.delayed === 0) {
      setImmediate(deliver);
      return;
    }
    // Behind a delayed chunk everything waits its turn; an immediate first keeps earlier
    // undelayed chunks (already scheduled with setImmediate) ahead of this one.
    const due = Date.now() + delayMs;
    this.delayed++;
    this.backlog = this.backlog
      .then(() => new Promise<void>((r) => setImmediate(r)))
      .then(() => new Promise<void>((r) => setTimeout(r, Math.max(0, due - Date.now()))))
      .then(() => {
        this.delayed--;
        deliver();
      });
  }
}

export class MemoryEnd extends BaseTransport {
  /** Every write made on this end, in order, as written (before any fault on the wire). */
  readonly written: Uint8Array[] = [];
  /** @internal set by createMemoryPair */
  peer!: MemoryEnd;

  constructor(
    name: string,
    private readonly direction: LinkDirection,
    private readonly wire: Wire,
  ) {
    super(name);
  }

  protected async writeBytes(data: Uint8Array): Promise<void> {
    this.written.push(data.slice());
    this.wire.carry(this.direction, data.slice(), this.peer);
  }

  protected closeDevice(): void {
    // Hanging up: the far end sees its link vanish, as a pty's peer does when socat goes.
    this.peer.hangUp();
  }

  /** @internal the wire delivers a chunk to this end. */
  arrive(chunk: Uint8Array): void {
    this.receive(chunk);
  }

  /** The whole link vanishes (both ends), as `MemoryPair.unplug`. */
  unplug(): void {
    this.hangUp();
    this.peer.hangUp();
  }

  /** @internal the link vanished under this end. */
  hangUp(): void {
    this.ended({ disconnected: true });
  }
}
