import { civilTime } from '../../../shared/civil-date';
import { type Apdu, apdu } from '../zvt/apdu';
import { encodeBcd } from '../zvt/bcd';
import { bmpAmount, bmpCurrency, concatBytes, encodeBmp } from '../zvt/bmp';
import { encodePan, encodeText } from '../zvt/fields';

/** What the simulator reports for one transaction in 04 0F (and replays for 06 20). */
export interface SimTransaction {
  resultCode: number;
  amountCents: number;
  currency: number;
  trace: number;
  receiptNo: number;
  turnoverNo: number;
  at: Date;
  panMasked: string;
  expiry: string;
  cardType: number;
  cardName: string;
  authCode: string;
  terminalId: string;
  /** A reversal's status names the sale it cancels (BMP 37). */
  originalTrace?: number;
  receiptLines: { attr: number; text: string }[];
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export function statusInformationApdu(t: SimTransaction): Apdu {
  // A terminal's clock reads the time where it stands: Doha's, whatever the host's zone.
  const d = civilTime(t.at.getTime());
  const time = `${pad2(d.hour)}${pad2(d.minute)}${pad2(d.second)}`;
  const mmdd = `${pad2(d.month)}${pad2(d.day)}`;
  const yymmdd = `${pad2(d.year % 100)}${mmdd}`;
  const auth = encodeText(t.authCode.slice(0, 8).padEnd(8, ' '));
  return apdu(
    0x04,
    0x0f,
    concatBytes(
      encodeBmp(0x27, Uint8Array.of(t.resultCode)),
      bmpAmount(t.amountCents),
      bmpCurrency(t.currency),
      encodeBmp(0x0b, encodeBcd(t.trace, 3)),
      t.originalTrace === undefined ? new Uint8Array() : encodeBmp(0x37, encodeBcd(t.originalTrace, 3)),
      encodeBmp(0x0c, encodeBcd(time, 3)),
      encodeBmp(0x0d, encodeBcd(mmdd, 2)),
      encodeBmp(0xaa, encodeBcd(yymmdd, 3)),
      encodeBmp(0x0e, encodeBcd(t.expiry, 2)),
      encodeBmp(0x22, encodePan(t.panMasked)),
      encodeBmp(0x29, encodeBcd(t.terminalId, 4)),
      encodeBmp(0x3b, auth),
      encodeBmp(0x87, encodeBcd(t.receiptNo, 2)),
      encodeBmp(0x88, encodeBcd(t.turnoverNo, 3)),
      encodeBmp(0x8a, Uint8Array.of(t.cardType)),
      // Real terminals NUL-terminate the card name (see the VALINA capture).
      encodeBmp(0x8b, encodeText(`${t.cardName}\0`)),
    ),
  );
}

export const intermediateStatusApdu = (code: number): Apdu => apdu(0x04, 0xff, [code]);
export const completionApdu = (data: Uint8Array | number[] = []): Apdu => apdu(0x06, 0x0f, data);
export const abortMessageApdu = (resultCode: number): Apdu => apdu(0x06, 0x1e, [resultCode]);
export const printLineApdu = (attr: number, text: string): Apdu => apdu(0x06, 0xd1, concatBytes(Uint8Array.of(attr), encodeText(text)));

export function registrationCompletionApdu(terminalId: string, currency: number): Apdu {
  return completionApdu(concatBytes(encodeBmp(0x29, encodeBcd(terminalId, 4)), bmpCurrency(currency)));
}

/** 05 01 answer: software version as LLLVAR text, then the terminal-status byte (00 = ready). */
export function statusEnquiryCompletionApdu(version: string, terminalStatus: number): Apdu {
  const text = encodeText(version);
  const lll = Array.from(String(text.length).padStart(3, '0'), (c) => 0xf0 | Number(c));
  return completionApdu(concatBytes(Uint8Array.from(lll), text, Uint8Array.of(terminalStatus)));
}

const CARD_NAMES: Record<number, string> = { 5: 'girocard', 6: 'Mastercard', 8: 'American Express', 10: 'Visa', 13: 'V PAY', 46: 'Maestro' };

/** A plain customer receipt, 06 D1 attribute bytes included (0x40 centred, 0x80 last line). */
export function customerReceipt(t: Omit<SimTransaction, 'receiptLines'>, currencyLabel: string): { attr: number; text: string }[] {
  const d = civilTime(t.at.getTime());
  const when = `${d.year}-${pad2(d.month)}-${pad2(d.day)} ${pad2(d.hour)}:${pad2(d.minute)}:${pad2(d.second)}`;
  const amount = `${Math.floor(t.amountCents / 100)}.${pad2(t.amountCents % 100)}`;
  return [
    { attr: 0x40, text: 'CUSTOMER RECEIPT' },
    { attr: 0x00, text: `Terminal ID  ${t.terminalId}` },
    { attr: 0x00, text: when },
    { attr: 0x00, text: `Trace ${String(t.trace).padStart(6, '0')}  Receipt ${String(t.receiptNo).padStart(4, '0')}` },
    { attr: 0x00, text: `${CARD_NAMES[t.cardType] ?? t.cardName} ${t.panMasked}` },
    { attr: 0x00, text: `Auth code ${t.authCode}` },
    { attr: 0x20, text: `SALE ${currencyLabel} ${amount}` },
    { attr: 0xc0, text: 'PAYMENT APPROVED' },
  ];
}
