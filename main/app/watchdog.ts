import { createRequire } from 'node:module';
import type { Logger } from '../core/ports';

/**
 * The kiosk's side of systemd's service protocol (sd_notify): READY=1 once it serves, STATUS=
 * lines a technician reads in `systemctl status`, and WATCHDOG=1 pings while its event loop is
 * healthy. The unit (packaging/systemd/moi-kiosk.service) has `WatchdogSec`: a kiosk whose loop
 * hangs stops pinging and systemd kills and restarts it. Pings come from a timer on the loop
 * itself, and a tick that arrives far later than planned (the loop was blocked for most of the
 * watchdog period) sends nothing, so a kiosk that is alive but stalling is restarted too.
 *
 * The protocol goes through libsystemd's own sd_notify, via `sd-notify` (the systemd project's
 * Node binding): it reads $NOTIFY_SOCKET and $WATCHDOG_USEC as systemd sets them. Without
 * $NOTIFY_SOCKET (a developer's `npm start`) nothing is loaded and every call does nothing.
 */
export interface SdNotify {
  ready(): void;
  watchdog(): void;
  sendState(state: string): void;
  /** The watchdog period in ms (0: no watchdog asked for). */
  watchdogInterval(): number;
}

export interface Watchdog {
  /** Tells the supervisor the kiosk serves now, with a status line. */
  ready(status: string): void;
  status(text: string): void;
  stop(): void;
}

export function loadSdNotify(log: Logger, env: NodeJS.ProcessEnv = process.env): SdNotify | undefined {
  if (!env.NOTIFY_SOCKET) return undefined;
  try {
    const sd = createRequire(import.meta.url)('sd-notify') as { ready(): void; watchdog(): void; sendState(s: string): void; watchdogInterval(): number };
    return { ready: () => sd.ready(), watchdog: () => sd.watchdog(), sendState: (s) => sd.sendState(s), watchdogInterval: () => sd.watchdogInterval() };
  } catch (err) {
    // Asked to notify and cannot: the supervisor will time out the start and say so; the log says why.
    log.error('sd-notify-unavailable', { error: (err as Error).name });
    return undefined;
  }
}

export function startWatchdog(opts: { log: Logger; notify?: SdNotify; now?: () => number }): Watchdog {
  const { notify, log } = opts;
  const now = opts.now ?? Date.now;
  let timer: NodeJS.Timeout | undefined;
  const periodMs = notify?.watchdogInterval() ?? 0;
  const clean = (text: string) => text.replace(/[\n=]/g, ' ').slice(0, 200);
  const pingEvery = (sd: SdNotify) => {
    // Half the period, as sd_watchdog_enabled(3) recommends; a late tick means a blocked loop.
    const every = Math.max(100, Math.floor(periodMs / 2));
    let expected = now() + every;
    timer = setInterval(() => {
      const late = now() - expected;
      expected = now() + every;
      if (late > every) {
        log.warn('event-loop-stalled', { lateMs: late, watchdogMs: periodMs });
        return;
      }
      sd.watchdog();
    }, every);
  };
  return {
    ready(status) {
      notify?.sendState(`STATUS=${clean(status)}\n`);
      notify?.ready();
      if (notify) log.info('sd-notify-ready', { watchdogMs: periodMs });
      // Pings start with service: a kiosk that fails to start must not look alive, nor be kept alive by the timer.
      if (notify && periodMs > 0 && !timer) pingEvery(notify);
    },
    status: (text) => notify?.sendState(`STATUS=${clean(text)}\n`),
    stop() {
      clearInterval(timer);
      notify?.sendState('STOPPING=1\n');
    },
  };
}
