import { CodedError } from '../../../shared/coded-error';

/**
 * A deliberately tiny ICU MessageFormat subset: `{name}` and
 * `{n, plural, =0 {…} zero {…} one {…} two {…} few {…} many {…} other {…}}` with `#` for the number.
 * Enough for Arabic's six plural forms without pulling a formatting library into the bundle.
 */
export type MessageParams = Readonly<Record<string, string | number>>;

export class MessageFormatError extends CodedError<'message-format'> {
  override readonly name = 'MessageFormatError';
  constructor(message: string) {
    super('message-format', message);
  }
}

function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  throw new MessageFormatError(`Unbalanced braces in message "${text}"`);
}

function pluralOptions(text: string): Map<string, string> {
  const options = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (i >= text.length) break;
    const open = text.indexOf('{', i);
    if (open < 0) throw new MessageFormatError(`Plural option without a body in "${text}"`);
    const selector = text.slice(i, open).trim();
    const close = closingBrace(text, open);
    options.set(selector, text.slice(open + 1, close));
    i = close + 1;
  }
  if (!options.has('other')) throw new MessageFormatError(`Plural without an "other" option in "${text}"`);
  return options;
}

function argument(body: string, params: MessageParams, locale: string): string {
  const [rawName = '', kind, ...rest] = body.split(',');
  const name = rawName.trim();
  const value = params[name];
  if (kind === undefined) {
    if (value === undefined) return `{${name}}`;
    return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
  }
  if (kind.trim() !== 'plural') throw new MessageFormatError(`Unsupported argument type "${kind.trim()}"`);
  const n = Number(value);
  const options = pluralOptions(rest.join(','));
  const branch =
    options.get(`=${n}`) ?? options.get(new Intl.PluralRules(locale).select(n)) ?? (options.get('other') as string);
  return formatMessage(branch, params, locale, new Intl.NumberFormat(locale).format(n));
}

export function formatMessage(template: string, params: MessageParams, locale: string, hash?: string): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i] as string;
    if (ch === '{') {
      const close = closingBrace(template, i);
      out += argument(template.slice(i + 1, close), params, locale);
      i = close + 1;
    } else {
      out += ch === '#' && hash !== undefined ? hash : ch;
      i++;
    }
  }
  return out;
}
