import type { CardError } from './errors';
import type { Identity } from './identity';
import type { PcscLite } from './pcsc';
import type { CardProfile } from './profiles/schema';
import type { ReadStrategy } from './read-identity';
import type { TrustAnchors } from './trust/anchors';
import type { Authenticity } from './trust/authenticity';

/** The card reader service's events and options (./reader-service). */
export type CardHealth = 'ready' | 'unavailable';
export type CardLog = (event: string, fields?: Record<string, unknown>) => void;

/** What a read yields. `expired`: validUntil is before today (the session rules decide what it may do). */
export interface IdentityEvent {
  reader: string;
  identity: Identity;
  atr: string;
  profile: string;
  expired: boolean;
  /** Whether the card's data and chip are genuine; anything but `verified` limits what the session may do. */
  authenticity: Authenticity;
}

export interface CardReaderEvents {
  health: [health: CardHealth, readerNames: string[]];
  'card-inserted': [{ reader: string }];
  identity: [IdentityEvent];
  /** A technician's card (profile role or identity role): open diagnostics, not a shopper session. */
  'technician-card': [IdentityEvent];
  /** The card wants its PIN; answer with submitPin(reader, pin) or cancelPin(reader). */
  'pin-required': [{ reader: string; profile: string; triesLeft?: number }];
  'read-error': [{ reader: string; error: CardError }];
  'card-removed': [{ reader: string }];
}

export interface CardReaderServiceOptions {
  /** Substring of the reader name (case-insensitive), or `/regex/flags`. Absent: every reader. */
  readerPattern?: string;
  profiles?: readonly CardProfile[];
  /** Events and timings only; never identity data. */
  log?: CardLog;
  /** Delay before trying pcscd again after it was unreachable or died. */
  retryMs?: number;
  /** How the PC/SC binding is created (tests can pass a fake). */
  openPcsc?: () => PcscLite;
  /** The clock `expired` is computed with. */
  now?: () => Date;
  /** A card silent this long on one APDU is 'card-mute' (default 3000 ms). */
  apduTimeoutMs?: number;
  /** Anchors the cards' signatures are checked against; default: each profile's production anchors. */
  anchors?: TrustAnchors;
  /** 'naive' only for the benchmark's baseline. */
  strategy?: ReadStrategy;
}
