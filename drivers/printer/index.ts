/**
 * Receipt printing: receipt data -> layout (native text + Arabic raster + native QR) -> ESC/POS
 * bytes -> a printer on a byte link; and a simulator that turns those bytes back into paper.
 */
import { fileURLToPath } from 'node:url';

export { PrinterError, type PrinterErrorCode } from './errors';
export {
  receiptSchema,
  receiptLineSchema,
  receiptPaymentSchema,
  type Receipt,
  type ParsedReceipt,
  maskPan,
  maskIdNumber,
  type ReceiptLine,
  type ReceiptPayment,
  type ReceiptLang,
} from './receipt';
export { parseReceipt, formatAmount, currencyLabel, formatIssuedAt } from './format';
export { type PrintDocument, type PrintOp, FONT_A, LINE_SPACING_DOTS, columnsFor } from './document';
export { renderReceipt, type RenderOptions } from './render';
export { documentToPng, documentToBitmap, renderReceiptPng, renderReceiptBitmap } from './preview';
export { LayoutBuilder, wrapColumns, type NativeOptions } from './layout';
export { rasterizeLine, wrapText, measureText, hasArabic, type TextStyle } from './text-raster';
export { drawEmblem } from './emblem';
export { ensureReceiptFonts, receiptFontBytes, FONT_FAMILY } from './fonts';
export {
  type Bitmap,
  createBitmap,
  getDot,
  setDot,
  packRgba,
  isRowBlank,
  sliceRows,
  sliceColumnsBytes,
  blankByteMargins,
  blit,
} from './raster';
export * as escpos from './escpos';
export { type Align, type QrErrorCorrection, type StatusKind } from './escpos';
export { encodeDocument, encodeRaster, type EncodeOptions, type EncodedJob } from './encode';
export { type PrinterStatus, type StatusReplies, parseStatus, statusByte, isStatusReply } from './status';
export {
  EscPosPrinter,
  openEscPosSerial,
  assertReady,
  type EscPosPrinterOptions,
  type OpenEscPosSerialOptions,
  type PrintResult,
} from './printer';
export { EscPosDecoder, type DecodedOp, type DecoderOptions } from './sim/decoder';
export { PageRenderer, type PageOptions, type FinishedPage } from './sim/page';
export { PrinterSimulator, type PrinterSimulatorOptions, type SimulatedReceipt, type SimulatedFault } from './sim/simulator';
export {
  StatusStream,
  parseAsb,
  asbBytes,
  enableAsb,
  statusLevel,
  canPrint,
  ASB,
  ASB_ALL,
  type PrinterLevel,
  type StatusMessage,
} from './asb';
export { printerLinkSchema, parsePrinterLink, openPrinterLink, describePrinterLink, type PrinterLinkConfig } from './link';
export {
  PrintQueue,
  type PrintQueueOptions,
  type PrintQueueJournal,
  type PrintOutcome,
  type PrinterStatusEvent,
  type PrintJobEvent,
  type JobState,
} from './print-queue';
// The PDF copy (pdfkit, bidi-js) is imported from './pdf' where needed, so loading the printer
// driver does not load pdfkit.

/** Path of the sample traffic-fines receipt shipped with the driver. */
export const SAMPLE_RECEIPT_PATH = fileURLToPath(new URL('./sample-receipt.json', import.meta.url));
