import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import QRCode from 'qrcode';
import { FONT_A, LINE_SPACING_DOTS } from '../document';
import type { Align, QrErrorCorrection } from '../escpos';
import { ensureReceiptFonts, FONT_FAMILY } from '../fonts';
import { type Bitmap, getDot, packRgba } from '../raster';
import type { DecodedOp } from './decoder';

/**
 * What the paper looks like: applies decoded operations the way an 80 mm thermal printer moves
 * its head and paper, and draws the page when it is cut. Drawing is deferred to the cut so a page
 * can grow without reallocating a canvas on every line.
 */
interface TextCell {
  ch: string;
  bold: boolean;
  width: number;
  height: number;
  underline: number;
}

type Item =
  | { kind: 'text'; x: number; y: number; cells: TextCell[]; lineHeight: number }
  | { kind: 'bitmap'; x: number; y: number; bitmap: Bitmap; scaleX: number; scaleY: number }
  | { kind: 'cut'; y: number; mode: 'full' | 'partial' };

export interface PageOptions {
  widthDots?: number;
  /** Blank paper drawn either side of the printable area (80 mm paper, 72 mm printed). */
  marginDots?: number;
  /** A page taller than this stops growing (and says so in its log) instead of eating memory. */
  maxHeightDots?: number;
  log?: (message: string) => void;
}

export interface FinishedPage {
  png: Buffer;
  heightDots: number;
  /** The printable area as dots, when asked for (finish({ bitmap: true })). */
  bitmap?: Bitmap;
}

const DEFAULT_STATE = () => ({
  align: 'left' as Align,
  bold: false,
  underline: 0,
  width: 1,
  height: 1,
  lineSpacing: LINE_SPACING_DOTS,
  qrModuleSize: 3,
  qrEc: 'L' as QrErrorCorrection,
  qrData: undefined as Uint8Array | undefined,
});

export class PageRenderer {
  private items: Item[] = [];
  private y = 0;
  private line: TextCell[] = [];
  private state = DEFAULT_STATE();
  private truncated = false;
  readonly widthDots: number;
  private readonly margin: number;
  private readonly maxHeight: number;
  private readonly log: (message: string) => void;

  constructor(options: PageOptions = {}) {
    this.widthDots = options.widthDots ?? 576;
    this.margin = options.marginDots ?? 32;
    this.maxHeight = options.maxHeightDots ?? 40_000;
    this.log = options.log ?? (() => {});
  }

  /** True once anything has been put on the current page. */
  get hasContent(): boolean {
    return this.items.length > 0 || this.line.length > 0;
  }

  /** Applies one operation; returns the finished page when it was a cut. */
  apply(op: DecodedOp, finishOptions: { bitmap?: boolean } = {}): FinishedPage | undefined {
    const s = this.state;
    switch (op.op) {
      case 'init': {
        const data = s.qrData;
        this.state = { ...DEFAULT_STATE(), qrData: data };
        break;
      }
      case 'align':
        s.align = op.align;
        break;
      case 'bold':
        s.bold = op.on;
        break;
      case 'underline':
        s.underline = op.dots;
        break;
      case 'size':
        s.width = op.width;
        s.height = op.height;
        break;
      case 'lineSpacing':
        s.lineSpacing = op.dots ?? LINE_SPACING_DOTS;
        break;
      case 'text':
        for (const byte of op.bytes) {
          const cell: TextCell = { ch: String.fromCharCode(byte < 0x80 ? byte : 0x3f), bold: s.bold, width: s.width, height: s.height, underline: s.underline };
          if (this.lineWidth() + FONT_A.width * s.width > this.widthDots) this.printLine(true);
          this.line.push(cell);
        }
        break;
      case 'lf':
        this.printLine(true);
        break;
      case 'feedLines':
        this.printLine(false);
        this.advance(op.lines * s.lineSpacing);
        break;
      case 'feedDots':
        this.printLine(false);
        this.advance(op.dots);
        break;
      case 'raster': {
        this.printLine(false);
        const w = op.bitmap.width * op.scaleX;
        this.place({ kind: 'bitmap', x: this.alignedX(w), y: this.y, bitmap: op.bitmap, scaleX: op.scaleX, scaleY: op.scaleY });
        this.advance(op.bitmap.height * op.scaleY);
        break;
      }
      case 'qrModel':
        break;
      case 'qrModuleSize':
        s.qrModuleSize = op.dots;
        break;
      case 'qrErrorCorrection':
        s.qrEc = op.level;
        break;
      case 'qrStore':
        s.qrData = op.data;
        break;
      case 'qrPrint':
        this.printLine(false);
        this.printQr();
        break;
      case 'cut':
        this.printLine(false);
        this.advance(op.feed ?? 0);
        this.place({ kind: 'cut', y: this.y, mode: op.mode });
        return this.finish(finishOptions);
      case 'status':
      case 'recover':
      case 'asb':
      case 'skipped':
        break;
    }
    return undefined;
  }

