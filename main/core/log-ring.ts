import { LOG_DIGITS_MAX, type LogCounter, type LogDevice, type LogLine, type LogSource, type LogsView } from '../contract';
import { scrub } from './log';
import type { Clock, Logger } from './ports';

/**
 * The kiosk's recent log lines, kept in memory for the technician (issue 11): a bounded ring
 * per source, so a chatty one (a gateway down, a flood of refused intents) never pushes the
 * printer's last lines out, and the warnings and errors each source logged since start, which
 * outlive the ring. A line is kept as the log file has it, personal-sounding fields redacted
 * (main/core/log.ts), and then once more: values are short, and a long run of digits (an ID
 * number in a message) is masked, since the screen must never show one.
 */
const LINES_PER_SOURCE = 200;
const SOURCES: readonly LogSource[] = ['card', 'printer', 'terminal', 'gateway', 'kiosk'];
const MAX_FIELDS = 16;
const MAX_TEXT = 160;
const LONG_NUMBER = new RegExp(`\\d{${LOG_DIGITS_MAX + 1},}`, 'g');
const KEY = /^_*[A-Za-z][A-Za-z0-9_]{0,31}$/;
const MASKED = '[number]';

/** The source a line's `device` field names; the device-state model says `cardReader`. */
const DEVICE_SOURCE: Readonly<Record<string, LogSource>> = { card: 'card', cardReader: 'card', printer: 'printer', terminal: 'terminal', gateway: 'gateway' };

export interface LogsPort {
  /** The newest `limit` lines of one device (or of all), newest first, with the counters. */
  view(device?: LogDevice, limit?: number): LogsView;
  /** Calls back after every new line (synchronously: a listener must only schedule its work). */
  onChange(listener: () => void): () => void;
}

type Level = LogLine['level'];
type FieldValue = LogLine['fields'][string];

function text(value: string): string {
  return value.replace(LONG_NUMBER, MASKED).slice(0, MAX_TEXT);
}

function valueOf(value: unknown): FieldValue | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) && Math.abs(value) < 10 ** LOG_DIGITS_MAX ? value : Number.isFinite(value) ? MASKED : String(value);
  if (typeof value === 'string') return text(value);
  if (value instanceof Error) return text(value.name);
  try {
    return text(JSON.stringify(value) ?? String(value));
  } catch {
    return typeof value;
  }
}

function eventName(event: string): string {
  const name = event.toLowerCase().replace(/[^a-z0-9._-]/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
  return name || 'event';
}

export class LogRing implements LogsPort {
  private readonly rings = new Map<LogSource, LogLine[]>(SOURCES.map((s) => [s, []]));
  private readonly counters = Object.fromEntries(SOURCES.map((s) => [s, { warnings: 0, errors: 0 }])) as Record<LogSource, LogCounter>;
  private readonly listeners = new Set<() => void>();
  private readonly since: number;
  private seq = 0;

  constructor(private readonly opts: { clock: Clock; perSource?: number }) {
    this.since = opts.clock.now();
  }

  record(level: Level, event: string, raw?: Record<string, unknown>): void {
    const device = raw?.device;
    const source = (typeof device === 'string' && DEVICE_SOURCE[device]) || 'kiosk';
    const fields: LogLine['fields'] = {};
    let n = 0;
    for (const [key, value] of Object.entries(scrub(raw))) {
      // The source says it already; another device name (cardReader, disk) stays.
      if (key === 'device' && value === source) continue;
      const v = valueOf(value);
      if (v === undefined || !KEY.test(key)) continue;
      if (++n > MAX_FIELDS) break;
      fields[key] = v;
    }
    const ring = this.rings.get(source)!;
    ring.push({ seq: ++this.seq, at: this.opts.clock.now(), level, source, event: eventName(event), fields });
    if (ring.length > (this.opts.perSource ?? LINES_PER_SOURCE)) ring.shift();
    if (level === 'warn') this.counters[source].warnings += 1;
    else if (level === 'error') this.counters[source].errors += 1;
    for (const listener of this.listeners) listener();
  }

  view(device?: LogDevice, limit = 100): LogsView {
    const kept = device ? this.rings.get(device)! : [...this.rings.values()].flat().sort((a, b) => a.seq - b.seq);
    const lines = kept.slice(-limit).reverse();
    const counters = Object.fromEntries(SOURCES.map((s) => [s, { ...this.counters[s] }])) as LogsView['counters'];
    return { ...(device ? { device } : {}), lines, more: kept.length - lines.length, counters, since: this.since };
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Every line to `log` and to the ring. */
export function logToRing(log: Logger, ring: LogRing): Logger {
  const both = (level: Level) => (event: string, fields?: Record<string, unknown>) => {
    log[level](event, fields);
    ring.record(level, event, fields);
  };
  return { info: both('info'), warn: both('warn'), error: both('error') };
}

/** A device's own log: its lines say which device (in the log file too), unless they name one themselves. */
export function deviceLog(log: Logger, device: LogDevice): Logger {
  const tag = (level: Level) => (event: string, fields?: Record<string, unknown>) => log[level](event, fields && 'device' in fields ? fields : { device, ...fields });
  return { info: tag('info'), warn: tag('warn'), error: tag('error') };
}
