import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { GlobalFonts } from '@napi-rs/canvas';
import { PrinterError } from './errors';

/**
 * Receipt fonts ship with the kiosk as npm packages (Google's Noto TTFs, packaged by
 * @expo-google-fonts), never from the host's font packages, so a receipt comes out the same on
 * every machine and inside the Electron package. They are read as bytes: readFileSync works
 * inside an asar archive, a native font loader given a path would not. Canvas families get our
 * own alias names so a system font with the same family name can never be picked instead.
 */
const FONT_FILES = {
  sansArabic: '@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf',
  sansArabicBold: '@expo-google-fonts/noto-sans-arabic/700Bold/NotoSansArabic_700Bold.ttf',
  naskhArabic: '@expo-google-fonts/noto-naskh-arabic/400Regular/NotoNaskhArabic_400Regular.ttf',
  naskhArabicBold: '@expo-google-fonts/noto-naskh-arabic/700Bold/NotoNaskhArabic_700Bold.ttf',
  latin: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  latinBold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  mono: '@expo-google-fonts/noto-sans-mono/400Regular/NotoSansMono_400Regular.ttf',
  monoBold: '@expo-google-fonts/noto-sans-mono/700Bold/NotoSansMono_700Bold.ttf',
} as const;
export type ReceiptFont = keyof typeof FONT_FILES;

export const FONT_FAMILY = {
  arabic: 'KioskReceiptArabic',
  latin: 'KioskReceiptLatin',
  mono: 'KioskReceiptMono',
} as const;

/** Raster receipts (and the printer simulator's native text) draw with these. */
const CANVAS_FACES: Array<{ family: string; font: ReceiptFont }> = [
  { family: FONT_FAMILY.arabic, font: 'sansArabic' },
  { family: FONT_FAMILY.arabic, font: 'sansArabicBold' },
  { family: FONT_FAMILY.latin, font: 'latin' },
  { family: FONT_FAMILY.latin, font: 'latinBold' },
  { family: FONT_FAMILY.mono, font: 'mono' },
  { family: FONT_FAMILY.mono, font: 'monoBold' },
];

const requireFont = createRequire(import.meta.url);
const loaded = new Map<ReceiptFont, Buffer>();

/** The font's bytes; throws PrinterError 'fonts-missing' naming the package when it is not installed. */
export function receiptFontBytes(font: ReceiptFont): Buffer {
  let bytes = loaded.get(font);
  if (!bytes) {
    const spec = FONT_FILES[font];
    try {
      bytes = readFileSync(requireFont.resolve(spec));
    } catch (err) {
      const pkg = spec.split('/').slice(0, 2).join('/');
      throw new PrinterError('fonts-missing', `receipt font ${spec} cannot be read: the npm package ${pkg} is missing (run npm ci)`, { cause: err });
    }
    loaded.set(font, bytes);
  }
  return bytes;
}

let registered = false;

/** Registers the raster receipt fonts once per process; throws 'fonts-missing' when one cannot be loaded. */
export function ensureReceiptFonts(): void {
  if (registered) return;
  for (const face of CANVAS_FACES) {
    if (!GlobalFonts.register(receiptFontBytes(face.font), face.family)) {
      throw new PrinterError('fonts-missing', `receipt font ${FONT_FILES[face.font]} is not a font the renderer can load`);
    }
  }
  registered = true;
}
