import { createCanvas } from '@napi-rs/canvas';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { drawEmblem } from './emblem';
import { currencyLabel, formatAmount, formatIssuedAt, parseReceipt } from './format';
import { type ReceiptFont, receiptFontBytes } from './fonts';
import { getDot } from './raster';
import { type Receipt } from './receipt';
import { numericDate, RECEIPT_LABELS as L } from './render';
import { hasArabicText, visualRuns, wrapWords } from './pdf-text';

/**
 * The PDF copy of a receipt, kept with the job for reprint or export. Same content as the paper
 * receipt; vector text with the fonts embedded (subsets), the QR drawn as vector squares.
 * Arabic is right because every line goes through bidi runs with a font per run (pdf-text.ts).
 */
export interface ReceiptPdfOptions {
  /** 80 (default) or 58 mm wide, like the paper. */
  paperMm?: 80 | 58;
  timeZone?: string;
}

/** Naskh for Arabic on paper-like PDF copies; the npm-shipped files (fonts.ts) as on the raster. */
const FONTS = {
  ar: 'naskhArabic',
  arBold: 'naskhArabicBold',
  la: 'latin',
  laBold: 'latinBold',
  mono: 'mono',
} as const satisfies Record<string, ReceiptFont>;
type FontKey = keyof typeof FONTS;

const MM = 72 / 25.4;
const MARGIN = 4 * MM;

type Row =
  | { t: 'line'; text: string; align: 'left' | 'center' | 'right'; size: number; bold?: boolean; mono?: boolean }
  | { t: 'pair'; left: string; right: string; size: number; bold?: boolean }
  | { t: 'rule'; double?: boolean }
  | { t: 'gap'; h: number }
  | { t: 'qr'; data: string; size: number }
  | { t: 'emblem'; size: number };

export async function receiptPdf(input: Receipt, options: ReceiptPdfOptions = {}): Promise<Buffer> {
  const r = parseReceipt(input);
  const width = (options.paperMm ?? 80) * MM;
  const inner = width - 2 * MARGIN;
  const rows = layout(r, options.timeZone);

  // Pass 1 measures (wrapping needs fonts), pass 2 draws on a page exactly as long as the receipt.
  const measureDoc = newDoc(width, 1000, r.issuedAt);
  const lines = expand(measureDoc, rows, inner);
  const height = lines.reduce((h, l) => h + rowHeight(l), 0) + 2 * MARGIN;
  const doc = newDoc(width, height, r.issuedAt);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  let y = MARGIN;
  for (const l of lines) {
    draw(doc, l, y, inner);
    y += rowHeight(l);
  }
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

function newDoc(width: number, height: number, issuedAt: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: [width, height],
    margin: 0,
    autoFirstPage: true,
    // Fixed dates keep the same receipt byte-identical, so a stored copy can be compared.
    info: { Title: 'Receipt', Producer: 'MOI kiosk', Creator: 'MOI kiosk', CreationDate: new Date(issuedAt), ModDate: new Date(issuedAt) },
  });
  for (const [key, font] of Object.entries(FONTS)) doc.registerFont(key, receiptFontBytes(font));
  return doc;
}

