import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { CardError } from '../errors';
import { CardOs, type CardImage } from './card-os';

/**
 * A card in pcscd's virtual reader (vsmartcard-vpcd). The card is the TCP client: connecting is
 * inserting it, disconnecting is pulling it out. Frames are a 2-byte big-endian length and a
 * payload; a 1-byte payload is a control code, anything longer a command APDU. The link and the
 * control codes live in vpcd-link.worker.mjs; the card OS and everything a test watches stay here.
 */
export const VPCD_PORT_KIOSK = 35963; // reader "Virtual PCD 00 00"

/** The link itself runs on a thread of its own: why, in the worker file. */
const LINK_WORKER = new URL('./vpcd-link.worker.mjs', import.meta.url);

type LinkMessage =
  | { type: 'connected' | 'taken' | 'reset' }
  | { type: 'failed'; reason: 'timeout' | 'unreachable'; message?: string }
  | { type: 'link-error'; message: string }
  | { type: 'apdu'; bytes: Uint8Array }
  | { type: 'closed'; taken: boolean };

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
  private link: Worker | undefined;
  private connected = false;
  private readonly os: CardOs;
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
    return this.link !== undefined && this.connected;
  }

  /**
   * Connects and resolves once pcscd has taken the card (its first request arrives), so "inserted"
   * means the reader has really seen it. A vpcd slot nobody serves would otherwise leave the
   * connection hanging in the listen queue with no error.
   */
  insert(opts: { timeoutMs?: number } = {}): Promise<void> {
    if (this.link) return this.inserted ? Promise.resolve() : Promise.reject(new CardError('reader-busy', 'the virtual card is still being inserted or removed'));
    const host = this.opts.host ?? '127.0.0.1';
    const timeoutMs = opts.timeoutMs ?? 5000;
    const where = `${host}:${this.port}`;
    const link = new Worker(LINK_WORKER, { workerData: { host, port: this.port, atr: this.opts.image.atr, timeoutMs } });
    this.link = link;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (message: string, cause?: unknown) => {
        if (settled) return;
        settled = true;
        reject(new CardError('reader-unavailable', message, undefined, { cause }));
      };
      link.on('error', (err) => fail(`the virtual card's link to ${where} failed`, err));
      link.on('exit', () => {
        if (this.link === link) this.link = undefined;
        this.connected = false;
        fail(`pcscd closed the virtual reader link on ${where}`);
      });
      link.on('message', (m: LinkMessage) => {
        switch (m.type) {
          case 'connected':
            this.connected = true;
            this.apdus = 0;
            this.os.reset();
            return;
          case 'taken':
            settled = true;
            this.opts.log?.('card.sim.inserted', { port: this.port });
            resolve();
            return;
          case 'failed':
            // The link is going: a card pcscd never took was never in the reader.
            this.connected = false;
            if (m.reason === 'timeout') fail(`pcscd did not take the virtual card on ${where} within ${timeoutMs} ms (is that vpcd reader slot served?)`);
            else fail(`virtual reader on ${where} is not reachable (is pcscd with vsmartcard-vpcd running?)`, new Error(m.message));
            return;
          case 'link-error':
            this.opts.log?.('card.sim.link-error', { message: m.message });
            return;
          case 'reset':
            // In order with the APDUs around it, as the card would see them.
            this.queue = this.queue.then(() => this.os.reset());
            return;
          case 'apdu':
            // Answers keep the order of the requests even when a delay is configured.
            this.queue = this.queue.then(() => this.handle(m.bytes));
            return;
          case 'closed': {
            const wasInserted = m.taken && this.connected;
            this.connected = false;
            if (this.link === link) this.link = undefined;
            fail(`pcscd closed the virtual reader link on ${where}`);
            if (wasInserted) this.emit('removed');
            return;
          }
        }
      });
    });
  }

  remove(): Promise<void> {
    const link = this.link;
    if (!link || !this.connected) return Promise.resolve();
    return new Promise((resolve) => {
      link.once('exit', () => resolve());
      link.postMessage({ type: 'remove' });
      this.opts.log?.('card.sim.removed', { port: this.port });
    });
  }

  private async handle(payload: Uint8Array): Promise<void> {
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
    this.link?.postMessage({ type: 'answer', bytes: this.os.handle(payload) });
  }
}
