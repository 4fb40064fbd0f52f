import { Intent } from '../contract';

/**
 * Every attribute a metric or a telemetry event may carry, and what its values may look like.
 * Telemetry leaves the kiosk for systems the ministry does not control as tightly as the
 * gateway, so nothing personal may ride along: attributes are short codes from fixed sets
 * (device, status, service id, error code), never free text. A value outside its key's set, not a
 * lower-case code, or holding a long run of digits (an ID number, a card or phone number) is
 * replaced by `refused` and counted, so a bug shows up on a dashboard instead of leaking.
 */
const CODE = /^[a-z0-9][a-z0-9._:-]{0,63}$/;
const oneOf = (...values: string[]) => new Set(values);

/**
 * Keys with a closed set of values, and keys whose value is a lower-case code (service ids,
 * error codes, intent and event names, versions). A person's name is capitalised or not Latin,
 * an ID number is digits: neither passes.
 */
const CLOSED = {
  device: oneOf('cardReader', 'printer', 'terminal', 'gateway', 'disk', 'database', 'config'),
  status: oneOf('online', 'offline', 'noDevice', 'hardwareError', 'userError', 'busy', 'starting'),
  level: oneOf('ok', 'nearEnd', 'out', 'unknown'),
  result: oneOf('ok', 'error', 'approved', 'declined', 'aborted', 'unknown', 'failed'),
  outcome: oneOf('completed', 'failed', 'abandoned'),
  kind: oneOf('metrics', 'events', 'rss', 'heap_used', 'heap_total', 'external'),
  severity: oneOf('info', 'warn', 'error'),
  state: oneOf('pending', 'unknown', 'approved', 'reversal-pending', 'refund-owed'),
  intent: new Set<string>(Intent.options.map((o) => o.shape.type.value)),
} satisfies Record<string, ReadonlySet<string>>;
const OPEN_CODES = ['reason', 'code', 'service', 'event', 'version', 'source', 'rollout', 'mode'] as const;

export type AttributeKey = keyof typeof CLOSED | (typeof OPEN_CODES)[number];
export type Attributes = Partial<Record<AttributeKey, string>>;
export const ATTRIBUTE_KEYS: readonly AttributeKey[] = [...(Object.keys(CLOSED) as (keyof typeof CLOSED)[]), ...OPEN_CODES];

const KNOWN = new Set<string>(ATTRIBUTE_KEYS);
/** Seven digits in a row: shorter than any ID number (11), card number (12+) or phone number (8). */
const LONG_DIGITS = /\d{7}/;
/** A configuration version may be a date and a counter (20261201.3): it names a file, not a person. */
const DIGITS_ALLOWED = new Set<string>(['version']);

export const REFUSED = 'refused';

function isSafeValue(key: string, value: string): boolean {
  const closed = (CLOSED as Record<string, ReadonlySet<string>>)[key];
  if (closed) return closed.has(value);
  return CODE.test(value) && (DIGITS_ALLOWED.has(key) || !LONG_DIGITS.test(value));
}

/**
 * The attributes as they may leave the kiosk: unknown keys dropped, unsafe values refused.
 * `onRefused` hears each key that was dropped or refused (never its value).
 */
export function safeAttributes(attrs: Readonly<Record<string, unknown>>, onRefused?: (key: string) => void): Attributes {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(attrs)) {
    if (raw === undefined) continue;
    if (!KNOWN.has(key)) {
      onRefused?.(key);
      continue;
    }
    const value = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : '';
    if (isSafeValue(key, value)) out[key] = value;
    else {
      out[key] = REFUSED;
      onRefused?.(key);
    }
  }
  return out as Attributes;
}
