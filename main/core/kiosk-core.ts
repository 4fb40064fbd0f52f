import { Intent, type IntentResult, type KioskState, contractIssues, rejected } from '../contract';
import type { Logger } from './ports';
import type { SessionService } from './session';

/**
 * The boundary every shell calls: a raw message from a renderer goes in, is validated against
 * the contract, and only then reaches the session. Both shells (Electron IPC, browser-host
 * WebSocket) share this, so validation cannot differ between them.
 */
export class KioskCore {
  constructor(
    private readonly session: SessionService,
    private readonly log: Logger,
  ) {}

  async dispatch(raw: unknown): Promise<IntentResult> {
    const parsed = Intent.safeParse(raw);
    if (!parsed.success) {
      // Log the shape of the problem, never the values: a forged message may carry anything.
      const type = typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string' ? (raw as { type: string }).type.slice(0, 32) : typeof raw;
      const issues = contractIssues(parsed.error);
      this.log.warn('intent-rejected', { type, issues });
      return rejected('invalid-intent', `message does not match the contract (${issues.join('; ')})`);
    }
    try {
      return await this.session.handle(parsed.data);
    } catch (err) {
      this.log.error('intent-failed', { type: parsed.data.type, error: (err as Error).name });
      return rejected('internal', 'the kiosk could not handle this request');
    }
  }

  get state(): KioskState {
    return this.session.snapshot;
  }

  onState(listener: (state: KioskState) => void): () => void {
    return this.session.onState(listener);
  }
}
