import { currentStep, type Intent, type IntentResult, type KioskState } from '../contract';

/**
 * Turns what the shopper did (accepted intents) and what main showed (states) into the events a
 * fleet counts: sessions begun and how they ended, and each requested service with its outcome.
 * It reads the same states the renderer gets, so it needs no hook inside the session, and keeps
 * nothing personal: a service id and an outcome are all it remembers.
 */
export type RequestOutcome = 'completed' | 'failed' | 'abandoned';
export type SessionOutcome = RequestOutcome;

export type SessionEvent =
  | { type: 'session-started' }
  | { type: 'request-ended'; service: string; outcome: RequestOutcome }
  | { type: 'session-ended'; outcome: SessionOutcome };

export class SessionTracker {
  private open = false;
  /** The service being requested, from its chooseService until its result (or the session's end). */
  private service: string | undefined;
  private completed = 0;
  private failed = 0;

  constructor(private readonly emit: (event: SessionEvent) => void) {}

  intent(intent: Intent, result: IntentResult): void {
    if (!result.ok || intent.type !== 'chooseService' || !this.open) return;
    // Choosing another service before the first one ended leaves that one unfinished.
    if (this.service && this.service !== intent.serviceId) this.endRequest('abandoned');
    this.service = intent.serviceId;
  }

  state(state: KioskState): void {
    if (state.mode.kind === 'shopper') {
      if (!this.open) {
        this.open = true;
        this.completed = this.failed = 0;
        this.emit({ type: 'session-started' });
      }
      const step = currentStep(state);
      // A result is settled once it says whether the request was recorded: a submission, or a
      // payment that did not go through.
      if (step.screen === 'result' && this.service) {
        if (step.submission) this.endRequest('completed');
        else if (step.payment && step.payment.phase !== 'starting' && step.payment.phase !== 'in-progress') this.endRequest('failed');
      }
      return;
    }
    if (!this.open) return;
    if (this.service) this.endRequest('abandoned');
    this.open = false;
    this.emit({ type: 'session-ended', outcome: this.completed > 0 ? 'completed' : this.failed > 0 ? 'failed' : 'abandoned' });
  }

  private endRequest(outcome: RequestOutcome): void {
    const service = this.service!;
    this.service = undefined;
    if (outcome === 'completed') this.completed += 1;
    if (outcome === 'failed') this.failed += 1;
    this.emit({ type: 'request-ended', service, outcome });
  }
}
