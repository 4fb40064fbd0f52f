import { errorCode } from '../../shared/coded-error';

/**
 * The life of a long-running command (`kioskctl start`): it runs until asked to stop (SIGINT,
 * SIGTERM, SIGHUP) or until something fails that nothing caught (an uncaught exception, an
 * unhandled rejection). Either way its cleanup runs exactly once — so a kiosk leaves no socat
 * child, no runtime.json and no open database behind — and the process ends: 0 when asked to
 * stop, 1 on a failure. After an uncaught exception the process is in an unknown state, so it
 * cleans up and exits rather than serving on (Node's own advice).
 */
export interface Lifecycle {
  /** Resolves with the exit code once the cleanup has run. */
  stopped: Promise<number>;
  /** Stops listening without cleaning up: the command failed to start and cleans up itself. */
  release(): void;
  /** A stop the command asks for itself (the maintenance window's restart): cleaned up like a signal, then exit `code`. */
  exit(code: number): void;
}

export interface StopReason {
  signal?: string;
  failure?: unknown;
  /** The command ended itself with this exit code. */
  exitCode?: number;
}

export interface LifecycleOptions {
  /** Told once what ended the process (a signal name, or the failure). */
  onStop?: (reason: StopReason) => void;
  /** A cleanup that hangs is given up on after this long; the process exits anyway. */
  graceMs?: number;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function runUntilStopped(cleanup: (reason: StopReason) => Promise<void>, options: LifecycleOptions = {}): Lifecycle {
  const graceMs = options.graceMs ?? 5000;
  let resolveStopped!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => (resolveStopped = resolve));
  let stopping = false;

  const release = (): void => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('uncaughtException', onFailure);
    process.off('unhandledRejection', onFailure);
  };
  const stop = (code: number, reason: StopReason): void => {
    if (stopping) return;
    stopping = true;
    options.onStop?.(reason);
    // Whatever still holds the event loop after the cleanup (a child's pipe, a hung close) must
    // not keep a dead kiosk around; unref'd, so a clean exit is not delayed by it.
    setTimeout(() => process.exit(code), graceMs).unref();
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    void Promise.race([cleanup(reason).catch(() => undefined), deadline]).then(() => {
      release();
      if (code !== 0) process.exit(code);
      resolveStopped(code);
    });
  };
  const onSignal = (signal: NodeJS.Signals) => stop(0, { signal });
  const onFailure = (failure: unknown) => stop(1, { failure });
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('uncaughtException', onFailure);
  process.on('unhandledRejection', onFailure);
  return { stopped, release, exit: (code) => stop(code, { exitCode: code }) };
}

/** Whether a process with this id is alive (EPERM: alive, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errorCode(err) === 'EPERM';
  }
}
