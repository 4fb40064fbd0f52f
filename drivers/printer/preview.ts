import { type PrintDocument } from './document';
import { encodeDocument } from './encode';
import { EscPosDecoder } from './sim/decoder';
import { PageRenderer } from './sim/page';

/**
 * "What the printer would print": the document is encoded to ESC/POS and played through the
 * simulator's decoder and page model, so the preview shows exactly the bytes that go on the wire.
 */
export function documentToPng(doc: PrintDocument): Buffer {
  const { bytes } = encodeDocument(doc);
  const page = new PageRenderer({ widthDots: doc.widthDots });
  let png: Buffer | undefined;
  for (const op of new EscPosDecoder().push(bytes)) {
    const done = page.apply(op);
    if (done) png ??= done.png;
  }
  return png ?? page.finish().png;
}