  /** Draws everything printed so far (also used when the link closes without a cut). */
  finish(options: { bitmap?: boolean } = {}): FinishedPage {
    this.printLine(false);
    const height = Math.max(1, this.y) + this.margin;
    const pageWidth = this.widthDots + 2 * this.margin;
    const canvas = createCanvas(pageWidth, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, pageWidth, height);
    ctx.fillStyle = '#000000';
    for (const item of this.items) this.draw(ctx, item);
    const page: FinishedPage = { png: canvas.toBuffer('image/png'), heightDots: this.y };
    if (options.bitmap) {
      const h = Math.max(1, this.y);
      page.bitmap = packRgba(ctx.getImageData(this.margin, 0, this.widthDots, h).data, this.widthDots, h);
    }
    this.items = [];
    this.line = [];
    this.y = 0;
    this.truncated = false;
    return page;
  }

  private lineWidth(): number {
    return this.line.reduce((sum, c) => sum + FONT_A.width * c.width, 0);
  }

  private alignedX(width: number): number {
    const free = Math.max(0, this.widthDots - width);
    return this.state.align === 'center' ? Math.floor(free / 2) : this.state.align === 'right' ? free : 0;
  }

  /** Prints the line buffer; `feed` adds the line's advance (LF), ESC J and friends do not. */
  private printLine(feed: boolean): void {
    if (this.line.length === 0) {
      if (feed) this.advance(this.state.lineSpacing);
      return;
    }
    const lineHeight = Math.max(...this.line.map((c) => FONT_A.height * c.height));
    this.place({ kind: 'text', x: this.alignedX(this.lineWidth()), y: this.y, cells: this.line, lineHeight });
    this.line = [];
    if (feed) this.advance(Math.max(this.state.lineSpacing, lineHeight));
  }

  private printQr(): void {
    const data = this.state.qrData;
    if (!data || data.length === 0) {
      this.log('QR print without stored data: ignored');
      return;
    }
    let matrix: { size: number; get(r: number, c: number): number };
    try {
      matrix = QRCode.create([{ data, mode: 'byte' }], { errorCorrectionLevel: this.state.qrEc }).modules;
    } catch (err) {
      this.log(`QR data cannot be encoded: ${(err as Error).message}`);
      return;
    }
    const m = this.state.qrModuleSize;
    const bitmap: Bitmap = { width: matrix.size * m, height: matrix.size * m, bytesPerRow: Math.ceil((matrix.size * m) / 8), data: new Uint8Array(0) };
    const dots = new Uint8Array(bitmap.bytesPerRow * bitmap.height);
    for (let r = 0; r < matrix.size; r++) {
      for (let c = 0; c < matrix.size; c++) {
        if (!matrix.get(r, c)) continue;
        for (let dy = 0; dy < m; dy++) for (let dx = 0; dx < m; dx++) {
          const x = c * m + dx;
          dots[(r * m + dy) * bitmap.bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
        }
      }
    }
    const qr = { ...bitmap, data: dots };
    this.place({ kind: 'bitmap', x: this.alignedX(qr.width), y: this.y, bitmap: qr, scaleX: 1, scaleY: 1 });
    this.advance(qr.height);
  }

  private advance(dots: number): void {
    this.y = Math.min(this.y + dots, this.maxHeight);
  }

  private place(item: Item): void {
    if (this.y >= this.maxHeight) {
      if (!this.truncated) this.log(`page longer than ${this.maxHeight} dots: the rest is not drawn`);
      this.truncated = true;
      return;
    }
    this.items.push(item);
  }

  private draw(ctx: SKRSContext2D, item: Item): void {
    const ox = this.margin;
    if (item.kind === 'bitmap') {
      const { bitmap: b, scaleX, scaleY } = item;
      // One rectangle per horizontal run of dots: far fewer native calls than one per dot.
      for (let y = 0; y < b.height; y++) {
        let x = 0;
        while (x < b.width) {
          if (!getDot(b, x, y)) {
            x++;
            continue;
          }
          const start = x;
          while (x < b.width && getDot(b, x, y)) x++;
          ctx.fillRect(ox + item.x + start * scaleX, item.y + y * scaleY, (x - start) * scaleX, scaleY);
        }
      }
      return;
    }
    if (item.kind === 'cut') {
      ctx.fillStyle = '#888888';
      const step = item.mode === 'full' ? 16 : 8;
      for (let x = 0; x < this.widthDots + 2 * ox; x += step) ctx.fillRect(x, item.y, step / 2, 2);
      ctx.fillStyle = '#000000';
      return;
    }
    ensureReceiptFonts();
    let x = ox + item.x;
    for (const cell of item.cells) {
      const cw = FONT_A.width * cell.width;
      const ch = FONT_A.height * cell.height;
      const top = item.y + item.lineHeight - ch;
      ctx.save();
      ctx.translate(x, top);
      ctx.scale(cell.width, cell.height);
      ctx.font = `${cell.bold ? 'bold ' : ''}19px ${FONT_FAMILY.mono}`;
      ctx.textBaseline = 'alphabetic';
      ctx.textAlign = 'center';
      ctx.fillText(cell.ch, FONT_A.width / 2, 19);
      ctx.restore();
      if (cell.underline) ctx.fillRect(x, top + ch - cell.underline, cw, cell.underline);
      x += cw;
    }
  }
}
