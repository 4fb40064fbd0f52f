import type { EventEmitter } from 'node:events';
import { CodedError } from '../../shared/coded-error';

/**
 * The one way tests wait: for a condition or an event, never for a fixed time. Each wait has a
 * deadline and says what it waited for when it runs out ("timed out after 3000 ms waiting for
 * the printer to be ready (last: offline)"), so a failing test names what did not happen.
 */
export interface WaitOptions {
  /** What is awaited, for the failure message ("the printer to be ready"). */
  what: string;
  timeoutMs?: number;
}

/** Something that calls a listener on each event and returns an unsubscribe (our drivers' `onX`). */
export type Subscribe<T> = (listener: (value: T) => void) => () => void;

const DEFAULT_TIMEOUT_MS = 5000;
const POLL_MS = 10;

export class WaitTimeoutError extends CodedError<'wait-timeout'> {
  override readonly name = 'WaitTimeoutError';
  constructor(what: string, timeoutMs: number, last?: string) {
    super('wait-timeout', `timed out after ${timeoutMs} ms waiting for ${what}${last === undefined ? '' : ` (last: ${last})`}`);
  }
}

/** Settles as `promise` does, or rejects with a WaitTimeoutError naming `what` at the deadline. */
export function withTimeout<T>(promise: Promise<T>, opts: WaitOptions): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WaitTimeoutError(opts.what, timeoutMs)), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** An EventEmitter's event as a `Subscribe` (node streams, the print queue, the simulators). */
export function eventOf<T = unknown>(emitter: EventEmitter, event: string): Subscribe<T> {
  return (listener) => {
    const handler = (value: T) => listener(value);
    emitter.on(event, handler);
    return () => emitter.off(event, handler);
  };
}

/**
 * Resolves with the first event that `match` accepts (any event by default).
 * Subscribe before causing the event: one that fired earlier is not seen.
 */
export function waitForEvent<T>(subscribe: Subscribe<T>, opts: WaitOptions & { match?: (value: T) => boolean }): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise<T>((resolve, reject) => {
    let last: T | undefined;
    let seen = false;
    const timer = setTimeout(() => {
      off();
      reject(new WaitTimeoutError(opts.what, timeoutMs, seen ? describe(last) : undefined));
    }, timeoutMs);
    const off = subscribe((value) => {
      seen = true;
      last = value;
      if (opts.match && !opts.match(value)) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

/**
 * Resolves with `condition()`'s value once it is truthy. It is checked at once, then after each
 * event of `on` (a state change it depends on), or every 10 ms when there is no event to watch
 * (a file appearing, a child's output). `describeLast` puts the last seen state in the message.
 */
export function waitFor<T>(
  // A promise is truthy: an async condition would pass at once, so the type refuses one.
  condition: () => (T extends PromiseLike<unknown> ? never : T) | undefined | null | false | 0 | '',
  opts: WaitOptions & { on?: Subscribe<unknown>; describeLast?: () => unknown },
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let poll: NodeJS.Timeout | undefined;
    let off: () => void = () => undefined;
    const finish = (fn: () => void) => {
      done = true;
      clearTimeout(timer);
      clearTimeout(poll);
      off();
      fn();
    };
    const check = () => {
      if (done) return;
      let value: ReturnType<typeof condition>;
      try {
        value = condition();
      } catch (err) {
        finish(() => reject(err));
        return;
      }
      if (value && typeof (value as { then?: unknown }).then === 'function') {
        finish(() => reject(new TypeError(`waitFor takes a synchronous condition (waiting for ${opts.what}); poll an async one in a loop`)));
        return;
      }
      if (value) finish(() => resolve(value as T));
      else if (!opts.on) poll = setTimeout(check, POLL_MS);
    };
    const timer = setTimeout(
      () => finish(() => reject(new WaitTimeoutError(opts.what, timeoutMs, opts.describeLast ? describe(opts.describeLast()) : undefined))),
      timeoutMs,
    );
    if (opts.on) off = opts.on(() => check());
    check();
  });
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
