/**
 * `npm run lint:css`: fails when renderer CSS uses a physical direction (left/right/top/bottom)
 * where a logical one exists. The kiosk's one stylesheet serves Arabic (right to left) and
 * English (left to right); `margin-left` is right in one and wrong in the other, while
 * `margin-inline-start` is right in both. Prints file:line: what to use instead.
 *
 * Flags: physical properties (left, margin-right, padding-top, border-left-width, width, …),
 * physical keywords (text-align/float/clear: left|right), and four-value shorthands (margin,
 * padding, inset, border-width/style/color, border-radius) whose left and right differ, which
 * would not mirror. A deliberate exception carries `logical-css-ignore` in a comment on its
 * line or the line before, with the reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const SIDE_BLOCK = { top: 'block-start', bottom: 'block-end' };
const SIDE_INLINE = { left: 'inline-start', right: 'inline-end' };
const SIDES = { ...SIDE_BLOCK, ...SIDE_INLINE };

/** Physical property → its logical replacement. */
function logicalProperty(prop) {
  if (prop in SIDES) return `inset-${SIDES[prop]}`;
  const sized = /^(min-|max-)?(width|height)$/.exec(prop);
  if (sized) return `${sized[1] ?? ''}${sized[2] === 'width' ? 'inline-size' : 'block-size'}`;
  const box = /^(margin|padding|scroll-margin|scroll-padding)-(top|bottom|left|right)$/.exec(prop);
  if (box) return `${box[1]}-${SIDES[box[2]]}`;
  const border = /^border-(top|bottom|left|right)(-width|-style|-color)?$/.exec(prop);
  if (border) return `border-${SIDES[border[1]]}${border[2] ?? ''}`;
  const corner = /^border-(top|bottom)-(left|right)-radius$/.exec(prop);
  if (corner) return `border-${corner[1] === 'top' ? 'start' : 'end'}-${corner[2] === 'left' ? 'start' : 'end'}-radius (in LTR)`;
  return undefined;
}

/** Splits a value on top-level whitespace (not inside calc(), var(), …). */
function words(value) {
  const out = [];
  let depth = 0;
  let current = '';
  for (const ch of value) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (/\s/.test(ch) && depth === 0) {
      if (current) out.push(current);
      current = '';
    } else current += ch;
  }
  if (current) out.push(current);
  return out;
}

const FOUR_SIDED = new Set(['margin', 'padding', 'inset', 'border-width', 'border-style', 'border-color', 'scroll-margin', 'scroll-padding']);

function checkDeclaration(prop, value) {
  const p = prop.toLowerCase();
  if (p.startsWith('--')) return undefined;
  const logical = logicalProperty(p);
  if (logical) return `${p} is physical: use ${logical}`;
  const v = value.trim().toLowerCase().replace(/\s*!important$/, '');
  if ((p === 'text-align' || p === 'float' || p === 'clear') && /^(left|right)$/.test(v)) {
    const side = v === 'left' ? 'start' : 'end';
    return `${p}: ${v} is physical: use ${p}: ${p === 'text-align' ? side : `inline-${side}`}`;
  }
  const parts = words(v);
  if (FOUR_SIDED.has(p) && parts.length === 4 && parts[1] !== parts[3]) {
    return `${p} with different left and right (${v}) does not mirror: use ${p}-block and ${p}-inline`;
  }
  if (p === 'border-radius' && !v.includes('/')) {
    const [a, b = a, c = a, d = b] = parts;
    if (a !== b || c !== d) return `border-radius with different left and right corners (${v}) does not mirror: use border-start-start-radius etc.`;
  }
  return undefined;
}

/**
 * Problems in one stylesheet, with 1-based line numbers. Comments are blanked (line breaks
 * kept) so a commented-out rule is not reported and line numbers stay true.
 */
export function checkCss(text) {
  const ignored = new Set();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.includes('logical-css-ignore')) {
      ignored.add(i + 1);
      ignored.add(i + 2);
    }
  });
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
  const problems = [];
  // A declaration: property, colon, value up to ; or } — inside a rule block, not a selector.
  const declaration = /([{;]\s*)([-a-zA-Z]+)\s*:\s*([^;{}]*)/g;
  for (const match of code.matchAll(declaration)) {
    const start = match.index + match[1].length;
    const line = code.slice(0, start).split('\n').length;
    const message = checkDeclaration(match[2], match[3]);
    if (message && !ignored.has(line)) problems.push({ line, message });
  }
  return problems;
}

function cssFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...cssFiles(path));
    else if (entry.name.endsWith('.css')) out.push(path);
  }
  return out;
}

export function checkTree(root) {
  const problems = [];
  for (const file of cssFiles(root).sort()) {
    for (const p of checkCss(readFileSync(file, 'utf8'))) problems.push({ file: relative(process.cwd(), file), ...p });
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const roots = process.argv.slice(2);
  const problems = (roots.length ? roots : ['renderer']).flatMap((root) => checkTree(root));
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.message}`);
  if (problems.length) {
    console.error(`${problems.length} physical CSS ${problems.length === 1 ? 'property' : 'properties'}: the kiosk's styles must mirror for Arabic`);
    process.exit(1);
  }
}
