export { ZvtTerminal, type ZvtTerminalOptions } from './terminal';
export { ZvtPaymentTerminal, parseStatusCompletion } from './zvt-payment-terminal';
export type { AdminResult, LastTransaction, PaymentTerminal, ReversalResult, TerminalStatus } from './adapter';
export { openZvtHid, type ZvtHidOptions } from './hid';
export { openZvtSerial, type ZvtSerialOptions } from './serial';
export { ZvtLink, type ZvtLinkOptions } from './link';
export type { ApprovedSale, PaymentPrompt, SaleEvent, SaleOptions, SaleProgress, SaleResult } from './types';
export { ZvtTerminalSimulator, SIM_SCENARIOS, type SimEvent, type SimScenario, type ZvtSimulatorOptions } from './sim/simulator';
export type { SimTransaction } from './sim/messages';
export { SimLedger, readLedger, type LedgerEntry } from './sim/ledger';
export { SCENARIO_HELP } from './sim/scenarios';

export { ZvtError, ZvtFrameError, ZvtCodecError, type ZvtErrorCode } from './zvt/errors';
export { crc16Kermit } from './zvt/crc';
export { encodeFrame, frameCrc, ACK, NAK, DLE, STX, ETX, MAX_APDU_BYTES } from './zvt/frame';
export { FrameDecoder, type FrameEvent } from './zvt/frame-decoder';
export { type Apdu, apdu, encodeApdu, decodeApdu, commandOf } from './zvt/apdu';
export { encodeBcd, decodeBcdString, decodeBcdNumber } from './zvt/bcd';
export { BMP_FORMATS, type BmpField, type BmpFormat, type DecodedBmps, decodeBmps, encodeBmp, bmpAmount, bmpCurrency, bmpTlv } from './zvt/bmp';
export { type TlvNode, encodeTlv, decodeTlv, findTlv, findAllTlv, encodeBerLength, decodeBerLength } from './zvt/tlv';
export { decodePan, encodePan, maskPan, decodeText, encodeText, decodeAuthCode } from './zvt/fields';
export { type StatusInfo, parseStatusInfo, statusDateTime } from './zvt/status-info';
export { type IntermediateStatus, parseIntermediateStatus } from './zvt/intermediate';
export { type PrintLine, type TextBlock, type ReceiptType, parsePrintLine, parseTextBlock } from './zvt/print';
export { resultCodeText, RESULT_OK, RESULT_ABORT } from './zvt/result-codes';
export { MAX_AMOUNT_CENTS, parseAmount, formatAmount, validateAmountCents } from './zvt/amount';
export {
  CMD,
  CURRENCY_QAR,
  CURRENCY_EUR,
  DEFAULT_CONFIG_BYTE,
  type RegistrationOptions,
  ackApdu,
  nackApdu,
  isAck,
  isNack,
  registrationApdu,
  authorizationApdu,
  abortApdu,
  logOffApdu,
  statusEnquiryApdu,
  repeatReceiptApdu,
  reversalApdu,
  refundApdu,
  endOfDayApdu,
  diagnosisApdu,
} from './zvt/commands';
