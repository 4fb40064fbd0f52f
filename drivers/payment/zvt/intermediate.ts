import { decodeBmps } from './bmp';
import { decodeText } from './fields';
import { type TlvNode, findAllTlv } from './tlv';

export type PaymentPrompt =
  | 'insert-card'
  | 'enter-pin'
  | 'wrong-pin'
  | 'processing'
  | 'waiting-for-host'
  | 'remove-card'
  | 'card-not-readable'
  | 'please-wait';

export interface IntermediateStatus {
  /** The 04 FF status byte. */
  code: number;
  prompt: PaymentPrompt;
  /** Display text: the terminal's own (TLV 24/07) when it sent one, else a standard English text. */
  text: string;
  /** Seconds the terminal shows the status, when given. */
  timeoutSec?: number;
}

const STATUS: ReadonlyMap<number, [PaymentPrompt, string]> = new Map([
  [0x00, ['please-wait', 'Waiting for amount confirmation']],
  [0x01, ['enter-pin', 'Please watch the PIN pad']],
  [0x02, ['enter-pin', 'Please watch the PIN pad']],
  [0x03, ['processing', 'Not accepted']],
  [0x04, ['waiting-for-host', 'Waiting for the payment host']],
  [0x05, ['processing', 'Automatic reversal']],
  [0x07, ['card-not-readable', 'Card not allowed']],
  [0x09, ['card-not-readable', 'Card expired']],
  [0x0a, ['insert-card', 'Insert card']],
  [0x0b, ['remove-card', 'Please remove card']],
  [0x0c, ['card-not-readable', 'Card not readable']],
  [0x0e, ['please-wait', 'Please wait']],
  [0x15, ['wrong-pin', 'Incorrect PIN']],
  [0x17, ['please-wait', 'Please wait']],
  [0x18, ['wrong-pin', 'PIN try limit exceeded']],
  [0x1c, ['processing', 'Approved, please take goods']],
  [0x1d, ['processing', 'Declined']],
  [0xd2, ['waiting-for-host', 'Connecting (dial-up)']],
  [0xd3, ['waiting-for-host', 'Connecting (dial-up)']],
  [0xf1, ['processing', 'Offline']],
  [0xf2, ['processing', 'Online']],
]);

/** Parses the data of 04 FF: status byte, optional timeout byte, optional BMP 06 with texts. */
export function parseIntermediateStatus(data: Uint8Array): IntermediateStatus {
  const code = data[0] ?? 0xff;
  let rest = data.subarray(1);
  let timeoutSec: number | undefined;
  if (rest.length > 0 && rest[0] !== 0x06) {
    timeoutSec = rest[0];
    rest = rest.subarray(1);
  }
  let tlv: TlvNode[] = [];
  try {
    if (rest.length > 0) tlv = decodeBmps(rest).fields.find((f) => f.tag === 0x06)?.tlv ?? [];
  } catch {
    // The status code alone is enough to guide the shopper; broken display text is dropped.
    tlv = [];
  }
  const lines = findAllTlv(tlv, 0x07).map((n) => decodeText(n.value)).filter((l) => l.length > 0);
  const [prompt, fallback] = promptFor(code);
  return { code, prompt, text: lines.length ? lines.join('\n') : fallback, timeoutSec };
}

function promptFor(code: number): [PaymentPrompt, string] {
  const direct = STATUS.get(code);
  if (direct) return direct;
  // 41-5D repeat 01-1D with "remove card" added: removing the card is what the shopper must do.
  if (code >= 0x41 && code <= 0x5d) return ['remove-card', `${STATUS.get(code - 0x40)?.[1] ?? 'Status'}, please remove card`];
  return ['processing', 'Processing'];
}

