import type { SessionService } from '../core/session';
import type { Logger } from '../core/ports';
import { CodedError } from '../../shared/coded-error';

/**
 * The shape every device and service takes in the composition root: the port the session uses,
 * how the device's events reach the session once it exists, and how it closes. A new capability
 * (diagnostics, configuration, telemetry) is one more module returning a Wiring.
 */
export interface Wiring<Port> {
  port: Port;
  /** Subscribes the session to the device's events and starts the device. */
  connect(session: SessionService): void | Promise<void>;
  close(): void | Promise<void>;
}

/** Closes what was opened, newest first; one failing close does not keep the others open. */
export class Closers {
  private readonly stack: (() => void | Promise<void>)[] = [];
  constructor(private readonly log: Logger) {}

  add(close: () => void | Promise<void>): void {
    this.stack.push(close);
  }

  async closeAll(): Promise<void> {
    for (const close of this.stack.splice(0).reverse()) {
      await Promise.resolve()
        .then(close)
        .catch((err: Error) => this.log.warn('close-failed', { error: err.message }));
    }
  }
}

export const unavailable = (code: string, message: string): CodedError => new CodedError(code, message);
