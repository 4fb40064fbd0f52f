import type { Logger } from '../core/ports';

/**
 * A log that an attacker cannot fill: each event name gets at most `perSecond` lines in any
 * one-second window; what is left out is counted and said in one `log-suppressed` line when the
 * window closes (issue 16, finding 3: 100,000 rejected intents once wrote 15 MB in 10 s). The
 * first lines of a burst are kept whole, so the start of trouble is always on record.
 */
export interface LogThrottleOptions {
  perSecond: number;
  now?: () => number;
}

const WINDOW_MS = 1000;

/** What the shells allow each event: far above a healthy kiosk's rate, far below a flood's. */
export const LOG_LINES_PER_SECOND = 50;

export function throttleLog(log: Logger, options: LogThrottleOptions): Logger {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; lines: number; left: number; level: keyof Logger }>();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    const t = now();
    for (const [event, w] of windows) {
      if (t - w.start < WINDOW_MS) continue;
      windows.delete(event);
      if (w.left > 0) log[w.level]('log-suppressed', { suppressedEvent: event, count: w.left, windowMs: t - w.start });
    }
    if (windows.size > 0) schedule();
  };
  const schedule = () => {
    timer ??= setTimeout(flush, WINDOW_MS);
    timer.unref?.();
  };
  const emit = (level: keyof Logger) => (event: string, fields?: Record<string, unknown>) => {
    const t = now();
    let w = windows.get(event);
    if (w && t - w.start >= WINDOW_MS) {
      if (w.left > 0) log[w.level]('log-suppressed', { suppressedEvent: event, count: w.left, windowMs: t - w.start });
      w = undefined;
    }
    if (!w) {
      w = { start: t, lines: 0, left: 0, level: 'info' };
      windows.set(event, w);
      schedule();
    }
    if (w.lines < options.perSecond) {
      w.lines++;
      log[level](event, fields);
      return;
    }
    w.left++;
    // The summary carries the gravest level it stands for.
    if (level === 'error' || (level === 'warn' && w.level === 'info')) w.level = level;
  };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}
