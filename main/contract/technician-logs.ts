import { z } from 'zod';

/**
 * The technician's recent logs (issue 11): the kiosk's own log lines since start, as main keeps
 * them (main/core/log-ring.ts), and how many warnings and errors each part of the kiosk logged.
 * A line holds an event name and short facts, already cleared of personal data; the schema
 * refuses a value with a long run of digits, so an ID number that slipped past the ring would
 * stop the state instead of reaching the screen.
 */
const ms = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

/** What the technician may filter by: the devices a shopper's visit relies on. */
export const LogDevice = z.enum(['card', 'printer', 'terminal', 'gateway']);
export type LogDevice = z.infer<typeof LogDevice>;

/** Where a line came from: one of the devices, or the kiosk itself (sessions, configuration, the host). */
export const LogSource = z.enum(['card', 'printer', 'terminal', 'gateway', 'kiosk']);
export type LogSource = z.infer<typeof LogSource>;

/** At most this many digits in a row in any value: an ID number has 11. */
export const LOG_DIGITS_MAX = 8;
const NO_LONG_NUMBER = new RegExp(`^(?![\\s\\S]*\\d{${LOG_DIGITS_MAX + 1}})`);

const FieldValue = z.union([z.string().max(160).regex(NO_LONG_NUMBER), z.number(), z.boolean()]);
const fieldKey = z.string().regex(/^_*[A-Za-z][A-Za-z0-9_]{0,31}$/);

export const LogLine = z.strictObject({
  /** Counts every line since start: a gap between two listed lines is lines of other sources or older than kept. */
  seq: count,
  at: ms,
  level: z.enum(['info', 'warn', 'error']),
  source: LogSource,
  event: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/),
  fields: z.record(fieldKey, FieldValue).refine((f) => Object.keys(f).length <= 16, 'at most 16 fields'),
});
export type LogLine = z.infer<typeof LogLine>;

const Counter = z.strictObject({ warnings: count, errors: count });
export type LogCounter = z.infer<typeof Counter>;

export const LogsView = z.strictObject({
  /** The filter main applied; absent: every source. */
  device: LogDevice.optional(),
  /** Newest first. */
  lines: z.array(LogLine).max(1000),
  /** Lines of this filter still kept but not listed. */
  more: count,
  /** Warnings and errors logged since start by each source, whatever the filter. */
  counters: z.strictObject({ card: Counter, printer: Counter, terminal: Counter, gateway: Counter, kiosk: Counter }),
  /** When counting started: the kiosk's start. */
  since: ms,
});
export type LogsView = z.infer<typeof LogsView>;
