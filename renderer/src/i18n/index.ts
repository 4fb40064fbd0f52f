import type { Lang } from '../../../main/contract';
import { KIOSK_TIME_ZONE } from '../../../shared/civil-date';
import { ar, type MessageKey, type Messages } from './ar';
import { en } from './en';
import { formatMessage, type MessageParams } from './format';

export type { MessageKey, Messages } from './ar';

export const messages: Readonly<Record<Lang, Messages>> = { ar, en };

/**
 * Latin digits in Arabic too: it is what Qatar's official forms and receipts use, and it keeps
 * reference numbers identical on screen and on paper. Gregorian calendar, explicitly.
 */
const LOCALES: Readonly<Record<Lang, string>> = {
  ar: 'ar-QA-u-nu-latn-ca-gregory',
  en: 'en-GB-u-ca-gregory',
};

/**
 * The currency as the receipt prints it (drivers/printer/format.ts): ICU's Arabic symbol for
 * the riyal carries a trailing dot ("ر.ق.") that the paper does not, and one spelling is shown.
 */
const CURRENCY_LABEL: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  ar: { QAR: 'ر.ق' },
  en: { QAR: 'QAR' },
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface I18n {
  readonly lang: Lang;
  readonly dir: 'rtl' | 'ltr';
  readonly locale: string;
  t(key: MessageKey, params?: MessageParams): string;
  /** Amounts travel in the currency's minor unit (dirham for QAR). */
  money(minorUnits: number, currency: string): string;
  date(iso: string): string;
  number(n: number): string;
  /** Picks the text of the current language from a bilingual pair, falling back to the other. */
  pick(arText: string | undefined, enText: string | undefined): string;
}

function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/**
 * The shipped table with the configuration's screen texts over it (KioskState.texts: main checked
 * every key, both languages and the placeholders). A key this build does not ship is left out
 * rather than trusted: the renderer only shows texts it has a place for.
 */
function withOverrides(table: Messages, overrides: Readonly<Record<string, string>> | undefined): Messages {
  if (!overrides) return table;
  const merged: Record<string, string> = { ...table };
  for (const [key, text] of Object.entries(overrides)) if (Object.hasOwn(table, key)) merged[key] = text;
  return merged as Messages;
}

export function createI18n(lang: Lang, overrides?: Readonly<Record<string, string>>): I18n {
  const table = withOverrides(messages[lang], overrides);
  const locale = LOCALES[lang];
  return {
    lang,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    locale,
    t: (key, params = {}) => formatMessage(table[key], params, locale),
    money: (minorUnits, currency) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency })
        .formatToParts(minorUnits / 10 ** minorDigits(currency))
        .map((part) => (part.type === 'currency' ? (CURRENCY_LABEL[lang][currency] ?? part.value) : part.value))
        .join(''),
    date: (iso) => {
      // A bare day is a calendar date, not an instant: format it in UTC so no timezone shifts it.
      // An instant is dated in Doha, whatever zone the kiosk's machine is set to.
      const day = ISO_DAY.test(iso);
      const when = new Date(day ? `${iso}T00:00:00Z` : iso);
      if (Number.isNaN(when.getTime())) return iso;
      return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: day ? 'UTC' : KIOSK_TIME_ZONE }).format(when);
    },
    number: (n) => new Intl.NumberFormat(locale).format(n),
    pick: (arText, enText) => (lang === 'ar' ? (arText ?? enText) : (enText ?? arText)) ?? '',
  };
}
