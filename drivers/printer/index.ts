/**
 * Receipt printing: receipt data -> layout (native text + Arabic raster + native QR) -> ESC/POS
 * bytes -> a printer on a byte link; and a simulator that turns those bytes back into paper.
 */
import { fileURLToPath } from 'node:url';

export { PrinterError } from './errors';
export { type Receipt, maskPan, maskIdNumber } from './receipt';
export { parseReceipt, formatAmount, formatIssuedAt } from './format';
export { renderReceipt } from './render';
export { documentToPng, renderReceiptPng, renderReceiptBitmap } from './preview';
export { createBitmap, getDot, setDot, packRgba, sliceRows, blankByteMargins } from './raster';
export * as escpos from './escpos';
export { encodeDocument, encodeRaster } from './encode';
export { type PrinterStatus, parseStatus, statusByte, isStatusReply } from './status';
export { EscPosPrinter, openEscPosSerial } from './printer';
export { EscPosDecoder, type DecodedOp } from './sim/decoder';
export { PrinterSimulator, type SimulatedReceipt } from './sim/simulator';
// The PDF copy (pdfkit, bidi-js) is imported from './pdf' where needed, so loading the printer
// driver does not load pdfkit.

/** Path of the sample traffic-fines receipt shipped with the driver. */
export const SAMPLE_RECEIPT_PATH = fileURLToPath(new URL('./sample-receipt.json', import.meta.url));
