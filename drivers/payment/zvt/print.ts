import { decodeBmps } from './bmp';
import { decodeText } from './fields';
import { type TlvNode, decodeTlv, findAllTlv, findTlv } from './tlv';

/** One 06 D1 print line. */
export interface PrintLine {
  text: string;
  lastLine: boolean;
  /** Attribute 0xFF: paper feed only, no text. */
  lineFeed: boolean;
  centred: boolean;
  doubleWidth: boolean;
  doubleHeight: boolean;
}

export function parsePrintLine(data: Uint8Array): PrintLine {
  const attr = data[0] ?? 0;
  const text = decodeText(data.subarray(1));
  if (attr === 0xff) {
    return { text: '', lastLine: false, lineFeed: true, centred: false, doubleWidth: false, doubleHeight: false };
  }
  return {
    text,
    lastLine: (attr & 0x80) !== 0,
    lineFeed: false,
    centred: (attr & 0x40) !== 0,
    doubleWidth: (attr & 0x20) !== 0,
    doubleHeight: (attr & 0x10) !== 0,
  };
}

type ReceiptType = 'merchant' | 'customer' | 'admin' | 'unknown';

/** One 06 D3 print text block: a whole receipt (or part of one) as text lines. */
export interface TextBlock {
  receiptType: ReceiptType;
  lines: string[];
  /** TLV 09 present: this block ends the receipt. */
  endOfReceipt: boolean;
}

const RECEIPT_TYPES: Record<number, ReceiptType> = { 1: 'merchant', 2: 'customer', 3: 'admin' };

/** Parses the data of 06 D3: BMP 06 holding 1F07 (receipt type), 25 (07 lines) and 09 (end). */
export function parseTextBlock(data: Uint8Array): TextBlock {
  let tlv: TlvNode[];
  if (data[0] === 0x06) tlv = decodeBmps(data).fields.find((f) => f.tag === 0x06)?.tlv ?? [];
  else tlv = decodeTlv(data);
  const typeByte = findTlv(tlv, 0x1f07)?.value[0];
  const containers = findAllTlv(tlv, 0x25);
  const lines = containers.flatMap((c) => (c.children ?? []).filter((n) => n.tag === 0x07).map((n) => decodeText(n.value)));
  return {
    receiptType: (typeByte !== undefined ? RECEIPT_TYPES[typeByte] : undefined) ?? 'unknown',
    lines,
    endOfReceipt: findTlv(tlv, 0x09) !== undefined,
  };
}
