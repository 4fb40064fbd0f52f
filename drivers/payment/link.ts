import { type ByteTransport, type TransportClosedInfo } from '../transport/byte-transport';
import { type Apdu, decodeApdu, encodeApdu } from './zvt/apdu';
import { ZvtError } from './zvt/errors';
import { ACK, NAK, encodeFrame } from './zvt/frame';
import { FrameDecoder } from './zvt/frame-decoder';

export interface ZvtLinkOptions {
  /** How long to wait for the ACK byte after a frame (T3). */
  ackTimeoutMs?: number;
  /** Sends per frame before giving up (first send plus resends after NAK or timeout). */
  maxSends?: number;
  /** Gap inside a frame after which the partial frame is dropped (T1). */
  interCharTimeoutMs?: number;
  maxApduBytes?: number;
}

type AckOutcome = 'ack' | 'nak' | 'timeout' | 'closed';

/**
 * The ZVT serial transport layer over any ByteTransport: frames and unframes APDUs, answers
 * every good frame with ACK and every damaged one with NAK, and resends its own frames on NAK or
 * silence. Symmetric, so both the kiosk's client and the terminal simulator use it.
 */
export class ZvtLink {
  private readonly decoder: FrameDecoder;
  private readonly ackTimeoutMs: number;
  private readonly maxSends: number;
  private readonly interCharTimeoutMs: number;
  private readonly apduListeners = new Set<(apdu: Apdu) => void>();
  private readonly errorListeners = new Set<(err: ZvtError) => void>();
  private readonly closeListeners = new Set<(info: TransportClosedInfo) => void>();
  private ackWaiter: ((o: AckOutcome) => void) | undefined;
  private sendChain: Promise<unknown> = Promise.resolve();
  private t1: ReturnType<typeof setTimeout> | undefined;
  private closedInfo: TransportClosedInfo | undefined;
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly transport: ByteTransport,
    opts: ZvtLinkOptions = {},
  ) {
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 5000;
    this.maxSends = opts.maxSends ?? 3;
    this.interCharTimeoutMs = opts.interCharTimeoutMs ?? 1000;
    this.decoder = new FrameDecoder({ maxApduBytes: opts.maxApduBytes });
    this.unsubscribe = [transport.onData((chunk) => this.onChunk(chunk)), transport.onClose((info) => this.onTransportClose(info))];
    if (!transport.isOpen) this.closedInfo = { disconnected: false };
  }

  get isOpen(): boolean {
    return this.closedInfo === undefined && this.transport.isOpen;
  }

  onApdu(listener: (apdu: Apdu) => void): () => void {
    this.apduListeners.add(listener);
    return () => this.apduListeners.delete(listener);
  }

  /** Damaged frames and undecodable APDUs, for diagnostics; the link has already NAKed as needed. */
  onError(listener: (err: ZvtError) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  onClose(listener: (info: TransportClosedInfo) => void): () => void {
    if (this.closedInfo) {
      const info = this.closedInfo;
      queueMicrotask(() => listener(info));
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /**
   * Sends one APDU and resolves once the peer ACKed it. Frames go out one at a time. Rejects with
   * `no-ack` after maxSends attempts, `disconnected` when the link is gone.
   */
  send(apdu: Apdu): Promise<void> {
    const run = this.sendChain.then(() => this.sendNow(apdu));
    this.sendChain = run.catch(() => undefined);
    return run;
  }

  private async sendNow(apdu: Apdu): Promise<void> {
    const frame = encodeFrame(encodeApdu(apdu));
    for (let attempt = 1; attempt <= this.maxSends; attempt++) {
      if (!this.isOpen) throw new ZvtError('disconnected', 'payment terminal link is closed');
      const outcome = await new Promise<AckOutcome>((resolve) => {
        const timer = setTimeout(() => finish('timeout'), this.ackTimeoutMs);
        const finish = (o: AckOutcome) => {
          clearTimeout(timer);
          if (this.ackWaiter === finish) this.ackWaiter = undefined;
          resolve(o);
        };
        this.ackWaiter = finish;
        // A write can hang forever once the pty peer is gone; the ACK timer still ends the wait.
        this.transport.write(frame).catch(() => finish(this.isOpen ? 'timeout' : 'closed'));
      });
      if (outcome === 'ack') return;
      if (outcome === 'closed') throw new ZvtError('disconnected', 'payment terminal link closed while sending');
    }
    throw new ZvtError('no-ack', `payment terminal did not acknowledge the frame after ${this.maxSends} attempts`);
  }

  async close(): Promise<void> {
    for (const u of this.unsubscribe) u();
    if (this.t1) clearTimeout(this.t1);
    this.markClosed({ disconnected: false });
    await this.transport.close();
  }

  private onChunk(chunk: Uint8Array): void {
    for (const ev of this.decoder.push(chunk)) {
      switch (ev.type) {
        case 'ack':
        case 'nak':
          this.ackWaiter?.(ev.type);
          break;
        case 'frame':
          this.writeControl(ACK);
          this.deliver(ev.apdu);
          break;
        case 'error':
          if (ev.error.code !== 'garbage') this.writeControl(NAK);
          this.emitError(ev.error);
          break;
      }
    }
    if (this.t1) clearTimeout(this.t1);
    this.t1 = this.decoder.midFrame ? setTimeout(() => this.decoder.reset(), this.interCharTimeoutMs) : undefined;
  }

  private deliver(bytes: Uint8Array): void {
    let apdu: Apdu;
    try {
      apdu = decodeApdu(bytes);
    } catch (err) {
      this.emitError(err as ZvtError);
      return;
    }
    for (const l of this.apduListeners) l(apdu);
  }

  private writeControl(byte: number): void {
    if (!this.isOpen) return;
    this.transport.write(Uint8Array.of(byte)).catch(() => undefined);
  }

  private emitError(err: ZvtError): void {
    for (const l of this.errorListeners) l(err);
  }

  private onTransportClose(info: TransportClosedInfo): void {
    this.markClosed(info);
  }

  private markClosed(info: TransportClosedInfo): void {
    if (this.closedInfo) return;
    this.closedInfo = info;
    if (this.t1) clearTimeout(this.t1);
    this.ackWaiter?.('closed');
    for (const l of this.closeListeners) l(info);
  }
}
