import { Intent, type IntentResult, type KioskState, contractIssues, rejected } from '../contract';
import type { Logger } from './ports';
import type { SessionService } from './session';

/** Hears every message at the door (telemetry: touch-to-screen latency, refusals, services chosen). */
export interface IntentObserver {
  /** A valid intent is about to reach the session. */
  received?(intent: Intent): void;
  handled?(intent: Intent, result: IntentResult): void;
  /** A message that did not match the contract. */
  refused?(code: 'invalid-intent'): void;
}

/**
 * The boundary every shell calls: a raw message from a renderer goes in, is validated against
 * the contract, and only then reaches the session. Both shells (Electron IPC, browser-host
 * WebSocket) share this, so validation cannot differ between them.
 */
export class KioskCore {
  private readonly observers = new Set<IntentObserver>();

  constructor(
    private readonly session: SessionService,
    private readonly log: Logger,
  ) {}

  observe(observer: IntentObserver): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  async dispatch(raw: unknown): Promise<IntentResult> {
    const parsed = Intent.safeParse(raw);
    if (!parsed.success) {
      for (const o of this.observers) o.refused?.('invalid-intent');
      // Log the shape of the problem, never the values: a forged message may carry anything.
      const type = typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string' ? (raw as { type: string }).type.slice(0, 32) : typeof raw;
      const issues = contractIssues(parsed.error);
      this.log.warn('intent-rejected', { type, issues });
      return rejected('invalid-intent', `message does not match the contract (${issues.join('; ')})`);
    }
    const intent = parsed.data;
    for (const o of this.observers) o.received?.(intent);
    let result: IntentResult;
    try {
      result = await this.session.handle(intent);
    } catch (err) {
      this.log.error('intent-failed', { type: intent.type, error: (err as Error).name });
      result = rejected('internal', 'the kiosk could not handle this request');
    }
    for (const o of this.observers) o.handled?.(intent, result);
    return result;
  }

  get state(): KioskState {
    return this.session.snapshot;
  }

  onState(listener: (state: KioskState) => void): () => void {
    return this.session.onState(listener);
  }
}
