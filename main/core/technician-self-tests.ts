import { errorCode } from '../../shared/coded-error';
import type { SelfTestKind, SelfTestView } from '../contract';
import type { Clock, Logger } from './ports';
import type { AuditPort, DiagnosticsPort, SelfTestOutcome } from './technician-ports';

/** What a visit holds of its self-tests: the last result of each, and the one under way. */
export interface VisitTests {
  actor: string;
  tests: Map<SelfTestKind, SelfTestView>;
  testRunning: boolean;
  /** The self-test under way: the way out waits for it, and stops a card test (its card is gone). */
  running?: { kind: SelfTestKind; done: Promise<void>; abort: AbortController };
}

/**
 * The self-tests on the real devices (issue 11), from a visit's diagnostics page or from
 * kioskctl outside one; each recorded in the audit log and logged under the device it tested.
 * The end of day and the audio test ask first (the first moves money, the second needs the
 * technician's ear). Whether a test may start now is the desk's (technician.ts).
 */
export class SelfTests {
  /** The self-test kioskctl runs outside a visit, if any: a card test owns whatever card goes in. */
  private standaloneKind: SelfTestKind | undefined;

  constructor(
    private readonly deps: {
      diagnostics: DiagnosticsPort;
      audit: AuditPort;
      log: Logger;
      clock: Clock;
      /** The visit's page shows a test's new state. */
      refresh: () => void;
    },
  ) {}

  get standalone(): SelfTestKind | undefined {
    return this.standaloneKind;
  }

  /** `runSelfTest` from the page: the end of day and the audio test wait for the technician's confirmation. */
  start(visit: VisitTests, kind: SelfTestKind): void {
    if (kind === 'endOfDay' || kind === 'audio') this.set(visit, { kind, state: 'confirm', at: this.deps.clock.now() });
    else void this.run(visit, kind);
  }

  /** `confirmSelfTest`: the audio heard or not, the end of day run or cancelled; false when no test is asking. */
  confirm(visit: VisitTests, confirmed: boolean): boolean {
    const waiting = [...visit.tests.values()].find((t) => t.state === 'confirm');
    if (!waiting) return false;
    if (waiting.kind === 'audio') {
      this.record(visit, 'audio', confirmed ? { result: 'passed' } : { result: 'failed', code: 'not-heard' });
    } else if (confirmed) void this.run(visit, 'endOfDay');
    else {
      this.set(visit, { kind: waiting.kind, state: 'cancelled', at: this.deps.clock.now() });
      this.deps.audit.record(visit.actor, 'selftest', { test: waiting.kind, result: 'cancelled' });
    }
    return true;
  }

  /** A self-test from kioskctl, outside any visit, recorded like one from a visit. */
  async standaloneTest(kind: 'card' | 'printer' | 'terminal' | 'gateway', actor: string): Promise<SelfTestOutcome> {
    this.standaloneKind = kind;
    let outcome: SelfTestOutcome;
    try {
      outcome = await this.deps.diagnostics.selfTest(kind);
    } catch (err) {
      outcome = { result: 'failed', code: errorCode(err)?.toLowerCase() ?? 'selftest-error' };
    } finally {
      this.standaloneKind = undefined;
    }
    this.deps.audit.record(actor, 'selftest', { test: kind, result: outcome.result, by: 'kioskctl', ...(outcome.code ? { code: outcome.code } : {}), ...outcome.details });
    this.log(kind, outcome, { by: 'kioskctl' });
    return outcome;
  }

  private async run(visit: VisitTests, kind: Exclude<SelfTestKind, 'audio'>): Promise<void> {
    visit.testRunning = true;
    this.set(visit, { kind, state: 'running', at: this.deps.clock.now() });
    const abort = new AbortController();
    const done = (async () => {
      let outcome: SelfTestOutcome;
      try {
        outcome = await this.deps.diagnostics.selfTest(kind, abort.signal);
      } catch (err) {
        outcome = { result: 'failed', code: errorCode(err)?.toLowerCase() ?? 'selftest-error' };
      }
      visit.testRunning = false;
      visit.running = undefined;
      this.record(visit, kind, outcome);
    })();
    visit.running = { kind, done, abort };
    await done;
  }

  private record(visit: VisitTests, kind: SelfTestKind, outcome: SelfTestOutcome): void {
    // Recorded even when the card was pulled meanwhile: the test ran on the device.
    this.deps.audit.record(visit.actor, 'selftest', { test: kind, result: outcome.result, ...(outcome.code ? { code: outcome.code } : {}), ...outcome.details });
    this.log(kind, outcome);
    this.set(visit, { kind, state: outcome.result, code: outcome.code, details: outcome.details, at: this.deps.clock.now() });
  }

  /** Under the device it tested, so the logs page filtered by that device shows it; a failure is a warning. */
  private log(kind: SelfTestKind, outcome: SelfTestOutcome, extra: Record<string, string> = {}): void {
    const device = kind === 'audio' ? undefined : kind === 'endOfDay' ? 'terminal' : kind;
    this.deps.log[outcome.result === 'failed' ? 'warn' : 'info']('selftest', { ...(device ? { device } : {}), test: kind, result: outcome.result, code: outcome.code, ...extra });
  }

  private set(visit: VisitTests, view: SelfTestView): void {
    visit.tests.set(view.kind, Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined)) as SelfTestView);
    this.deps.refresh();
  }
}
