import bidiFactory from 'bidi-js';

/**
 * Bidi for the PDF copy. pdfkit shapes Arabic inside a run but does no bidi: a line that mixes
 * Arabic, Latin and digits must be cut into runs of one embedding level, the runs put in visual
 * order (UAX #9 rule L2), and each run drawn on its own with a font that has its script
 * (Noto Naskh Arabic has no Latin letters). Pure functions, tested without a PDF.
 */
const bidi = bidiFactory();

export interface VisualRun {
  text: string;
  /** Odd = right to left: the run is given in logical order and the shaper lays it out RTL. */
  level: number;
  arabic: boolean;
}

const ARABIC = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;
export const hasArabicText = (s: string): boolean => ARABIC.test(s);

/** Runs of one level in visual (left-to-right drawing) order. */
export function visualRuns(text: string, base: 'ltr' | 'rtl' = hasArabicText(text) ? 'rtl' : 'ltr'): VisualRun[] {
  if (text.length === 0) return [];
  const { levels } = bidi.getEmbeddingLevels(text, base);
  const runs: { start: number; end: number; level: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = runs.at(-1);
    if (last && last.level === levels[i]) last.end = i + 1;
    else runs.push({ start: i, end: i + 1, level: levels[i]! });
  }
  // L2: from the highest level down to the lowest odd one, reverse every sequence of runs at
  // that level or higher.
  const max = Math.max(...runs.map((r) => r.level));
  const minOdd = Math.min(...runs.map((r) => (r.level % 2 === 1 ? r.level : Infinity)));
  for (let level = max; level >= minOdd && Number.isFinite(minOdd); level--) {
    let i = 0;
    while (i < runs.length) {
      if (runs[i]!.level < level) {
        i++;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j]!.level >= level) j++;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  return runs.map((r) => {
    let s = text.slice(r.start, r.end);
    // L4: brackets in a right-to-left run are mirrored, "(" reads as ")".
    if (r.level % 2 === 1) s = [...s].map((c) => bidi.getMirroredCharacter(c) ?? c).join('');
    return { text: s, level: r.level, arabic: hasArabicText(s) };
  });
}

/** Greedy word wrap; `measure` gives the width of a piece of logical text. */
export function wrapWords(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (line && measure(next) > maxWidth) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
