import { columnsFor, type PrintDocument, type PrintOp } from './document';
import { type Align, isNativeText } from './escpos';
import { rasterizeLine, type TextStyle, wrapText } from './text-raster';

/**
 * A small builder for receipt layouts: native lines for printable ASCII (cheap on the wire),
 * raster lines for everything the printer cannot shape. Widths are in printer dots.
 */
export interface NativeOptions {
  align?: Align;
  bold?: boolean;
  /** Character magnification (GS !), 1 or 2 in practice. */
  width?: number;
  height?: number;
}

export class LayoutBuilder {
  readonly ops: PrintOp[] = [];
  readonly columns: number;

  constructor(readonly widthDots: number) {
    this.columns = columnsFor(widthDots);
  }

  /** Native text, word-wrapped to the printer's columns; non-ASCII falls back to a raster. */
  text(text: string, options: NativeOptions = {}): this {
    if (!isNativeText(text)) {
      return this.raster(text, { script: 'latin', sizePx: 22 * (options.height ?? 1), bold: options.bold }, options.align ?? 'left');
    }
    const cols = Math.floor(this.columns / (options.width ?? 1));
    for (const line of wrapColumns(text, cols)) this.ops.push({ op: 'text', text: line, ...options });
    return this;
  }

  /**
   * A line as given (terminal text keeps its spacing): cut into column-sized pieces, never
   * word-wrapped.
   */
  verbatim(text: string): this {
    if (!isNativeText(text)) return this.text(text);
    for (let i = 0; i < Math.max(1, text.length); i += this.columns) {
      this.ops.push({ op: 'text', text: text.slice(i, i + this.columns) });
    }
    return this;
  }

  /** Label at the left, value at the right of one native line (two lines if they do not fit). */
  justify(left: string, right: string, options: Omit<NativeOptions, 'align'> = {}): this {
    const cols = Math.floor(this.columns / (options.width ?? 1));
    if (!isNativeText(left) || !isNativeText(right)) {
      return this.text(left, options).text(right, { ...options, align: 'right' });
    }
    if (left.length + 1 + right.length <= cols) {
      this.ops.push({ op: 'text', text: left + ' '.repeat(cols - left.length - right.length) + right, ...options });
      return this;
    }
    this.text(left, options);
    for (const line of wrapColumns(right, cols)) this.ops.push({ op: 'text', text: line.padStart(cols), ...options });
    return this;
  }

  /** Any-script text rendered to dots, wrapped to the paper width, one raster block per line. */
  raster(text: string, style: TextStyle, align: Align): this {
    const maxWidth = this.widthDots;
    for (const line of wrapText(text, style, maxWidth - 4)) {
      this.ops.push({ op: 'raster', bitmap: rasterizeLine(line, style, maxWidth), align });
    }
    return this;
  }

  arabic(text: string, options: { sizePx?: number; bold?: boolean; align?: Align } = {}): this {
    return this.raster(text, { script: 'arabic', sizePx: options.sizePx ?? 24, bold: options.bold }, options.align ?? 'right');
  }

  rule(char = '-'): this {
    this.ops.push({ op: 'text', text: char.repeat(this.columns) });
    return this;
  }

  feed(dots: number): this {
    this.ops.push({ op: 'feed', dots });
    return this;
  }

  push(op: PrintOp): this {
    this.ops.push(op);
    return this;
  }

  build(): PrintDocument {
    return { widthDots: this.widthDots, ops: [...this.ops] };
  }
}

/** Word wrap by character columns; words longer than a line are split. */
function wrapColumns(text: string, cols: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(' ').filter((w) => w.length > 0)) {
    let w = word;
    while (w.length > cols) {
      if (current) lines.push(current);
      current = '';
      lines.push(w.slice(0, cols));
      w = w.slice(cols);
    }
    if (!current) current = w;
    else if (current.length + 1 + w.length <= cols) current += ` ${w}`;
    else {
      lines.push(current);
      current = w;
    }
  }
  if (current || lines.length === 0) lines.push(current);
  return lines;
}
