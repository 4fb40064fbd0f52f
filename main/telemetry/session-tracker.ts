import { VISA_EXTENSION_SERVICE } from '../core/inquiry-flow';
import { currentStep, type Intent, type IntentResult, type KioskState, type NoticeCode } from '../contract';

/**
 * Turns what the shopper did (accepted intents) and what main showed (states) into the events a
 * fleet counts: sessions begun and how they ended, and each requested service from its start to
 * its outcome, with why it did not complete. It reads the same states the renderer gets, so it
 * needs no hook inside the session, and keeps nothing personal: a service id, an outcome and a
 * reason code are all it remembers.
 *
 * A request is started by an accepted chooseService (or extendVisa) and ends once:
 *   completed  its result says the request was recorded (a submission)
 *   failed     the kiosk, the terminal or the ministry could not complete it: `payment-<phase>`
 *              (declined, aborted, failed) on its result, or `gateway-unavailable` when the
 *              service gave up on the list of services
 *   abandoned  the shopper left it: `back-to-menu`, `another-service`, `no-fines`, `no-claims` or
 *              `no-sponsored-people` (nothing to do), or how the session ended (`card-removed`,
 *              `session-timeout`, another notice, else `session-ended`)
 */
export type RequestOutcome = 'completed' | 'failed' | 'abandoned';
type SessionOutcome = RequestOutcome;

export type SessionEvent =
  | { type: 'session-started' }
  | { type: 'request-started'; service: string }
  | { type: 'request-ended'; service: string; outcome: RequestOutcome; reason?: string }
  | { type: 'session-ended'; outcome: SessionOutcome };

/** Notices with which a service gives up and leaves the shopper on the list of services. */
const GAVE_UP: Partial<Record<NoticeCode, RequestOutcome>> = { 'gateway-unavailable': 'failed', 'no-fines': 'abandoned', 'no-claims': 'abandoned', 'no-sponsored-people': 'abandoned' };

/** The service an intent starts: the one chosen, or the extension offered on a visa's answer. */
function startedBy(intent: Intent): string | undefined {
  if (intent.type === 'chooseService') return intent.serviceId;
  return intent.type === 'extendVisa' ? VISA_EXTENSION_SERVICE : undefined;
}

export class SessionTracker {
  private open = false;
  /** The service being requested, from its chooseService until its result (or the session's end). */
  private service: string | undefined;
  private completed = 0;
  private failed = 0;
  /** The last state seen: an intent's answer comes after the states it caused. */
  private last: KioskState | undefined;
  /** The state each intent in flight found when it arrived, to tell the states it caused. */
  private readonly arrivedAt = new Map<Intent, number>();

  constructor(private readonly emit: (event: SessionEvent) => void) {}

  received(intent: Intent): void {
    if (startedBy(intent)) this.arrivedAt.set(intent, this.last?.seq ?? -1);
  }

  intent(intent: Intent, result: IntentResult): void {
    const arrivedAt = this.arrivedAt.get(intent);
    this.arrivedAt.delete(intent);
    const serviceId = startedBy(intent);
    if (!result.ok || !serviceId || !this.open) return;
    if (this.service === serviceId) return;
    // Choosing another service before the first one ended leaves that one unfinished.
    if (this.service) this.endRequest('abandoned', 'another-service');
    this.service = serviceId;
    this.emit({ type: 'request-started', service: serviceId });
    // A service that gave up at once (its inquiry failed) showed the list again before this answer.
    if (this.last && arrivedAt !== undefined && this.last.seq > arrivedAt) this.onList(this.last);
  }

  state(state: KioskState): void {
    this.last = state;
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
        else if (step.payment && step.payment.phase !== 'starting' && step.payment.phase !== 'in-progress') this.endRequest('failed', `payment-${step.payment.phase}`);
      }
      this.onList(state);
      return;
    }
    if (!this.open) return;
    if (this.service) this.endRequest('abandoned', state.notice ?? 'session-ended');
    this.open = false;
    this.emit({ type: 'session-ended', outcome: this.completed > 0 ? 'completed' : this.failed > 0 ? 'failed' : 'abandoned' });
  }

  /** Back on the list of services with a request open: it gave up, or the shopper went back. */
  private onList(state: KioskState): void {
    if (!this.service || state.busy || state.mode.kind !== 'shopper' || currentStep(state).screen !== 'welcome') return;
    const notice = state.notice;
    const gaveUp = notice ? GAVE_UP[notice] : undefined;
    this.endRequest(gaveUp ?? 'abandoned', gaveUp ? notice : 'back-to-menu');
  }

  private endRequest(outcome: RequestOutcome, reason?: string): void {
    const service = this.service!;
    this.service = undefined;
    if (outcome === 'completed') this.completed += 1;
    if (outcome === 'failed') this.failed += 1;
    this.emit({ type: 'request-ended', service, outcome, ...(reason ? { reason } : {}) });
  }
}
