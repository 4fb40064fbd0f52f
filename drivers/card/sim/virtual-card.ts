import { EventEmitter } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import { CardError } from '../errors';
import { CardOs, type CardImage } from './card-os';

/**
 * A card in pcscd's virtual reader (vsmartcard-vpcd). The card is the TCP client: connecting is
 * inserting it, disconnecting is pulling it out. Frames are a 2-byte big-endian length and a
 * payload; a 1-byte payload is a control code, anything longer a command APDU.
 */
export const VPCD_PORT_KIOSK = 35963; // reader "Virtual PCD 00 00"

const CTRL_POWER_OFF = 0x00;
const CTRL_POWER_ON = 0x01;
const CTRL_RESET = 0x02;
const CTRL_GET_ATR = 0x04;

export interface VirtualCardOptions {
  image: CardImage;
  port?: number;
  host?: string;
  /** Wait this long before each APDU's answer: a slow card, or time for a test to pull it mid-read. */
  responseDelayMs?: number;
  /** Pull the card out when command APDU number K+1 arrives (K answered): a card yanked mid-read. */
  yankAfter?: number;
  /** Stop answering after K command APDUs, staying in the reader: a card gone mute. */
  muteAfter?: number;
  log?: (event: string, fields?: Record<string, unknown>) => void;
}

interface VirtualCardEvents {
  /** A command APDU arrived (before it is answered). */
  apdu: [command: Uint8Array];
  /** The link ended: remove() or pcscd went away. */
  removed: [];
}

export class VirtualCard extends EventEmitter<VirtualCardEvents> {
  private socket: Socket | undefined;
  private readonly os: CardOs;
  private buf = Buffer.alloc(0);
  private queue: Promise<void> = Promise.resolve();
  /** Command APDUs received since the card was inserted. */
  private apdus = 0;

  constructor(private readonly opts: VirtualCardOptions) {
    super();
    this.os = new CardOs(opts.image);
  }

  get port(): number {
    return this.opts.port ?? VPCD_PORT_KIOSK;
  }

  /** Command APDUs received since the last insert (the benchmark counts round trips with it). */
  get apduCount(): number {
    return this.apdus;
  }

  get pinTriesLeft(): number {
    return this.os.pinTriesLeft;
  }

  get inserted(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  /**
   * Connects and resolves once pcscd has taken the card (its first request arrives), so "inserted"
   * means the reader has really seen it. A vpcd slot nobody serves would otherwise leave the
   * connection hanging in the listen queue with no error.
   */
  insert(opts: { timeoutMs?: number } = {}): Promise<void> {
    if (this.inserted) return Promise.resolve();
    const host = this.opts.host ?? '127.0.0.1';
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host, port: this.port });
      socket.setNoDelay(true);
      let settled = false;
      let failed = false;
      const fail = (message: string, cause?: unknown) => {
        if (settled) return;
        settled = true;
        failed = true;
        clearTimeout(timer);
        socket.destroy();
        reject(new CardError('reader-unavailable', message, undefined, { cause }));
      };
      const timer = setTimeout(
        () => fail(`pcscd did not take the virtual card on ${host}:${this.port} within ${timeoutMs} ms (is that vpcd reader slot served?)`),
        timeoutMs,
      );
      socket.once('error', (err) => fail(`virtual reader on ${host}:${this.port} is not reachable (is pcscd with vsmartcard-vpcd running?)`, err));
      socket.once('connect', () => {
        // After connecting, a broken link is just the card leaving the reader.
        socket.on('error', (err) => this.opts.log?.('card.sim.link-error', { message: err.message }));
        this.socket = socket;
        this.buf = Buffer.alloc(0);
        this.apdus = 0;
        this.os.reset();
      });
      socket.on('data', (chunk) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          this.opts.log?.('card.sim.inserted', { port: this.port });
          resolve();
        }
        this.onData(chunk);
      });
      socket.once('close', () => {
        if (this.socket === socket) this.socket = undefined;
        const wasInserted = settled && !failed;
        fail(`pcscd closed the virtual reader link on ${host}:${this.port}`);
        if (wasInserted) this.emit('removed');
      });
    });
  }

  remove(): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
      this.opts.log?.('card.sim.removed', { port: this.port });
    });
  }

  private onData(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    while (this.buf.length >= 2) {
      const len = this.buf.readUInt16BE(0);
      if (this.buf.length < 2 + len) break;
      const payload = new Uint8Array(this.buf.subarray(2, 2 + len));
      this.buf = this.buf.subarray(2 + len);
      // Answers keep the order of the requests even when a delay is configured.
      this.queue = this.queue.then(() => this.handle(payload));
    }
  }

  private async handle(payload: Uint8Array): Promise<void> {
    if (payload.length === 1) {
      switch (payload[0]) {
        case CTRL_POWER_OFF:
        case CTRL_POWER_ON:
        case CTRL_RESET:
          this.os.reset();
          return;
        case CTRL_GET_ATR:
          this.send(this.opts.image.atr);
          return;
        default:
          return;
      }
    }
    this.emit('apdu', payload);
    const index = this.apdus++;
    if (this.opts.yankAfter !== undefined && index >= this.opts.yankAfter) {
      this.opts.log?.('card.sim.yanked', { after: index });
      await this.remove();
      return;
    }
    if (this.opts.muteAfter !== undefined && index >= this.opts.muteAfter) return;
    if (this.opts.responseDelayMs) await new Promise((r) => setTimeout(r, this.opts.responseDelayMs));
    if (!this.inserted) return;
    this.send(this.os.handle(payload));
  }

  private send(payload: Uint8Array): void {
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    const frame = Buffer.alloc(2 + payload.length);
    frame.writeUInt16BE(payload.length, 0);
    frame.set(payload, 2);
    socket.write(frame);
  }
}
