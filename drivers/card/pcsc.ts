import pcsclite from 'pcsclite';
import { CardError } from './errors';
import type { ApduTransport } from './transmit';

type Callback<T = void> = (err: Error | null | undefined, value: T) => void;

/** The parts of the pcsclite binding this layer uses (its typings do not export them). */
export interface PcscReader {
  readonly name: string;
  readonly SCARD_SHARE_SHARED: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_STATE_MUTE: number;
  readonly SCARD_LEAVE_CARD: number;
  on(event: 'status', listener: (status: { state: number; atr?: Buffer }) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  on(event: 'end', listener: () => void): this;
  removeAllListeners(event?: string): this;
  connect(options: { share_mode?: number; protocol?: number }, cb: Callback<number>): void;
  disconnect(disposition: number, cb: (err: Error | null | undefined) => void): void;
  transmit(data: Buffer, resLen: number, protocol: number, cb: Callback<Buffer>): void;
  close(): void;
}

export interface PcscLite {
  on(event: 'reader', listener: (reader: PcscReader) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  removeAllListeners(event?: string): this;
  close(): void;
  /** name -> reader, kept by the binding. */
  readers?: Record<string, PcscReader>;
}

/** PC/SC return codes this layer branches on (pcsclite puts them in the message as "(0x8010....)"). */
const PCSC = {
  E_NO_SMARTCARD: 0x8010000c,
  E_TIMEOUT: 0x8010000a,
  E_SHARING_VIOLATION: 0x8010000b,
  E_NOT_TRANSACTED: 0x80100016,
  E_READER_UNAVAILABLE: 0x80100017,
  E_UNKNOWN_READER: 0x80100009,
  E_NO_SERVICE: 0x8010001d,
  E_SERVICE_STOPPED: 0x8010001e,
  E_NO_READERS_AVAILABLE: 0x8010002e,
  E_INVALID_HANDLE: 0x80100003,
  W_UNRESPONSIVE_CARD: 0x80100066,
  W_UNPOWERED_CARD: 0x80100067,
  W_RESET_CARD: 0x80100068,
  W_REMOVED_CARD: 0x80100069,
  E_CANCELLED: 0x80100002,
  F_COMM_ERROR: 0x80100013,
} as const;

export function pcscCode(err: unknown): number | undefined {
  const m = /\(0x([0-9a-fA-F]{8})\)/.exec(err instanceof Error ? err.message : String(err));
  return m ? parseInt(m[1]!, 16) : undefined;
}

/** The service has gone: the pcsclite instance must be replaced. */
export function isServiceGone(err: unknown): boolean {
  const code = pcscCode(err);
  // F_COMM_ERROR is what the client library reports when pcscd's socket closes under it.
  return code === PCSC.E_NO_SERVICE || code === PCSC.E_SERVICE_STOPPED || code === PCSC.F_COMM_ERROR;
}

export function pcscToCardError(err: unknown, what: string): CardError {
  if (err instanceof CardError) return err;
  const code = pcscCode(err);
  const cause = { cause: err };
  switch (code) {
    case PCSC.W_REMOVED_CARD:
    case PCSC.E_NO_SMARTCARD:
    case PCSC.W_RESET_CARD:
      return new CardError('card-removed', `${what}: the card was removed`, undefined, cause);
    case PCSC.W_UNRESPONSIVE_CARD:
    case PCSC.W_UNPOWERED_CARD:
      return new CardError('card-mute', `${what}: the card does not answer`, undefined, cause);
    case PCSC.E_NOT_TRANSACTED:
      return new CardError('card-mute', `${what}: the exchange with the card failed`, undefined, cause);
    case PCSC.E_SHARING_VIOLATION:
      return new CardError('reader-busy', `${what}: the card is in use by another program`, undefined, cause);
    case PCSC.E_TIMEOUT:
      return new CardError('timeout', `${what}: the reader timed out`, undefined, cause);
    case PCSC.E_NO_SERVICE:
    case PCSC.E_SERVICE_STOPPED:
    case PCSC.F_COMM_ERROR:
      return new CardError('reader-unavailable', 'card reader unavailable: pcscd is not running', undefined, cause);
    case PCSC.E_READER_UNAVAILABLE:
    case PCSC.E_UNKNOWN_READER:
    case PCSC.E_NO_READERS_AVAILABLE:
    case PCSC.E_INVALID_HANDLE:
      return new CardError('reader-unavailable', `${what}: the card reader is gone`, undefined, cause);
    default: {
      const detail = code === undefined ? (err instanceof Error ? err.message : String(err)) : `PC/SC error 0x${code.toString(16)}`;
      return new CardError('card-mute', `${what}: ${detail}`, undefined, cause);
    }
  }
}

/** Creates the binding; a throw here means pcscd is not running (its socket is absent). */
export function openPcsc(): PcscLite {
  try {
    return pcsclite() as unknown as PcscLite;
  } catch (err) {
    throw new CardError('reader-unavailable', 'card reader unavailable: pcscd is not running', undefined, { cause: err });
  }
}

/**
 * Closes a PC/SC context and its readers. close() reports its own cancellation as an 'error'
 * event, so each gets a listener that swallows it (without one Node would crash).
 */
export function closePcsc(pcsc: PcscLite): void {
  for (const reader of Object.values(pcsc.readers ?? {})) {
    reader.removeAllListeners();
    reader.on('error', () => undefined);
    reader.close();
  }
  pcsc.close();
}

export function connectCard(reader: PcscReader): Promise<number> {
  return new Promise((resolve, reject) => {
    reader.connect({ share_mode: reader.SCARD_SHARE_SHARED, protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1 }, (err, protocol) =>
      err ? reject(pcscToCardError(err, 'connect')) : resolve(protocol),
    );
  });
}

/**
 * Leaves the card powered (later steps reconnect). A failure changes nothing for the caller, and a
 * disconnect stuck behind a mute card gives up after `timeoutMs` so it cannot hold up the next card.
 */
export function disconnectCard(reader: PcscReader, timeoutMs = 1000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    reader.disconnect(reader.SCARD_LEAVE_CARD, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const SHORT_RESPONSE_MAX = 258;
/** No command of a read takes a real card this long; vpcd answers in ~43 ms. */
export const DEFAULT_APDU_TIMEOUT_MS = 3000;
const EXTENDED_RESPONSE_MAX = 65538;

/** ApduTransport over a connected pcsclite reader; counts APDUs so reads can log their cost. */
export class PcscTransport implements ApduTransport {
  count = 0;
  private pendingAfterTimeout = 0;
  constructor(
    private readonly reader: PcscReader,
    private readonly protocol: number,
    private readonly timeoutMs = DEFAULT_APDU_TIMEOUT_MS,
  ) {}

  private unstuck: Array<() => void> = [];

  /** A transmit that timed out is still blocked inside the binding. */
  get stuck(): boolean {
    return this.pendingAfterTimeout > 0;
  }

  /** Resolves once no timed-out transmit is left inside the binding (the card answered or left). */
  whenUnstuck(): Promise<void> {
    if (!this.stuck) return Promise.resolve();
    return new Promise((resolve) => this.unstuck.push(resolve));
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    this.count++;
    const extended = command.length > 5 && command[4] === 0;
    const max = extended ? EXTENDED_RESPONSE_MAX : SHORT_RESPONSE_MAX;
    const copy = Buffer.from(command);
    return new Promise((resolve, reject) => {
      // A card that stops answering blocks SCardTransmit until it leaves the reader: give up
      // here so the read ends with 'card-mute' instead of hanging (the binding's call stays pending).
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        this.pendingAfterTimeout++;
        reject(new CardError('card-mute', `transmit: the card did not answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.reader.transmit(copy, max, this.protocol, (err, data) => {
        clearTimeout(timer);
        if (timedOut && --this.pendingAfterTimeout === 0) for (const fn of this.unstuck.splice(0)) fn();
        // The command may hold a PIN block: no copy of it outlives the exchange.
        copy.fill(0);
        if (err) reject(pcscToCardError(err, 'transmit'));
        // vpcd and some readers hand back nothing when the card vanished mid-exchange.
        else if (data.length < 2) reject(new CardError('card-mute', 'transmit: the card sent no answer'));
        else resolve(new Uint8Array(data));
      });
    });
  }
}
