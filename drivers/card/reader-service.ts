import { EventEmitter } from 'node:events';
import { toHex } from './apdu';
import { CardError, isCardError } from './errors';
import { isCardExpired } from './expiry';
import { closePcsc, connectCard, DEFAULT_APDU_TIMEOUT_MS, disconnectCard, isServiceGone, openPcsc, PcscTransport, pcscToCardError, type PcscLite, type PcscReader } from './pcsc';
import { pinPrompt, type PendingPin } from './pin-session';
import type { PinResult } from './pin-verify';
import { builtInProfiles } from './profiles';
import type { CardProfile } from './profiles/schema';
import { readIdentity } from './read-identity';
import { readerMatcher } from './reader-match';
import type { CardHealth, CardReaderEvents, CardReaderServiceOptions, IdentityEvent } from './reader-types';

export { readerMatcher } from './reader-match';

export type { CardHealth, CardReaderEvents, CardReaderServiceOptions } from './reader-types';

interface Slot {
  reader: PcscReader;
  present: boolean;
  /** pcsc-lite's per-reader event counter (high word of the state): changes on every insert/remove. */
  events: number;
  /** Bumped on every insert and removal, so a read can tell that its card has gone. */
  gen: number;
  atr: Uint8Array;
  chain: Promise<void>;
  /** Set while the card waits for its PIN. */
  pin?: PendingPin;
  /** The transport of the current read (to know if a transmit is stuck). */
  transport?: PcscTransport;
}

const DEFAULT_RETRY_MS = 1500;
/**
 * After an unexplained transmit failure, how long to wait for pcscd to report a removal. pcscd polls
 * a reader's presence every 400 ms and the binding's status thread relays it after that, so a card
 * pulled mid-APDU can take most of a second to show as gone on a busy machine; calling it mute then
 * would tell the shopper their card is faulty when they only took it out.
 */
const REMOVAL_GRACE_MS = 1500;

/**
 * Watches the PC/SC readers that match `readerPattern` and reads each inserted card with the
 * configured profiles. pcscd may be absent or die at any time: the service then reports
 * 'unavailable' and re-creates its PC/SC context every `retryMs` until pcscd is back.
 */
export class CardReaderService extends EventEmitter<CardReaderEvents> {
  private pcsc: PcscLite | undefined;
  private readonly slots = new Map<string, Slot>();
  private matches: (name: string) => boolean;
  private readonly profiles: readonly CardProfile[];
  private retryTimer: NodeJS.Timeout | undefined;
  private running = false;
  private current: CardHealth = 'unavailable';
  private lastHealth = '';
  private failures = 0;

  constructor(private readonly opts: CardReaderServiceOptions = {}) {
    super();
    this.matches = readerMatcher(opts.readerPattern);
    this.profiles = opts.profiles ?? builtInProfiles;
  }

  get health(): CardHealth {
    return this.current;
  }

  /** True while a PC/SC context is open (pcscd reachable), readers or not. */
  get pcscConnected(): boolean {
    return this.pcsc !== undefined;
  }

  get readerNames(): string[] {
    return [...this.slots.keys()].sort();
  }

  /** Whether a card sits in `reader`; undefined until pcscd has reported that reader's state. */
  cardPresent(reader: string): boolean | undefined {
    const slot = this.slots.get(reader);
    return slot && slot.events >= 0 ? slot.present : undefined;
  }

  /**
   * Presents the PIN to the card in `reader` once. ok: the read goes on and 'identity' follows;
   * wrong: type again (triesLeft); blocked: the read ends with read-error 'pin-blocked'. A PIN
   * that breaks the profile's rules rejects with 'pin-format' without reaching the card; with no
   * card waiting it rejects with 'pin-not-expected'.
   */
  submitPin(reader: string, pin: string): Promise<PinResult> {
    const pending = this.slots.get(reader)?.pin;
    if (!pending) return Promise.reject(new CardError('pin-not-expected', 'no card is waiting for a PIN in this reader'));
    return pending.submit(pin);
  }

  /** The shopper gave up: the read ends with read-error 'pin-cancelled'. */
  cancelPin(reader: string): void {
    this.slots.get(reader)?.pin?.fail(new CardError('pin-cancelled', 'PIN entry was cancelled'));
  }

  /** Whether the card in `reader` is waiting for its PIN. */
  pinPending(reader: string): boolean {
    return this.slots.get(reader)?.pin !== undefined;
  }

