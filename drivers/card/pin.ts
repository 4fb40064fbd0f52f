import { CardError } from './errors';

/**
 * PIN blocks for VERIFY. The PIN is personal secret data: nothing here logs it or puts it in an
 * error message, and callers wipe the returned block (`block.fill(0)`) once it has been sent.
 */
type PinFormat = 'iso9564-2' | 'ascii';

export interface PinRules {
  format: PinFormat;
  minLength: number;
  maxLength: number;
}

/** Refuses a PIN the card could never accept, so a typo does not cost one of the card's tries. */
function checkPin(pin: string, rules: PinRules): void {
  if (!/^\d+$/.test(pin)) throw new CardError('pin-format', 'the PIN must contain digits only');
  if (pin.length < rules.minLength || pin.length > rules.maxLength) {
    throw new CardError('pin-format', `the PIN must have ${rules.minLength} to ${rules.maxLength} digits`);
  }
}

/**
 * ISO 9564 format 2 (as the Belgian eID uses it): 8 bytes, first nibble 2, second the PIN
 * length, then the digits in BCD, padded with F. PIN 1234 -> 24 12 34 FF FF FF FF FF.
 */
export function encodePinBlock(pin: string, rules: PinRules): Uint8Array {
  checkPin(pin, rules);
  if (rules.format === 'ascii') {
    // Some cards want the digits as ASCII, padded with FF to the maximum length.
    const out = new Uint8Array(rules.maxLength).fill(0xff);
    for (let i = 0; i < pin.length; i++) out[i] = pin.charCodeAt(i);
    return out;
  }
  if (pin.length > 12) throw new CardError('pin-format', 'a format-2 PIN block holds at most 12 digits');
  const nibbles = new Uint8Array(16).fill(0x0f);
  nibbles[0] = 0x2;
  nibbles[1] = pin.length;
  for (let i = 0; i < pin.length; i++) nibbles[2 + i] = pin.charCodeAt(i) - 0x30;
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = (nibbles[2 * i]! << 4) | nibbles[2 * i + 1]!;
  nibbles.fill(0);
  return out;
}

/** The card's side (simulator): the digits of a format-2 block, or undefined when it is not one. */
export function decodePinBlock(block: Uint8Array): string | undefined {
  if (block.length !== 8 || block[0]! >> 4 !== 0x2) return undefined;
  const n = block[0]! & 0x0f;
  if (n < 4 || n > 12) return undefined;
  let pin = '';
  for (let i = 0; i < 14; i++) {
    const nib = (block[1 + (i >> 1)]! >> (i % 2 === 0 ? 4 : 0)) & 0x0f;
    if (i < n) {
      if (nib > 9) return undefined;
      pin += String(nib);
    } else if (nib !== 0x0f) return undefined;
  }
  return pin;
}