function layout(r: ReturnType<typeof parseReceipt>, timeZone?: string): Row[] {
  const cur = { ar: currencyLabel(r.currency, 'ar'), en: currencyLabel(r.currency, 'en') };
  const money = (c: number) => `${formatAmount(c)} ${cur.en}`;
  const rows: Row[] = [];
  const field = (label: { ar: string; en: string }, value: string) => {
    rows.push({ t: 'line', text: label.ar, align: 'right', size: 8 }, { t: 'pair', left: label.en, right: value, size: 8 }, { t: 'gap', h: 2 });
  };
  const heading = (label: { ar: string; en: string }) => {
    rows.push({ t: 'line', text: label.ar, align: 'center', size: 9, bold: true }, { t: 'line', text: label.en, align: 'center', size: 8, bold: true }, { t: 'gap', h: 2 });
  };
  rows.push({ t: 'emblem', size: 40 }, { t: 'gap', h: 3 });
  rows.push({ t: 'line', text: r.ministry.nameAr, align: 'center', size: 12, bold: true });
  rows.push({ t: 'line', text: r.ministry.nameEn.toUpperCase(), align: 'center', size: 9, bold: true }, { t: 'rule', double: true });
  rows.push({ t: 'line', text: r.title.ar, align: 'center', size: 11, bold: true });
  rows.push({ t: 'line', text: r.title.en.toUpperCase(), align: 'center', size: 10, bold: true }, { t: 'rule' });
  if (r.person.nameAr) rows.push({ t: 'line', text: `${L.name.ar}: ${r.person.nameAr}`, align: 'right', size: 8 });
  if (r.person.nameEn) rows.push({ t: 'pair', left: L.name.en, right: r.person.nameEn, size: 8 });
  rows.push({ t: 'gap', h: 2 });
  field(L.id, r.person.idNumberMasked);
  rows.push({ t: 'line', text: `${L.service.ar}: ${r.service.titleAr}`, align: 'right', size: 8 });
  rows.push({ t: 'line', text: `${L.service.en}: ${r.service.titleEn}`, align: 'left', size: 8 }, { t: 'gap', h: 2 });
  // For whom and the main answers, as the printed receipt has them (render.ts): a copy that left
  // them out would not say whose claims or request it is.
  const who = r.beneficiary;
  if (who) {
    rows.push({ t: 'line', text: `${L.beneficiary.ar}: ${who.nameAr ?? who.nameEn ?? ''}`, align: 'right', size: 8 });
    rows.push({ t: 'line', text: `${L.beneficiary.en}: ${[who.nameEn ?? who.nameAr, who.idNumberMasked].filter(Boolean).join(' ')}`, align: 'left', size: 8 }, { t: 'gap', h: 2 });
  }
  for (const answer of r.answers ?? []) {
    rows.push({ t: 'line', text: `${answer.labelAr}: ${answer.valueAr}`, align: 'right', size: 8 });
    rows.push({ t: 'line', text: `${answer.labelEn}: ${answer.valueEn}`, align: 'left', size: 8 }, { t: 'gap', h: 2 });
  }
  if (r.lang === 'ar') {
    rows.push({ t: 'line', text: `${L.date.ar}: ${formatIssuedAt(r.issuedAt, 'ar', timeZone)}`, align: 'right', size: 8 });
    rows.push({ t: 'pair', left: L.date.en, right: numericDate(r.issuedAt, timeZone), size: 8 });
  } else field(L.date, formatIssuedAt(r.issuedAt, 'en', timeZone));
  rows.push({ t: 'rule' });
  heading(L.details);
  for (const line of r.lines) {
    rows.push({ t: 'line', text: line.labelAr, align: 'right', size: 8 }, { t: 'pair', left: line.labelEn, right: money(line.amountCents), size: 8 }, { t: 'gap', h: 2 });
  }
  rows.push({ t: 'rule', double: true });
  rows.push({ t: 'line', text: `${L.total.ar}: ${formatAmount(r.totalCents)} ${cur.ar}`, align: 'right', size: 10, bold: true });
  rows.push({ t: 'pair', left: L.total.en, right: money(r.totalCents), size: 10, bold: true }, { t: 'rule', double: true });
  const p = r.payment;
  if (p.cardType || p.panMasked || p.authCode || p.trace || p.receiptNo || p.terminalId) {
    heading(L.payment);
    const card = [p.cardType, p.panMasked].filter(Boolean).join(' ');
    if (card) field(L.card, card);
    if (p.authCode) field(L.auth, p.authCode);
    if (p.trace) field(L.trace, p.trace);
    if (p.receiptNo) field(L.receiptNo, p.receiptNo);
    if (p.terminalId) field(L.terminal, p.terminalId);
  }
  for (const t of p.terminalLines ?? []) rows.push({ t: 'line', text: t, align: 'left', size: 7, mono: true });
  rows.push({ t: 'rule' });
  field(L.localRef, r.localRef);
  if (r.ministryRef) field(L.ministryRef, r.ministryRef);
  rows.push({ t: 'gap', h: 4 }, { t: 'qr', data: r.ministryRef ?? r.localRef, size: 70 }, { t: 'gap', h: 4 });
  rows.push({ t: 'line', text: L.scan.ar, align: 'center', size: 7 }, { t: 'line', text: L.scan.en, align: 'center', size: 7 }, { t: 'rule' });
  rows.push({ t: 'line', text: r.footer.ar, align: 'center', size: 7 }, { t: 'line', text: r.footer.en, align: 'center', size: 7 });
  return rows;
}

const fontFor = (text: string, bold?: boolean, mono?: boolean): FontKey =>
  mono ? 'mono' : hasArabicText(text) ? (bold ? 'arBold' : 'ar') : bold ? 'laBold' : 'la';

interface Piece {
  text: string;
  font: FontKey;
}

/**
 * Visual pieces of a line: bidi runs, and inside an Arabic run the characters Noto Naskh lacks
 * (it has no parentheses, for one) go to Noto Sans. Pieces of a right-to-left run are drawn in
 * reverse logical order; the shaper lays out each piece's own text right to left.
 */
function pieces(doc: PDFKit.PDFDocument, text: string, bold?: boolean, mono?: boolean): Piece[] {
  const out: Piece[] = [];
  for (const run of visualRuns(text)) {
    const main = fontFor(run.text, bold, mono);
    if (main !== 'ar' && main !== 'arBold') {
      out.push({ text: run.text, font: main });
      continue;
    }
    const fallback: FontKey = bold ? 'laBold' : 'la';
    const font = (doc.font(main) as unknown as { _font: { font: { hasGlyphForCodePoint(c: number): boolean } } })._font.font;
    const segs: Piece[] = [];
    for (const ch of run.text) {
      const f = font.hasGlyphForCodePoint(ch.codePointAt(0)!) ? main : fallback;
      const last = segs.at(-1);
      if (last && last.font === f) last.text += ch;
      else segs.push({ text: ch, font: f });
    }
    out.push(...(run.level % 2 === 1 ? segs.reverse() : segs));
  }
  return out;
}