  /**
   * Watches other readers from the next start (a technician's new name pattern); only while
   * stopped, so no read is under way on a reader that stops matching.
   */
  setReaderPattern(pattern: string | undefined): void {
    if (this.running) throw new CardError('reader-busy', 'stop the card reader service before changing its reader pattern');
    this.matches = readerMatcher(pattern);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.open();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.retryTimer);
    const pending = [...this.slots.values()].map((s) => s.chain);
    await this.teardown();
    await Promise.allSettled(pending);
  }

  private log(event: string, fields?: Record<string, unknown>): void {
    this.opts.log?.(event, fields);
  }

  private open(): void {
    if (!this.running) return;
    let pcsc: PcscLite;
    try {
      pcsc = (this.opts.openPcsc ?? openPcsc)();
    } catch (err) {
      // While pcscd stays away, say so on the first failure and then only now and then.
      this.failures++;
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.log('card.pcsc.unavailable', { reason: err instanceof Error ? err.message : String(err), attempts: this.failures });
      }
      this.updateHealth();
      this.scheduleRetry();
      return;
    }
    this.pcsc = pcsc;
    this.failures = 0;
    this.log('card.pcsc.open');
    pcsc.on('error', (err) => {
      if (this.pcsc !== pcsc) return;
      // The binding's monitoring loop has ended; this instance never recovers.
      this.log('card.pcsc.error', { reason: err.message });
      void this.teardown();
      this.scheduleRetry();
    });
    pcsc.on('reader', (reader) => this.onReader(pcsc, reader));
    this.updateHealth();
  }

  private scheduleRetry(): void {
    if (!this.running || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.pcsc) this.open();
    }, this.opts.retryMs ?? DEFAULT_RETRY_MS);
  }

  /** Drops the PC/SC context and its readers; cards still known are reported removed. */
  private teardown(): Promise<void> {
    const pcsc = this.pcsc;
    this.pcsc = undefined;
    const wedged: Array<Promise<void>> = [];
    for (const [name, slot] of this.slots) {
      slot.gen++;
      if (slot.transport?.stuck) wedged.push(slot.transport.whenUnstuck());
      slot.pin?.fail(new CardError('reader-unavailable', 'card reader unavailable'));
      if (slot.present && this.running) this.emit('card-removed', { reader: name });
    }
    this.slots.clear();
    this.updateHealth();
    if (!pcsc) return Promise.resolve();
    pcsc.removeAllListeners();
    // close() reports its own cancellation as an 'error' event: without a listener Node would crash.
    pcsc.on('error', () => undefined);
    // The binding holds a reader's mutex while it delivers that reader's events, and close() takes
    // the same mutex: closing from inside an event handler would deadlock the process. Next turn.
    // A transmit to a mute card blocks its native thread, and close() would then block the whole
    // process on the same lock. Close that context only once the card has answered or left.
    if (wedged.length > 0) {
      this.log('card.pcsc.close-deferred', { reason: 'a card stopped answering mid-transmit' });
      void Promise.all(wedged).then(() => setImmediate(() => closePcsc(pcsc)));
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      setImmediate(() => {
        closePcsc(pcsc);
        resolve();
      });
    });
  }

  private updateHealth(): void {
    this.current = this.pcsc && this.slots.size > 0 ? 'ready' : 'unavailable';
    const names = this.readerNames;
    const key = `${this.current}|${names.join('\u0000')}`;
    if (key === this.lastHealth) return;
    this.lastHealth = key;
    this.log('card.health', { health: this.current, readers: names });
    this.emit('health', this.current, names);
  }

  private onReader(pcsc: PcscLite, reader: PcscReader): void {
    // Every reader needs an error listener, watched or not: pcsclite emits 'error' when pcscd dies.
    reader.on('error', (err) => {
      this.log('card.reader.error', { reader: reader.name, reason: err.message });
      if (this.pcsc === pcsc && isServiceGone(err)) {
        void this.teardown();
        this.scheduleRetry();
      }
    });
    if (!this.matches(reader.name)) {
      this.log('card.reader.ignored', { reader: reader.name });
      return;
    }
    const slot: Slot = { reader, present: false, events: -1, gen: 0, atr: new Uint8Array(0), chain: Promise.resolve() };
    this.slots.set(reader.name, slot);
    reader.on('status', (status) => this.onStatus(slot, status.state, status.atr));
    reader.on('end', () => {
      if (this.slots.get(reader.name) !== slot) return;
      this.slots.delete(reader.name);
      slot.gen++;
      slot.pin?.fail(new CardError('reader-unavailable', 'the card reader is gone'));
      if (slot.present) this.emit('card-removed', { reader: reader.name });
      this.log('card.reader.gone', { reader: reader.name });
      this.updateHealth();
    });
    this.updateHealth();
  }

  private onStatus(slot: Slot, state: number, atr: Buffer | undefined): void {
    const name = slot.reader.name;
    const present = (state & slot.reader.SCARD_STATE_PRESENT) !== 0;
    const events = state >>> 16;
    const swapped = present && slot.present && slot.events >= 0 && events !== slot.events;
    slot.events = events;
    if ((!present && slot.present) || swapped) {
      slot.present = false;
      slot.gen++;
      slot.pin?.fail(new CardError('card-removed', 'the card was removed while waiting for its PIN'));
      this.emit('card-removed', { reader: name });
    }
    if (present && !slot.present) {
      slot.present = true;
      slot.gen++;
      slot.atr = atr ? new Uint8Array(atr) : new Uint8Array(0);
      this.emit('card-inserted', { reader: name });
      const gen = slot.gen;
      if ((state & slot.reader.SCARD_STATE_MUTE) !== 0) {
        this.emit('read-error', { reader: name, error: new CardError('card-mute', 'the card does not answer (no ATR); is it inserted the right way round?') });
        return;
      }
      slot.chain = slot.chain.then(() => this.read(slot, gen));
    }
  }

  private async read(slot: Slot, gen: number): Promise<void> {
    const name = slot.reader.name;
    if (gen !== slot.gen || !this.running) return;
    const started = Date.now();
    let connected = false;
    let transport: PcscTransport | undefined;
    const onPin = pinPrompt((pending, triesLeft, profile) => {
      if (gen !== slot.gen) return pending.fail(new CardError('card-removed', 'the card was removed'));
      slot.pin = pending;
      this.log('card.pin-required', { reader: name, triesLeft });
      this.emit('pin-required', { reader: name, profile: profile.name, triesLeft });
    });
    try {
      const protocol = await connectCard(slot.reader);
      connected = true;
      transport = new PcscTransport(slot.reader, protocol, this.opts.apduTimeoutMs ?? DEFAULT_APDU_TIMEOUT_MS);
      slot.transport = transport;
      const now = (this.opts.now ?? (() => new Date()))();
      const { identity, profile, authenticity, authenticityReason } = await readIdentity(transport, this.profiles, slot.atr, {
        strategy: this.opts.strategy,
        onPin,
        anchors: this.opts.anchors,
        now,
      });
      slot.pin = undefined;
      if (gen !== slot.gen || !this.running) return; // the card left before we could report it
      const expired = isCardExpired(identity.validUntil, now);
      const technician = profile.role === 'technician' || identity.role === 'technician';
      this.log('card.read', { reader: name, profile: profile.name, apdus: transport.count, ms: Date.now() - started, expired, technician, authenticity, authenticityReason });
      const event: IdentityEvent = { reader: name, identity, atr: toHex(slot.atr), profile: profile.name, expired, authenticity };
      if (technician) this.emit('technician-card', event);
      else this.emit('identity', event);
    } catch (err) {
      slot.pin = undefined;
      let error = isCardError(err) ? err : pcscToCardError(err, 'read');
      if (error.code === 'card-mute' && gen === slot.gen) await this.waitForChange(slot, gen, REMOVAL_GRACE_MS);
      if (gen !== slot.gen && error.code !== 'card-removed') {
        error = new CardError('card-removed', 'the card was removed during the read', undefined, { cause: error });
      }
      this.log('card.read-failed', { reader: name, code: error.code, sw: error.sw, apdus: transport?.count, ms: Date.now() - started });
      if (this.running) this.emit('read-error', { reader: name, error });
    } finally {
      if (connected) await disconnectCard(slot.reader);
    }
  }

  private waitForChange(slot: Slot, gen: number, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const deadline = Date.now() + ms;
      const tick = () => (slot.gen !== gen || Date.now() >= deadline ? resolve() : setTimeout(tick, 25));
      tick();
    });
  }
}
