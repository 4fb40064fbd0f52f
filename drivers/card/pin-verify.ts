import { encodeCommandApdu, verify } from './apdu';
import { CardError, swToError } from './errors';
import { encodePinBlock } from './pin';
import type { CardProfile } from './profiles/schema';
import { transmitApdu, type ApduTransport } from './transmit';

export type PinResult = { result: 'ok' } | { result: 'wrong'; triesLeft: number } | { result: 'blocked' };

/**
 * Called by the read when the card needs its PIN. It must resolve only once VERIFY succeeded on
 * `transport` (see verifyPin), or reject to end the read (blocked, cancelled, card gone).
 */
export type PinPrompt = (ctx: { profile: CardProfile; triesLeft: number | undefined; transport: ApduTransport }) => Promise<void>;

/**
 * VERIFY without data: 9000 means already verified (or no PIN), 63Cx gives the tries left, 6983
 * blocked. Cards that do not answer this ISO form (6A86, 6700...) just leave the count unknown.
 */
export async function askTriesLeft(transport: ApduTransport, profile: CardProfile): Promise<{ verified: boolean; triesLeft?: number }> {
  const res = await transmitApdu(transport, verify(profile.pin.reference));
  if (res.sw === 0x9000) return { verified: true };
  if (res.sw === 0x6983) throw new CardError('pin-blocked', 'the card PIN is blocked', res.sw);
  if ((res.sw & 0xfff0) === 0x63c0) {
    if ((res.sw & 0x0f) === 0) throw new CardError('pin-blocked', 'the card PIN is blocked (no tries left)', res.sw);
    return { verified: false, triesLeft: res.sw & 0x0f };
  }
  return { verified: false };
}

/**
 * Presents the PIN once. The block (and the command around it) are wiped after sending; the PIN
 * itself is never logged or put in an error. A PIN that does not fit the profile's rules is
 * refused with 'pin-format' before it reaches the card, so it costs no try.
 */
export async function verifyPin(transport: ApduTransport, profile: CardProfile, pin: string): Promise<PinResult> {
  const block = encodePinBlock(pin, profile.pin);
  let sw: number;
  try {
    sw = (await transmitApdu(transport, verify(profile.pin.reference, block), { sensitive: true })).sw;
  } finally {
    block.fill(0);
  }
  if (sw === 0x9000) return { result: 'ok' };
  if (sw === 0x6983) return { result: 'blocked' };
  if ((sw & 0xfff0) === 0x63c0) {
    const triesLeft = sw & 0x0f;
    return triesLeft === 0 ? { result: 'blocked' } : { result: 'wrong', triesLeft };
  }
  throw swToError(sw, 'VERIFY') ?? new CardError('sw', 'VERIFY: unexpected answer', sw);
}

/** For tests: the exact bytes a VERIFY with this PIN would send. */
export function verifyCommandBytes(profile: CardProfile, pin: string): Uint8Array {
  return encodeCommandApdu(verify(profile.pin.reference, encodePinBlock(pin, profile.pin)));
}
