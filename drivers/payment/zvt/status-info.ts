import { type BmpField, decodeBmps } from './bmp';
import { decodeAuthCode, decodeBcdNumber, decodeBcdString, decodePan, decodeText } from './fields';
import { type TlvNode } from './tlv';

/** Content of a 04 0F status-information message, one property per known BMP. */
export interface StatusInfo {
  /** BMP 27; 0 = approved. Absent only when the terminal left it out. */
  resultCode?: number;
  amountCents?: number;
  currency?: number;
  trace?: number;
  originalTrace?: number;
  /** HHMMSS */
  time?: string;
  /** MMDD */
  date?: string;
  /** YYMMDD (BMP AA) */
  fullDate?: string;
  /** YYMM */
  expiry?: string;
  cardSequenceNo?: number;
  paymentType?: number;
  /** Never more than the last four digits in clear. */
  panMasked?: string;
  terminalId?: string;
  vuNumber?: string;
  authCode?: string;
  additionalText?: string;
  receiptNo?: number;
  turnoverNo?: number;
  cardType?: number;
  cardName?: string;
  hostResultCode?: number;
  tlv?: TlvNode[];
  /** Bytes from the first BMP whose format is unknown. */
  unparsed?: Uint8Array;
}

/** Parses the data of 04 0F. Throws ZvtCodecError when a known BMP is malformed. */
export function parseStatusInfo(data: Uint8Array): StatusInfo {
  const { fields, rest } = decodeBmps(data);
  const info: StatusInfo = {};
  for (const f of fields) apply(info, f);
  if (rest) info.unparsed = rest;
  return info;
}

function apply(info: StatusInfo, { tag, value, tlv }: BmpField): void {
  switch (tag) {
    case 0x27: info.resultCode = value[0]; break;
    case 0x04: info.amountCents = decodeBcdNumber(value); break;
    case 0x49: info.currency = decodeBcdNumber(value); break;
    case 0x0b: info.trace = decodeBcdNumber(value); break;
    case 0x37: info.originalTrace = decodeBcdNumber(value); break;
    case 0x0c: info.time = decodeBcdString(value); break;
    case 0x0d: info.date = decodeBcdString(value); break;
    case 0xaa: info.fullDate = decodeBcdString(value); break;
    case 0x0e: info.expiry = decodeBcdString(value); break;
    case 0x17: info.cardSequenceNo = decodeBcdNumber(value); break;
    case 0x19: info.paymentType = value[0]; break;
    case 0x22: info.panMasked = decodePan(value); break;
    case 0x29: info.terminalId = decodeBcdString(value); break;
    case 0x2a: info.vuNumber = decodeText(value).trim(); break;
    case 0x3b: info.authCode = decodeAuthCode(value); break;
    case 0x3c: info.additionalText = decodeText(value); break;
    case 0x87: info.receiptNo = decodeBcdNumber(value); break;
    case 0x88: info.turnoverNo = decodeBcdNumber(value); break;
    case 0x8a: info.cardType = value[0]; break;
    case 0x8b: info.cardName = decodeText(value); break;
    case 0xa0: info.hostResultCode = value[0]; break;
    case 0x06: info.tlv = tlv; break;
    default: break; // known format, no meaning needed for a sale
  }
}

/**
 * ISO 8601 local date-time from the status fields: `2025-04-16T22:51:47` when BMP AA gives the
 * year, `--04-16T22:51:47` (ISO's year-less form) when only MMDD is known.
 */
export function statusDateTime(info: StatusInfo): string | undefined {
  if (!info.time || info.time.length !== 6) return undefined;
  const t = `${info.time.slice(0, 2)}:${info.time.slice(2, 4)}:${info.time.slice(4, 6)}`;
  if (info.fullDate && info.fullDate.length === 6) {
    return `20${info.fullDate.slice(0, 2)}-${info.fullDate.slice(2, 4)}-${info.fullDate.slice(4, 6)}T${t}`;
  }
  if (info.date && info.date.length === 4) return `--${info.date.slice(0, 2)}-${info.date.slice(2, 4)}T${t}`;
  return undefined;
}
