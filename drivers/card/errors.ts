import { CodedError } from '../../shared/coded-error';

/**
 * Every failure of the card layer is a CardError with a `code` a caller can branch on. Messages
 * describe what went wrong with the card or reader; they never carry what was read from the card,
 * because that is personal data.
 */
export type CardErrorCode =
  | 'file-not-found' // 6A82
  | 'security-status' // 6982: PIN or secure messaging needed
  | 'pin-blocked' // 6983
  | 'wrong-pin' // 63Cx
  | 'wrong-length' // 6700 / 6Cxx that could not be satisfied
  | 'wrong-p1p2' // 6A86, 6B00
  | 'ins-not-supported' // 6D00
  | 'cla-not-supported' // 6E00
  | 'no-current-ef' // 6986
  | 'function-not-supported' // 6A81
  | 'conditions-not-satisfied' // 6985
  | 'wrong-data' // 6A80: the card refused the data field (e.g. a malformed PIN block)
  | 'reference-not-found' // 6A88: no such key or PIN on the card
  | 'data-corrupted' // 6281
  | 'memory-failure' // 6581
  | 'pin-format' // the PIN typed does not fit the profile: refused before it reaches the card
  | 'pin-not-expected' // submitPin while no card is waiting for a PIN
  | 'pin-cancelled' // the shopper (or session) gave up on the PIN
  | 'invalid-profile' // a card profile (JSON) that does not validate
  | 'invalid-anchors' // trust anchors (PEM) that do not parse
  | 'card-removed'
  | 'card-mute'
  | 'reader-unavailable'
  | 'reader-busy'
  | 'unknown-card'
  | 'malformed-data'
  | 'timeout'
  | 'sw'; // any other status word

export class CardError extends CodedError<CardErrorCode> {
  override readonly name = 'CardError';
  constructor(
    code: CardErrorCode,
    message: string,
    /** The status word when the card answered one, so callers and logs can show it. */
    readonly sw?: number,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

export function isCardError(err: unknown, code?: CardErrorCode): err is CardError {
  return err instanceof CardError && (code === undefined || err.code === code);
}

function hex(n: number, width = 4): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

const SW_CODES: ReadonlyArray<[number, CardErrorCode, string]> = [
  [0x6a82, 'file-not-found', 'file or application not found on the card'],
  [0x6982, 'security-status', 'security status not satisfied (PIN or secure channel required)'],
  [0x6983, 'pin-blocked', 'PIN is blocked'],
  [0x6700, 'wrong-length', 'wrong length'],
  [0x6a86, 'wrong-p1p2', 'incorrect parameters P1/P2'],
  [0x6b00, 'wrong-p1p2', 'wrong parameters (offset beyond the end of the file)'],
  [0x6d00, 'ins-not-supported', 'instruction not supported by the card'],
  [0x6e00, 'cla-not-supported', 'class not supported by the card'],
  [0x6986, 'no-current-ef', 'command not allowed: no file selected'],
  [0x6a81, 'function-not-supported', 'function not supported by the card'],
  [0x6985, 'conditions-not-satisfied', 'conditions of use not satisfied'],
  [0x6a80, 'wrong-data', 'the card refused the data sent'],
  [0x6a88, 'reference-not-found', 'referenced data (key or PIN) not found on the card'],
  [0x6281, 'data-corrupted', 'the card says the data it returned may be corrupted'],
  [0x6581, 'memory-failure', 'the card reports a memory failure'],
];

/**
 * Maps a status word to the error a caller sees. Returns undefined for 9000 and the warnings
 * callers treat as success (6282: end of file before Le bytes).
 */
export function swToError(sw: number, what = 'command'): CardError | undefined {
  if (sw === 0x9000 || sw === 0x6282) return undefined;
  const known = SW_CODES.find(([value]) => value === sw);
  if (known) return new CardError(known[1], `${what}: ${known[2]} (SW ${hex(sw)})`, sw);
  if ((sw & 0xff00) === 0x6c00) return new CardError('wrong-length', `${what}: the card insists on another length (SW ${hex(sw)})`, sw);
  if ((sw & 0xff00) === 0x6100) return new CardError('malformed-data', `${what}: the card kept more data waiting (SW ${hex(sw)})`, sw);
  if ((sw & 0xfff0) === 0x63c0) {
    return new CardError('wrong-pin', `${what}: verification failed, ${sw & 0x0f} tries left (SW ${hex(sw)})`, sw);
  }
  return new CardError('sw', `${what}: card answered SW ${hex(sw)}`, sw);
}
