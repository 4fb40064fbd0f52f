/** ZVT result codes (BMP 27, 06 1E, 84 xx) with wording fit for logs and technician screens. */
const RESULT_TEXT: ReadonlyMap<number, string> = new Map([
  [0x00, 'success'],
  [0x64, 'card not readable'],
  [0x65, 'no card data'],
  [0x66, 'processing error'],
  [0x6b, 'terminal not registered'],
  [0x6c, 'aborted (timeout or abort key)'],
  [0x6f, 'wrong currency'],
  [0x78, 'card expired'],
  [0x79, 'card not yet valid'],
  [0x7a, 'card unknown'],
  [0x83, 'function not possible'],
  [0x9a, 'ZVT protocol error'],
  [0x9b, 'dial-up / communication error'],
  [0x9c, 'please wait / repeat'],
  [0xa0, 'receiver not ready'],
  [0xa3, 'no connection'],
  [0xb4, 'already reversed'],
  [0xb5, 'reversal not possible'],
  [0xc3, 'maximum amount exceeded'],
  [0xcc, 'printer not ready'],
  [0xdc, 'card inserted'],
  [0xff, 'system error'],
]);

export const RESULT_ABORT = 0x6c;

export function resultCodeText(code: number): string {
  return RESULT_TEXT.get(code) ?? `result code 0x${code.toString(16).padStart(2, '0')}`;
}
