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

function scrub(fields: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    let key = k;
    while (LINE_KEYS.has(key) || (key !== k && key in fields)) key = `_${key}`;
    out[key] = PERSONAL.test(k) ? '[redacted]' : v;
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
