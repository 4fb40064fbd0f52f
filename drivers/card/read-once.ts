import { CardError } from './errors';
import type { Identity } from './identity';
import { builtInProfiles, findProfile } from './profiles';
import type { CardProfile } from './profiles/schema';
import { CardReaderService } from './reader-service';
import type { CardLog, IdentityEvent } from './reader-types';
import type { TrustAnchors } from './trust/anchors';

export interface ReadCardOnceOptions {
  readerPattern?: string;
  /** Restrict to one profile by name; default: all built-in profiles. */
  profile?: string;
  /** How long to wait for a card (and for the read, not counting PIN entry). Default 10 s. */
  timeoutMs?: number;
  profiles?: readonly CardProfile[];
  /** Anchors the card's signatures are checked against; default: the profile's own. */
  anchors?: TrustAnchors;
  log?: CardLog;
  /**
   * Asked for the PIN when the card wants one; `attempt` counts from 1. Return undefined to give
   * up (the read fails with 'pin-cancelled'). Absent: a PIN-protected card fails with
   * 'security-status'.
   */
  askPin?: (info: PinAsk) => Promise<string | undefined>;
  /**
   * The card this read is for has left (the caller saw it go): stop waiting and reading, with
   * 'card-removed', rather than read whichever card goes in next.
   */
  signal?: AbortSignal;
}

interface PinAsk {
  triesLeft?: number;
  attempt: number;
  /** Why it is asked again: the card said wrong, or the PIN typed had the wrong form. */
  again?: 'wrong-pin' | 'pin-format';
}

export interface CardReadResult extends IdentityEvent {
  technician: boolean;
}

/**
 * Waits for a card in a matching reader, reads it, returns the identity and its flags. Used by
 * the CLI and by diagnostics; fails with 'reader-unavailable' at once when pcscd is not running,
 * and with 'timeout' when no card is read in time.
 */
export async function readCard(opts: ReadCardOnceOptions = {}): Promise<CardReadResult> {
  const all = opts.profiles ?? builtInProfiles;
  const profiles = opts.profile ? [findProfile(opts.profile, all)] : all;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const service = new CardReaderService({ readerPattern: opts.readerPattern, profiles, log: opts.log, retryMs: 60_000, anchors: opts.anchors });
  try {
    return await new Promise<CardReadResult>((resolve, reject) => {
      const expire = () => {
        const where = opts.readerPattern ? ` matching "${opts.readerPattern}"` : '';
        if (service.readerNames.length === 0) reject(new CardError('reader-unavailable', `no card reader${where} found`));
        else reject(new CardError('timeout', `no card was read within ${timeoutMs} ms (is a card inserted in ${service.readerNames.join(', ')}?)`));
      };
      let timer = setTimeout(expire, timeoutMs);
      const done = (fn: () => void) => {
        clearTimeout(timer);
        fn();
      };
      service.on('identity', (ev) => done(() => resolve({ ...ev, technician: false })));
      service.on('technician-card', (ev) => done(() => resolve({ ...ev, technician: true })));
      service.on('read-error', ({ error }) => done(() => reject(error)));
      service.on('pin-required', ({ reader, triesLeft }) => {
        // A person is typing: the wait for the card is over, the PIN has no deadline here.
        clearTimeout(timer);
        void askLoop(service, reader, opts.askPin, triesLeft).then(
          () => (timer = setTimeout(expire, timeoutMs)),
          (err: unknown) => done(() => reject(err)),
        );
      });
      const gone = () => done(() => reject(new CardError('card-removed', 'the card was removed before it was read')));
      if (opts.signal?.aborted) return gone();
      opts.signal?.addEventListener('abort', gone, { once: true });
      service.start();
      if (!service.pcscConnected) done(() => reject(new CardError('reader-unavailable', 'card reader unavailable: pcscd is not running')));
    });
  } finally {
    await service.stop();
  }
}

/** Asks and submits until the card accepts the PIN; blocked and cancel end in read-error / rejection. */
async function askLoop(service: CardReaderService, reader: string, askPin: ReadCardOnceOptions['askPin'], triesLeft: number | undefined): Promise<void> {
  if (!askPin) {
    service.cancelPin(reader);
    throw new CardError('security-status', 'the card needs its PIN and none was given');
  }
  let again: PinAsk['again'];
  for (let attempt = 1; ; attempt++) {
    let pin: string | undefined;
    try {
      pin = await askPin({ triesLeft, attempt, again });
    } catch (err) {
      service.cancelPin(reader);
      throw err;
    }
    if (pin === undefined) {
      service.cancelPin(reader);
      throw new CardError('pin-cancelled', 'PIN entry was cancelled');
    }
    let result;
    try {
      result = await service.submitPin(reader, pin);
    } catch (err) {
      if (err instanceof CardError && err.code === 'pin-format') {
        again = 'pin-format';
        continue;
      }
      throw err;
    }
    if (result.result === 'ok') return;
    if (result.result === 'blocked') throw new CardError('pin-blocked', 'the card PIN is blocked');
    triesLeft = result.triesLeft;
    again = 'wrong-pin';
  }
}

/** The identity only (the CLI's --json output, diagnostics). */
export async function readCardOnce(opts: ReadCardOnceOptions = {}): Promise<Identity> {
  return (await readCard(opts)).identity;
}
