/**
 * `npm run lint:arabic`: a second reader for every Arabic text a shopper sees or takes home
 * (screens, the service catalog, receipts, the out-of-service page, the simulated gateway's
 * fines). Two checks, printed as file:line:
 *
 * 1. Spelling, by Hunspell with Debian's hunspell-ar dictionary (scripts/setup-system.sh installs
 *    both). A word it does not know is an error unless it is on the reviewed allow-list
 *    (scripts/arabic-allow-list.txt: one word a line, each with the reason a person accepted it).
 * 2. The kiosk's glossary: terms the ministry's own services do not use, each with the one to use
 *    instead (a dictionary cannot know that سمة is not how a visa is named here).
 *
 * Keyboard layouts and the demo cards' names are not texts and are not read.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export const ARABIC_SOURCES = [
  'renderer/src/i18n/ar.ts',
  'renderer/index.html',
  'renderer/public/out-of-service.html',
  'config/services.json',
  'drivers/printer/render.ts',
  'drivers/printer/format.ts',
  'drivers/printer/sample-receipt.json',
  'main/app/adapters.ts',
  'gateway/demo-data.ts',
  'gateway/demo-requests.ts',
  'gateway/demo-claims.ts',
  'gateway/sim-requests.ts',
  'renderer/src/screens/technician/texts.ts',
  'renderer/src/i18n/inquiries.ts',
  'renderer/src/screens/claims-texts.ts',
  'renderer/src/screens/technician/work-order-texts.ts',
  'renderer/src/screens/technician/queue-texts.ts',
  'main/app/diagnostics.ts',
];

/**
 * No Arabic letter around a match: the term is a whole word, with its prefixes (و، ب، لـ، الـ)
 * and a possessive ending (ـك، ـه، ـي…), so قسمة does not count as سمة.
 */
const term = (stem) => new RegExp(`(?<![\u0621-\u064A])(?:[وف])?(?:[بلك])?(?:ال)?${stem}(?:ي|ك|ه|ها|كم|هم|نا)?(?![\u0621-\u064A])`);

/** Wrong term → the one the kiosk uses (checked with diacritics removed). */
export const GLOSSARY = [
  { avoid: term('سم(?:ة|ات)'), use: 'تأشيرة (the ministry names visas تأشيرة)' },
  { avoid: /رقم البطاقة الشخصية/, use: 'الرقم الشخصي' },
  { avoid: term('هاتف'), use: 'الجوال (رقم الجوال)' },
  { avoid: /ر\.ق\./, use: 'ر.ق (one spelling on screen and paper, no trailing dot)' },
  { avoid: term('ريال'), use: 'ر.ق' },
  { avoid: /رقم المعاملة/, use: 'الرقم المرجعي لدى الوزارة' },
];

const WORD = /(?:[\u0621-\u064A\u0640]|[\u064B-\u065F\u0670])+/g;
const MARKS = /[\u064B-\u065F\u0670\u0640]/g;

/** Every Arabic word of a text with its line, diacritics and tatweel removed. */
export function arabicWords(text) {
  const out = [];
  for (const [i, line] of text.split('\n').entries()) {
    for (const m of line.matchAll(WORD)) {
      const word = m[0].replace(MARKS, '');
      if (word) out.push({ word, line: i + 1 });
    }
  }
  return out;
}

/** The words Hunspell's Arabic dictionary does not know, in one run for all of them. */
export function unknownWords(words) {
  const unique = [...new Set(words)];
  if (unique.length === 0) return new Set();
  const out = execFileSync('hunspell', ['-d', 'ar', '-l'], { input: unique.join('\n'), encoding: 'utf8' });
  return new Set(out.split('\n').filter(Boolean));
}

export function readAllowList(path = join(root, 'scripts/arabic-allow-list.txt')) {
  const allowed = new Set();
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [word, reason] = line.split(/\s+#\s*/);
    if (!reason) throw new Error(`arabic-allow-list.txt: "${word}" has no reason after #`);
    allowed.add(word.trim());
  }
  return allowed;
}

/** Problems in the given texts (path → content): misspelt words and glossary terms. */
export function checkArabicTexts(texts, allowed) {
  const found = [...texts].flatMap(([path, text]) => arabicWords(text).map((w) => ({ ...w, path })));
  const unknown = unknownWords(found.map((w) => w.word));
  const problems = [];
  for (const w of found) {
    if (unknown.has(w.word) && !allowed.has(w.word)) problems.push(`${w.path}:${w.line}: «${w.word}» is not in the Arabic dictionary (fix it, or add it to the allow-list with a reason)`);
  }
  for (const [path, text] of texts) {
    for (const [i, line] of text.split('\n').entries()) {
      const bare = line.replace(MARKS, '');
      for (const { avoid, use } of GLOSSARY) {
        const hit = avoid.exec(bare);
        if (hit) problems.push(`${path}:${i + 1}: «${hit[0].trim()}»: use ${use}`);
      }
    }
  }
  return problems;
}

export function checkArabic() {
  const texts = new Map(ARABIC_SOURCES.map((p) => [p, readFileSync(join(root, p), 'utf8')]));
  return checkArabicTexts(texts, readAllowList());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const problems = checkArabic();
  for (const p of problems) process.stdout.write(`${p}\n`);
  process.exit(problems.length ? 1 : 0);
}
