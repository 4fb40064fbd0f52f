import type { Logger } from './ports';

/**
 * JSON-lines logger. Callers pass event names and non-personal fields only; as a second line of
 * defence, fields whose names suggest personal data are dropped before writing.
 */
const PERSONAL = /name|idnumber|qid|identity|address|birth|pan$|pin/i;

/**
 * The line's own keys. A caller's field of the same name (`{ level: 'low' }` for paper, `{ event }`
 * for a telemetry event) must not rewrite them: a warning logged as `"level":"low"` escapes every
 * filter on warnings. Such a field is kept, under `_<name>`.
 */
const LINE_KEYS = new Set(['t', 'level', 'component', 'event']);

/**
 * Inside a field too: an object logged whole (`{ entry }`, `{ holder: identity }`) has its own
 * personal-sounding keys, and they would otherwise reach the file untouched.
 */
function scrubValue(value: unknown, depth: number): unknown {
  if (Array.isArray(value)) return depth > 4 ? '[nested]' : value.map((v) => scrubValue(v, depth + 1));
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  if (depth > 4) return '[nested]';
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, PERSONAL.test(k) ? '[redacted]' : scrubValue(v, depth + 1)]));
}

/** The fields as a line carries them: personal-sounding ones redacted at any depth, the line's own keys kept clear. */
export function scrub(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    let key = k;
    while (LINE_KEYS.has(key) || (key !== k && key in fields)) key = `_${key}`;
    out[key] = PERSONAL.test(k) ? '[redacted]' : scrubValue(v, 1);
  }
  return out;
}

export function createLogger(component: string, write: (line: string) => void = (l) => process.stderr.write(l)): Logger {
  const emit = (level: string, event: string, fields?: Record<string, unknown>) =>
    write(`${JSON.stringify({ t: new Date().toISOString(), level, component, event, ...scrub(fields) })}\n`);
  return {
    info: (e, f) => emit('info', e, f),
    warn: (e, f) => emit('warn', e, f),
    error: (e, f) => emit('error', e, f),
  };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
