import { BaseTransport } from '../../transport/base';
import type { ByteTransport } from '../../transport/byte-transport';
import { DLE, ETX, STX } from '../zvt/frame';

/**
 * Sits between the simulator's link and its port to damage frames the way a noisy cable does:
 * `garbleIncoming` frames from the kiosk arrive with a broken CRC (so the terminal NAKs them: a
 * NAK storm as the kiosk sees it), `garbleOutgoing` frames leave with a broken CRC (the kiosk
 * must NAK and the terminal resend). Counters run down one per frame.
 */
export class FaultyTransport extends BaseTransport {
  garbleIncoming = 0;
  garbleOutgoing = 0;
  private rx: 'idle' | 'idle-dle' | 'data' | 'data-dle' | 'crc1' | 'crc2' = 'idle';

  constructor(private readonly inner: ByteTransport) {
    super('faulty link');
    inner.onData((chunk) => this.receive(this.garbleIn(chunk)));
    inner.onClose((info) => this.ended(info));
    if (!inner.isOpen) this.ended({ disconnected: false });
  }

  protected override deviceIsOpen(): boolean {
    return this.inner.isOpen;
  }

  protected writeBytes(data: Uint8Array): Promise<void> {
    // The link writes a frame in one call and ACK/NAK as single bytes.
    if (data.length > 4 && this.garbleOutgoing > 0) {
      this.garbleOutgoing--;
      const bad = data.slice();
      bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
      return this.inner.write(bad);
    }
    return this.inner.write(data);
  }

  protected closeDevice(): Promise<void> {
    return this.inner.close();
  }

  /** Tracks frame boundaries across chunks and flips the last CRC byte of frames to damage. */
  private garbleIn(chunk: Uint8Array): Uint8Array {
    if (this.garbleIncoming <= 0 && this.rx === 'idle') return chunk;
    const out = chunk.slice();
    for (let i = 0; i < out.length; i++) {
      const b = out[i]!;
      switch (this.rx) {
        case 'idle':
          this.rx = b === DLE ? 'idle-dle' : 'idle';
          break;
        case 'idle-dle':
          this.rx = b === STX ? 'data' : 'idle';
          break;
        case 'data':
          if (b === DLE) this.rx = 'data-dle';
          break;
        case 'data-dle':
          this.rx = b === ETX ? 'crc1' : 'data';
          break;
        case 'crc1':
          this.rx = 'crc2';
          break;
        case 'crc2':
          this.rx = 'idle';
          if (this.garbleIncoming > 0) {
            this.garbleIncoming--;
            out[i] = b ^ 0xff;
          }
          break;
      }
    }
    return out;
  }
}