/** Width of logical text drawn piece by piece. */
function measure(doc: PDFKit.PDFDocument, text: string, size: number, bold?: boolean, mono?: boolean): number {
  return pieces(doc, text, bold, mono).reduce((w, p) => w + doc.font(p.font).fontSize(size).widthOfString(p.text, { features: [] }), 0);
}

/** Wraps long lines; a pair that does not fit becomes its label line and a right-aligned value. */
function expand(doc: PDFKit.PDFDocument, rows: Row[], inner: number): Row[] {
  const out: Row[] = [];
  for (const row of rows) {
    if (row.t === 'line') {
      for (const text of wrapWords(row.text, inner, (s) => measure(doc, s, row.size, row.bold, row.mono))) out.push({ ...row, text });
    } else if (row.t === 'pair' && measure(doc, row.left, row.size, row.bold) + measure(doc, row.right, row.size, row.bold) + 8 > inner) {
      out.push({ t: 'line', text: row.left, align: 'left', size: row.size, bold: row.bold });
      for (const text of wrapWords(row.right, inner, (s) => measure(doc, s, row.size, row.bold))) out.push({ t: 'line', text, align: 'right', size: row.size, bold: row.bold });
    } else out.push(row);
  }
  return out;
}

function rowHeight(row: Row): number {
  switch (row.t) {
    case 'line':
    case 'pair':
      // Naskh needs room above and below the Latin x-height for its marks.
      return row.size * 1.75;
    case 'rule':
      return 8;
    case 'gap':
      return row.h;
    case 'qr':
    case 'emblem':
      return row.size;
  }
}

/** Draws logical text at x (left edge), run by run in visual order. */
function drawRuns(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number, bold?: boolean, mono?: boolean): void {
  let at = x;
  for (const p of pieces(doc, text, bold, mono)) {
    doc.font(p.font).fontSize(size);
    doc.text(p.text, at, y, { lineBreak: false, features: [] });
    at += doc.widthOfString(p.text, { features: [] });
  }
}

function draw(doc: PDFKit.PDFDocument, row: Row, y: number, inner: number): void {
  const left = MARGIN;
  switch (row.t) {
    case 'line': {
      const w = measure(doc, row.text, row.size, row.bold, row.mono);
      const x = row.align === 'left' ? left : row.align === 'right' ? left + inner - w : left + (inner - w) / 2;
      drawRuns(doc, row.text, x, y + row.size * 0.2, row.size, row.bold, row.mono);
      return;
    }
    case 'pair': {
      drawRuns(doc, row.left, left, y + row.size * 0.2, row.size, row.bold);
      const w = measure(doc, row.right, row.size, row.bold);
      drawRuns(doc, row.right, left + inner - w, y + row.size * 0.2, row.size, row.bold);
      return;
    }
    case 'rule': {
      const mid = y + 4;
      doc.lineWidth(0.5).strokeColor('#000');
      if (row.double) doc.moveTo(left, mid - 1).lineTo(left + inner, mid - 1).moveTo(left, mid + 1).lineTo(left + inner, mid + 1).stroke();
      else doc.dash(2, { space: 2 }).moveTo(left, mid).lineTo(left + inner, mid).stroke().undash();
      return;
    }
    case 'gap':
      return;
    case 'qr': {
      const qr = QRCode.create(row.data, { errorCorrectionLevel: 'M' });
      const n = qr.modules.size;
      const cell = row.size / n;
      const x0 = left + (inner - row.size) / 2;
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.modules.get(r, c)) doc.rect(x0 + c * cell, y + r * cell, cell, cell);
      doc.fillColor('#000').fill();
      return;
    }
    case 'emblem': {
      // The same mark as on paper, as an image (drawn at 4x for a crisp print).
      const px = Math.round(row.size * 4);
      const bmp = drawEmblem(px);
      const canvas = createCanvas(bmp.width, bmp.height);
      const ctx = canvas.getContext('2d');
      const img = ctx.createImageData(bmp.width, bmp.height);
      for (let yy = 0; yy < bmp.height; yy++) {
        for (let xx = 0; xx < bmp.width; xx++) {
          const v = getDot(bmp, xx, yy) ? 0 : 255;
          const i = (yy * bmp.width + xx) * 4;
          img.data[i] = img.data[i + 1] = img.data[i + 2] = v;
          img.data[i + 3] = 255;
        }
      }
      ctx.putImageData(img, 0, 0);
      doc.image(canvas.toBuffer('image/png'), left + (inner - row.size) / 2, y, { width: row.size, height: row.size });
      return;
    }
  }
}
