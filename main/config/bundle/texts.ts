import { z } from 'zod';
import type { ScreenTexts } from '../../contract';
import { ar } from '../../../renderer/src/i18n/ar';
import { en } from '../../../renderer/src/i18n/en';
import { inquiryAr, inquiryEn } from '../../../renderer/src/i18n/inquiries';
import { BundleError } from './errors';

/**
 * Screen text overrides in a bundle: `{ "attract.title": { "ar": "…", "en": "…" } }`. Each key must
 * be one the renderer ships (renderer/src/i18n), each override gives both languages, and each
 * keeps the shipped message's placeholders: a message the renderer cannot fill in would show
 * `{name}` to a shopper, so it is refused here rather than discovered on screen.
 */
// The inquiries' answers ship their texts with their lazily loaded screens; they are screen texts all the same.
const shipped: Readonly<Record<'ar' | 'en', Readonly<Record<string, string>>>> = { ar: { ...ar, ...inquiryAr }, en: { ...en, ...inquiryEn } };
export const SHIPPED_TEXT_KEYS: ReadonlySet<string> = new Set(Object.keys(shipped.ar));

const OneText = z.strictObject({ ar: z.string().min(1).max(2000), en: z.string().min(1).max(2000) });
export const TextOverrides = z.record(z.string(), OneText);
export type TextOverrides = z.infer<typeof TextOverrides>;

/** The arguments a message uses at its top level: `{name}`, `{n, plural, …}` → name, n. */
export function placeholders(message: string): string[] {
  const names = new Set<string>();
  let depth = 0;
  for (let i = 0; i < message.length; i++) {
    const c = message[i];
    if (c === '{') {
      if (depth === 0) {
        const arg = /^\{\s*([A-Za-z_]\w*)\s*[,}]/.exec(message.slice(i));
        if (arg) names.add(arg[1]!);
      }
      depth++;
    } else if (c === '}') {
      if (--depth < 0) throw new Error('unbalanced braces');
    }
  }
  if (depth !== 0) throw new Error('unbalanced braces');
  return [...names].sort();
}

export function checkTextOverrides(input: unknown): TextOverrides {
  const parsed = TextOverrides.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BundleError('bundle-invalid', `texts.json: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  for (const [key, text] of Object.entries(parsed.data)) {
    if (!SHIPPED_TEXT_KEYS.has(key)) throw new BundleError('bundle-invalid', `texts.json: "${key}" is not a text the kiosk shows`);
    for (const lang of ['ar', 'en'] as const) {
      const want = placeholders(shipped[lang][key]!).join(',');
      let got: string;
      try {
        got = placeholders(text[lang]).join(',');
      } catch {
        throw new BundleError('bundle-invalid', `texts.json: "${key}" (${lang}) has unbalanced braces`);
      }
      if (got !== want) throw new BundleError('bundle-invalid', `texts.json: "${key}" (${lang}) must use the placeholders {${want}}, not {${got}}`);
    }
  }
  return parsed.data;
}

/** Checked overrides as the renderer receives them (main/contract ScreenTexts): one table per language; none when the bundle changes no text. */
export function screenTextsOf(overrides: TextOverrides | undefined): ScreenTexts | undefined {
  const entries = Object.entries(overrides ?? {});
  if (entries.length === 0) return undefined;
  return { ar: Object.fromEntries(entries.map(([key, text]) => [key, text.ar])), en: Object.fromEntries(entries.map(([key, text]) => [key, text.en])) };
}
