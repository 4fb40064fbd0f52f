import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';
import { PrinterError } from './errors';

/**
 * Fonts come from the OS package (Debian fonts-noto-core), not from the repo: they are large and
 * the kiosk image installs them anyway. Families get our own alias names so a system font with
 * the same family name can never be picked instead.
 */
export const DEFAULT_FONT_DIR = '/usr/share/fonts/truetype/noto';

export const FONT_FAMILY = {
  arabic: 'KioskReceiptArabic',
  latin: 'KioskReceiptLatin',
  mono: 'KioskReceiptMono',
} as const;

const FILES: Array<{ family: string; file: string }> = [
  { family: FONT_FAMILY.arabic, file: 'NotoSansArabic-Regular.ttf' },
  { family: FONT_FAMILY.arabic, file: 'NotoSansArabic-Bold.ttf' },
  { family: FONT_FAMILY.latin, file: 'NotoSans-Regular.ttf' },
  { family: FONT_FAMILY.latin, file: 'NotoSans-Bold.ttf' },
];

/** A monospace face for the simulator's native text; optional, it falls back to fixed cells. */
const MONO_CANDIDATES = [
  ['/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf'],
  ['/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf'],
];

let registeredDir: string | undefined;
let monoAvailable = false;

export function receiptFontDir(): string {
  return process.env.KIOSK_FONT_DIR ?? DEFAULT_FONT_DIR;
}

/** Registers the receipt fonts once per process; throws 'fonts-missing' naming what to install. */
export function ensureReceiptFonts(dir = receiptFontDir()): void {
  if (registeredDir === dir) return;
  const missing = FILES.filter((f) => !existsSync(join(dir, f.file))).map((f) => f.file);
  if (missing.length) {
    throw new PrinterError(
      'fonts-missing',
      `receipt fonts not found in ${dir}: ${missing.join(', ')} (apt-get install fonts-noto-core, or set KIOSK_FONT_DIR)`,
    );
  }
  for (const f of FILES) {
    if (!GlobalFonts.registerFromPath(join(dir, f.file), f.family)) {
      throw new PrinterError('fonts-missing', `cannot load font ${join(dir, f.file)}`);
    }
  }
  const mono = MONO_CANDIDATES.find(([regular]) => existsSync(regular!));
  monoAvailable = Boolean(mono && GlobalFonts.registerFromPath(mono[0]!, FONT_FAMILY.mono));
  if (monoAvailable && mono?.[1] && existsSync(mono[1])) GlobalFonts.registerFromPath(mono[1], FONT_FAMILY.mono);
  registeredDir = dir;
}

export function hasMonoFont(): boolean {
  return monoAvailable;
}
