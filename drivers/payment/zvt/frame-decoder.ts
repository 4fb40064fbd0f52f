import { ZvtFrameError } from './errors';
import { ACK, DLE, ETX, MAX_APDU_BYTES, NAK, STX, frameCrc } from './frame';

export type FrameEvent =
  | { type: 'frame'; apdu: Uint8Array }
  | { type: 'ack' }
  | { type: 'nak' }
  /** bad-crc, stray-dle and oversize deserve a NAK; garbage (noise between frames) is only reported. */
  | { type: 'error'; error: ZvtFrameError };

type State = 'idle' | 'idle-dle' | 'data' | 'data-dle' | 'crc-lo' | 'crc-hi' | 'discard' | 'discard-dle' | 'discard-crc';

/**
 * Incremental serial-frame decoder: feed it whatever the port delivers (single bytes, frames
 * split anywhere, several frames at once) and it returns the frames and ACK/NAK bytes found.
 * It never throws on input; malformed input becomes an `error` event. Memory is bounded by
 * `maxApduBytes`: a longer frame is discarded up to its DLE ETX and reported as oversize.
 */
export class FrameDecoder {
  private state: State = 'idle';
  private buf: Uint8Array;
  private len = 0;
  private crcLo = 0;
  private discardCrcLeft = 0;
  private inGarbage = false;
  readonly maxApduBytes: number;

  constructor(opts: { maxApduBytes?: number } = {}) {
    this.maxApduBytes = opts.maxApduBytes ?? MAX_APDU_BYTES;
    this.buf = new Uint8Array(Math.min(256, this.maxApduBytes));
  }

  /** True while part of a frame has been read: the link uses it for the inter-character timeout. */
  get midFrame(): boolean {
    return this.state !== 'idle';
  }

  /** Bytes held for the frame being read (bounded by maxApduBytes). */
  get bufferedBytes(): number {
    return this.len;
  }

  /** Drops a partial frame, e.g. after the sender went quiet mid-frame. */
  reset(): void {
    this.state = 'idle';
    this.len = 0;
    this.inGarbage = false;
  }

  push(chunk: Uint8Array): FrameEvent[] {
    const events: FrameEvent[] = [];
    for (const b of chunk) this.step(b, events);
    return events;
  }

  private step(b: number, out: FrameEvent[]): void {
    switch (this.state) {
      case 'idle':
        if (b === ACK) return this.single(out, { type: 'ack' });
        if (b === NAK) return this.single(out, { type: 'nak' });
        if (b === DLE) {
          this.state = 'idle-dle';
          return;
        }
        return this.garbage(out, b);
      case 'idle-dle':
        if (b === STX) {
          this.inGarbage = false;
          this.state = 'data';
          this.len = 0;
          return;
        }
        this.state = 'idle';
        if (b === DLE) {
          this.state = 'idle-dle';
          return this.garbage(out, DLE);
        }
        this.garbage(out, DLE);
        return this.step(b, out);
      case 'data':
        if (b === DLE) {
          this.state = 'data-dle';
          return;
        }
        return this.append(b, out);
      case 'data-dle':
        if (b === DLE) {
          this.state = 'data';
          return this.append(DLE, out);
        }
        if (b === ETX) {
          this.state = 'crc-lo';
          return;
        }
        out.push({ type: 'error', error: new ZvtFrameError('stray-dle', `DLE followed by 0x${b.toString(16).padStart(2, '0')} inside a frame`) });
        this.len = 0;
        // A DLE STX here means the sender restarted its frame: read the new one.
        this.state = b === STX ? 'data' : 'idle';
        return;
      case 'crc-lo':
        this.crcLo = b;
        this.state = 'crc-hi';
        return;
      case 'crc-hi': {
        const apdu = this.buf.slice(0, this.len);
        const got = this.crcLo | (b << 8);
        const want = frameCrc(apdu);
        this.state = 'idle';
        this.len = 0;
        if (got === want) out.push({ type: 'frame', apdu });
        else out.push({ type: 'error', error: new ZvtFrameError('bad-crc', `frame CRC 0x${hex4(got)} does not match computed 0x${hex4(want)}`) });
        return;
      }
      case 'discard':
        if (b === DLE) this.state = 'discard-dle';
        return;
      case 'discard-dle':
        if (b === ETX) {
          this.state = 'discard-crc';
          this.discardCrcLeft = 2;
        } else if (b === STX) {
          this.state = 'data';
          this.len = 0;
        } else this.state = 'discard';
        return;
      case 'discard-crc':
        if (--this.discardCrcLeft === 0) this.state = 'idle';
        return;
    }
  }

  private single(out: FrameEvent[], ev: FrameEvent): void {
    this.inGarbage = false;
    out.push(ev);
  }

  /** One event per run of noise, so a burst of line noise cannot flood the caller. */
  private garbage(out: FrameEvent[], b: number): void {
    if (this.inGarbage) return;
    this.inGarbage = true;
    out.push({ type: 'error', error: new ZvtFrameError('garbage', `unexpected byte 0x${b.toString(16).padStart(2, '0')} between frames`) });
  }

  private append(b: number, out: FrameEvent[]): void {
    if (this.len >= this.maxApduBytes) {
      out.push({ type: 'error', error: new ZvtFrameError('oversize', `frame longer than ${this.maxApduBytes} bytes`) });
      this.len = 0;
      this.state = 'discard';
      return;
    }
    if (this.len === this.buf.length) {
      const bigger = new Uint8Array(Math.min(this.buf.length * 2, this.maxApduBytes));
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.len++] = b;
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0').toUpperCase();
}
