import { type Apdu, apdu } from './apdu';
import { encodeBcd } from './bcd';
import { bmpAmount, bmpCurrency, bmpTlv, concatBytes, encodeBmp } from './bmp';
import { validateAmountCents } from './amount';
import { ZvtError } from './errors';

/** ISO 4217 numeric code of the Qatari riyal, the kiosk's currency. */
export const CURRENCY_QAR = 634;
export const CURRENCY_EUR = 978;

/**
 * Config byte default 0xBA: receipts as 06 D1/D3 print messages (0x80), ECR controls
 * administration (0x20) and payment (0x10), intermediate status wanted (0x08), ECR prints the
 * payment receipts (0x02). The same value ecrterm uses by default.
 */
const DEFAULT_CONFIG_BYTE = 0xba;

export const CMD = {
  registration: 0x0600,
  authorization: 0x0601,
  logOff: 0x0602,
  completion: 0x060f,
  abortMessage: 0x061e,
  repeatReceipt: 0x0620,
  reversal: 0x0630,
  refund: 0x0631,
  endOfDay: 0x0650,
  diagnosis: 0x0670,
  abort: 0x06b0,
  printLine: 0x06d1,
  printTextBlock: 0x06d3,
  statusInformation: 0x040f,
  intermediateStatus: 0x04ff,
  statusEnquiry: 0x0501,
  ack: 0x8000,
} as const;

/** `80 00 00`: positive acknowledgement. */
export const ackApdu = (): Apdu => apdu(0x80, 0x00);
/** `84 rc 00`: negative acknowledgement with a result code. */
export const nackApdu = (resultCode: number): Apdu => apdu(0x84, resultCode);

export function isAck(a: Apdu): boolean {
  return a.cls === 0x80 && a.instr === 0x00;
}
export function isNack(a: Apdu): boolean {
  return a.cls === 0x84;
}

function password(pwd: string): Uint8Array {
  if (!/^\d{6}$/.test(pwd)) throw new ZvtError('invalid-argument', 'ZVT password must be 6 digits');
  return encodeBcd(pwd, 3);
}

export interface RegistrationOptions {
  /** 6 digits; terminals ship with 000000. */
  password?: string;
  configByte?: number;
  /** ISO 4217 numeric; defaults to QAR (634). */
  currency?: number;
  /** 0x01 keeps the PT's service menu off the function key, 0x02 shows capitals. Omitted when undefined. */
  serviceByte?: number;
  /** Lets the PT send whole receipts as 06 D3 text blocks (TLV 26 listing 06 D3). */
  allowTextBlocks?: boolean;
}

export function registrationApdu(opts: RegistrationOptions = {}): Apdu {
  const parts = [password(opts.password ?? '000000'), Uint8Array.of(opts.configByte ?? DEFAULT_CONFIG_BYTE), bmpCurrency(opts.currency ?? CURRENCY_QAR)];
  if (opts.serviceByte !== undefined) parts.push(encodeBmp(0x03, Uint8Array.of(opts.serviceByte)));
  if (opts.allowTextBlocks) {
    parts.push(bmpTlv([{ tag: 0x26, value: new Uint8Array(), children: [{ tag: 0x0a, value: Uint8Array.of(0x06, 0xd3) }] }]));
  }
  return apdu(0x06, 0x00, concatBytes(...parts));
}

export function authorizationApdu(amountCents: number, currency: number | null = CURRENCY_QAR): Apdu {
  validateAmountCents(amountCents);
  const parts = [bmpAmount(amountCents)];
  // null leaves BMP 49 out, for terminals that only know their own currency.
  if (currency !== null) parts.push(bmpCurrency(currency));
  return apdu(0x06, 0x01, concatBytes(...parts));
}

export const abortApdu = (): Apdu => apdu(0x06, 0xb0);
export const statusEnquiryApdu = (): Apdu => apdu(0x05, 0x01);
export const repeatReceiptApdu = (pwd = '000000'): Apdu => apdu(0x06, 0x20, password(pwd));

/** 06 30: reverses the transaction with this receipt number (BMP 87), optionally naming its amount. */
export function reversalApdu(receiptNo: number, pwd = '000000', amountCents?: number): Apdu {
  if (!Number.isInteger(receiptNo) || receiptNo < 0 || receiptNo > 9999) throw new ZvtError('invalid-argument', 'receipt number must be 0-9999');
  const parts = [password(pwd), encodeBmp(0x87, encodeBcd(receiptNo, 2))];
  if (amountCents !== undefined) parts.push(bmpAmount(validateAmountCents(amountCents)));
  return apdu(0x06, 0x30, concatBytes(...parts));
}

/** 06 31: pays an amount back to the card presented. */
export function refundApdu(amountCents: number, pwd = '000000', currency: number | null = CURRENCY_QAR): Apdu {
  const parts = [password(pwd), bmpAmount(validateAmountCents(amountCents))];
  if (currency !== null) parts.push(bmpCurrency(currency));
  return apdu(0x06, 0x31, concatBytes(...parts));
}

export const endOfDayApdu = (pwd = '000000'): Apdu => apdu(0x06, 0x50, password(pwd));
export const diagnosisApdu = (): Apdu => apdu(0x06, 0x70);
