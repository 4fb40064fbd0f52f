import type { EventEmitter } from 'node:events';
import { CardReaderService } from '../../drivers/card/reader-service';
import type { CardReaderEvents } from '../../drivers/card/reader-types';
import type { TrustAnchors } from '../../drivers/card/trust/anchors';
import type { DeviceStatesPort } from '../core/device-states';
import type { CardPort, Logger } from '../core/ports';
import { unavailable, type Wiring } from './wiring';

/** What the card reader says, for listeners beside the session (telemetry). */
export type CardEvents = Pick<EventEmitter<CardReaderEvents>, 'on'>;

export interface CardWiring extends Wiring<CardPort> {
  events: CardEvents;
  /** Stops watching, then watches the readers matching `pattern` (a technician's change); a card in a reader is read again. */
  restart(pattern: string | undefined): Promise<void>;
}

/**
 * The ID card reader: card events drive the session (insert, PIN, identity, removal); the PIN
 * the shopper types goes back to the card being read and no other. What the reader is doing goes
 * into the device-state model (readers, card present, last ATR, last error).
 */
export function wireCard(opts: { readerPattern?: string; log: Logger; states: DeviceStatesPort; anchors?: TrustAnchors }): CardWiring {
  const { log, states } = opts;
  const cards = new CardReaderService({ readerPattern: opts.readerPattern, log: (event, fields) => log.info(event, fields), anchors: opts.anchors });
  let cardReader: string | undefined;
  const port: CardPort = {
    submitPin: (pin) => (cardReader ? cards.submitPin(cardReader, pin) : Promise.reject(unavailable('pin-not-expected', 'no card reader is connected, so no card waits for a PIN'))),
    cancelPin: () => {
      if (cardReader && cards.pinPending(cardReader)) cards.cancelPin(cardReader);
    },
  };
  return {
    port,
    events: cards,
    connect(session) {
      cards.on('health', (health, readers) => {
        const reason = health === 'ready' ? undefined : cards.pcscConnected ? 'no-reader' : 'pcscd-unreachable';
        states.update('cardReader', { status: health === 'ready' ? 'online' : 'offline', reason, readers: readers.slice(0, 16) });
      });
      cards.on('card-inserted', ({ reader }) => {
        cardReader = reader;
        states.update('cardReader', { cardPresent: true });
        session.cardInserted();
      });
      cards.on('pin-required', ({ reader, triesLeft }) => {
        cardReader = reader;
        session.pinRequired(triesLeft);
      });
      cards.on('identity', ({ identity, atr, authenticity }) => {
        states.update('cardReader', { lastAtr: atr });
        session.identityRead(identity, authenticity === 'verified');
      });
      cards.on('technician-card', ({ atr, identity, authenticity }) => {
        states.update('cardReader', { lastAtr: atr });
        // Diagnostics open only for a genuine technician card: a forged one reads as unreadable.
        if (authenticity === 'verified') session.technicianCard(identity);
        else session.cardReadFailed(`card-${authenticity}`);
      });
      cards.on('read-error', ({ error }) => {
        states.update('cardReader', { lastError: { code: error.code, at: Date.now() } });
        session.cardReadFailed(error.code);
      });
      cards.on('card-removed', () => {
        states.update('cardReader', { cardPresent: false });
        session.cardRemoved();
      });
      cards.start();
    },
    async restart(pattern) {
      await cards.stop();
      cardReader = undefined;
      cards.setReaderPattern(pattern);
      states.update('cardReader', { status: 'starting', reason: undefined, cardPresent: false });
      cards.start();
    },
    close: () => cards.stop(),
  };
}
