import { type PrintDocument } from './document';
import { encodeDocument } from './encode';
import { type Receipt } from './receipt';
import { type Bitmap } from './raster';
import { renderReceipt, type RenderOptions } from './render';
import { EscPosDecoder } from './sim/decoder';
import { type FinishedPage, PageRenderer } from './sim/page';

/**
 * "What the printer would print": the document is encoded to ESC/POS and played through the
 * simulator's decoder and page model, so the preview shows exactly the bytes that go on the wire
 * (native text in the printer font, the QR drawn from its stored data).
 */
function playDocument(doc: PrintDocument, bitmap: boolean): FinishedPage {
  const { bytes } = encodeDocument(doc);
  const page = new PageRenderer({ widthDots: doc.widthDots });
  let first: FinishedPage | undefined;
  for (const op of new EscPosDecoder().push(bytes)) {
    const done = page.apply(op, { bitmap });
    first ??= done;
  }
  return first ?? page.finish({ bitmap });
}

/** A PNG of the first page (up to the first cut), with paper margins. */
export function documentToPng(doc: PrintDocument): Buffer {
  return playDocument(doc, false).png;
}

/** The printed page as a 1-bit bitmap, `widthDots` wide (MSB = left-most dot, 1 = black). */
export function documentToBitmap(doc: PrintDocument): Bitmap {
  return playDocument(doc, true).bitmap!;
}

export function renderReceiptPng(receipt: Receipt, options: RenderOptions = {}): Buffer {
  return documentToPng(renderReceipt(receipt, options));
}

export function renderReceiptBitmap(receipt: Receipt, options: RenderOptions = {}): Bitmap {
  return documentToBitmap(renderReceipt(receipt, options));
}
