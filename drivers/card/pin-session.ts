import { CardError } from './errors';
import { verifyPin, type PinPrompt, type PinResult } from './pin-verify';
import type { CardProfile } from './profiles/schema';
import type { ApduTransport } from './transmit';

/**
 * One card waiting for its PIN: created by the read when the card asks, settled by submitPin
 * (ok), by a blocked PIN, by cancel, or by the card leaving. Keeps no copy of any PIN.
 */
export class PendingPin {
  private busy = false;
  private settled = false;
  private resolveWait!: () => void;
  private rejectWait!: (err: CardError) => void;
  /** Resolves when VERIFY succeeded; rejects when the read must end. */
  readonly done: Promise<void>;

  constructor(
    private readonly profile: CardProfile,
    private readonly transport: ApduTransport,
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveWait = resolve;
      this.rejectWait = reject;
    });
    // The read awaits `done`; this keeps a rejection nobody awaits yet from counting as unhandled.
    this.done.catch(() => undefined);
  }

  async submit(pin: string): Promise<PinResult> {
    if (this.settled) throw new CardError('pin-not-expected', 'no card is waiting for a PIN');
    if (this.busy) throw new CardError('reader-busy', 'a PIN for this card is already being checked');
    this.busy = true;
    let result: PinResult;
    try {
      result = await verifyPin(this.transport, this.profile, pin);
    } catch (err) {
      // pin-format leaves the card untouched: the shopper may type again. Anything else ends the read.
      if (err instanceof CardError && err.code === 'pin-format') throw err;
      this.fail(err instanceof CardError ? err : new CardError('card-mute', 'VERIFY failed', undefined, { cause: err }));
      throw err;
    } finally {
      this.busy = false;
    }
    if (result.result === 'ok') this.finish();
    if (result.result === 'blocked') this.fail(new CardError('pin-blocked', 'the card PIN is blocked'));
    return result;
  }

  fail(err: CardError): void {
    if (this.settled) return;
    this.settled = true;
    this.rejectWait(err);
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveWait();
  }
}

/** Builds the read's PIN hook: registers a PendingPin and tells the world a PIN is wanted. */
export function pinPrompt(register: (pending: PendingPin, triesLeft: number | undefined, profile: CardProfile) => void): PinPrompt {
  return async ({ profile, triesLeft, transport }) => {
    const pending = new PendingPin(profile, transport);
    register(pending, triesLeft, profile);
    await pending.done;
  };
}
