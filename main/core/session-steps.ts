import type { AttractStep, KioskState, OutOfServiceStep, ScreenId, ScreenTexts, ShopperStep, TechnicianStep, TechnicianVisit } from '../contract';
import type { SessionTimings } from './catalog';
import type { Clock } from './ports';
import { Shopper, type StepHooks, type StepNote } from './shopper';
import { checkedState } from './state-check';

/** The parts of the state that belong to the kiosk, not to a shopper. */
export type KioskFacts = Omit<KioskState, 'seq' | 'mode'>;

/** Screens where the shopper is expected to act, so inactivity ends the session. */
const INTERACTIVE: ReadonlySet<ScreenId> = new Set(['pin', 'welcome', 'beneficiary', 'form', 'fines', 'permit', 'visa', 'residency', 'confirm', 'result', 'requests', 'error']);

/**
 * Holds what the kiosk shows and sends it: the kiosk's own facts, the open shopper (if any) with
 * their step, and the step shown while nobody's session is open. Every change goes out as a full
 * state, checked against the contract; every move to a new step rearms the inactivity timer.
 */
export class SessionSteps implements StepHooks {
  facts: KioskFacts;
  private current: Shopper | undefined;
  private idle: AttractStep = { screen: 'attract' };
  /** A technician's visit (main/core/technician.ts keeps it); never open beside a shopper. */
  private visit: TechnicianVisit | undefined;
  /** Set while the kiosk is out of service: shown whenever nobody is being served. */
  private outOfService: OutOfServiceStep | undefined;
  private state: KioskState;
  private readonly listeners = new Set<(state: KioskState) => void>();
  private idleTimer: NodeJS.Timeout | undefined;
  private countdownTimer: NodeJS.Timeout | undefined;
  private noticeTimer: NodeJS.Timeout | undefined;
  /** The last shopper's language, kept only while the notice that ended their session is shown. */
  private languageHeld = false;

  constructor(
    private readonly options: {
      currency: string;
      clock: Clock;
      timings: SessionTimings;
      texts?: ScreenTexts;
      checkStates?: boolean;
      /** The countdown ran out on an interactive screen. */
      onTimeout(): void;
    },
  ) {
    this.facts = {
      lang: 'ar',
      gateway: 'unknown',
      devices: { card: 'unknown', printer: 'unknown', terminal: 'unknown' },
      offer: { inService: true, paid: true, receipt: 'paper' },
      currency: options.currency,
      busy: false,
      ...(options.texts ? { texts: options.texts } : {}),
    };
    this.state = checkedState({ ...this.facts, seq: 0, mode: { kind: 'attract', step: this.idle } }, options.checkStates);
  }

  get snapshot(): KioskState {
    return this.state;
  }

  /** The open session, from card insert to its end; undefined between shoppers. */
  get shopper(): Shopper | undefined {
    return this.current;
  }

  get screen(): ScreenId {
    return this.current?.step.screen ?? this.visit?.step.screen ?? this.shownOutOfService?.screen ?? this.idle.screen;
  }

  /** A technician's visit is open (from the technician card to the end of the visit). */
  get technicianPresent(): boolean {
    return this.visit !== undefined;
  }

  /** A shopper who just finished still sees their goodbye; the out-of-service screen replaces the attract one. */
  private get shownOutOfService(): OutOfServiceStep | undefined {
    return this.idle.screen === 'attract' ? this.outOfService : undefined;
  }

  get isOutOfService(): boolean {
    return this.outOfService !== undefined;
  }

  /** Opens a technician's visit, dropping whatever a shopper had on screen. */
  openVisit(technician: string, step: TechnicianStep, facts: Partial<KioskFacts> = {}): void {
    this.current = undefined;
    this.visit = { technician, step };
    this.clearTimers();
    this.facts = { ...this.facts, busy: false, timeoutAt: undefined, notice: undefined, ...facts };
    this.emit();
  }

  showVisit(step: TechnicianStep, facts: Partial<KioskFacts> = {}): void {
    if (!this.visit) return;
    this.visit = { ...this.visit, step };
    this.facts = { ...this.facts, ...facts };
    this.emit();
  }

  /** Ends the visit; the kiosk shows the attract screen, or the out-of-service one if it is out of service. */
  closeVisit(facts: Partial<KioskFacts> = {}): void {
    this.visit = undefined;
    this.idle = { screen: 'attract' };
    this.facts = { ...this.facts, busy: false, timeoutAt: undefined, notice: undefined, lang: 'ar', ...facts };
    this.emit();
  }

  /** Out of service (with where to go instead) or back in service; a shopper's open session is left to end first. */
  setOutOfService(step: OutOfServiceStep | undefined): void {
    if (this.outOfService === step) return;
    this.outOfService = step;
    if (!this.current) this.emit();
  }

  get interactive(): boolean {
    return INTERACTIVE.has(this.screen);
  }

  onState(listener: (state: KioskState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  /** A new shopper's session, replacing any open one, on its first step. */
  open(sessionId: string, step: ShopperStep, note: StepNote): Shopper {
    const shopper = new Shopper(sessionId, step);
    this.current = shopper;
    // The next person starts in Arabic, not in the language of whoever's notice was still showing.
    this.facts = { ...this.facts, timeoutAt: undefined, ...(this.languageHeld ? { lang: 'ar' as const } : {}) };
    this.languageHeld = false;
    this.show(shopper, step, note);
    return shopper;
  }

  isCurrent(shopper: Shopper): boolean {
    return shopper === this.current;
  }

  /** Moves to a step; a notice belongs to the step change that caused it. */
  show(shopper: Shopper, step: ShopperStep, note: StepNote = {}): void {
    if (shopper !== this.current) return;
    shopper.step = step;
    this.facts = { ...this.facts, notice: undefined, ...note };
    this.emit();
    this.armIdleTimer();
  }

  revise(shopper: Shopper, step: ShopperStep, note: StepNote = {}): void {
    if (shopper !== this.current || shopper.step.screen !== step.screen) return;
    shopper.step = step;
    this.facts = { ...this.facts, ...note };
    this.emit();
  }

  update(facts: Partial<KioskFacts>): void {
    if (facts.lang) this.languageHeld = false;
    this.facts = { ...this.facts, ...facts };
    // An inquiry's outcome on the menu lasts as long as its notice.
    const shopper = this.current;
    if ('notice' in facts && shopper?.step.screen === 'welcome' && shopper.step.inquiryOutcome) {
      const { inquiryOutcome: _, ...menu } = shopper.step;
      shopper.step = menu;
    }
    this.emit();
  }

  /** No step bar then: it would count the shopper into a purchase they never began. */
  inquiryEnded(shopper: Shopper, notice: NonNullable<KioskFacts['notice']>): void {
    const step = shopper.step;
    if (step.screen === 'welcome') this.revise(shopper, { ...step, inquiryOutcome: true }, { busy: false, notice });
    else this.update({ busy: false, notice });
  }

  /** Drops the shopper (if any): nothing of theirs is left to show, and nothing is pending for them. */
  close(step: AttractStep, facts: Partial<KioskFacts>): void {
    this.current = undefined;
    this.idle = step;
    this.facts = { ...this.facts, busy: false, timeoutAt: undefined, notice: undefined, ...facts };
    this.emit();
    this.armIdleTimer();
  }

  /** A notice on the attract screen fades after a while, as long as nobody has started. */
  fadeNotice(afterMs: number): void {
    clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      if (this.screen !== 'attract') return;
      this.update({ notice: undefined, ...(this.languageHeld ? { lang: 'ar' as const } : {}) });
    }, afterMs);
  }

  /**
   * Ends the session on the attract screen with a notice read in the shopper's own language (an
   * English speaker told in Arabic that their session ended has not been told); the kiosk is back
   * in Arabic once the notice fades, or when the next person starts.
   */
  closeWithNotice(notice: NonNullable<KioskFacts['notice']>, fadeAfterMs: number): void {
    this.close({ screen: 'attract' }, { notice });
    this.languageHeld = this.facts.lang !== 'ar';
    this.fadeNotice(fadeAfterMs);
  }

  /** The shopper did something: the countdown (if any) is called off and the timer starts again. */
  touch(): void {
    if (this.facts.timeoutAt !== undefined) this.update({ timeoutAt: undefined });
    this.armIdleTimer();
  }

  dispose(): void {
    this.clearTimers();
    clearTimeout(this.noticeTimer);
  }

  private emit(): void {
    const mode: KioskState['mode'] = this.current
      ? { kind: 'shopper', session: { step: this.current.step } }
      : this.visit
        ? { kind: 'technician', visit: this.visit }
        : this.shownOutOfService
          ? { kind: 'outOfService', step: this.shownOutOfService }
          : { kind: 'attract', step: this.idle };
    this.state = checkedState({ ...this.facts, seq: this.state.seq + 1, mode }, this.options.checkStates);
    for (const listener of this.listeners) listener(this.state);
  }

  private armIdleTimer(): void {
    this.clearTimers();
    if (!this.interactive) return;
    const { timings, clock } = this.options;
    this.idleTimer = setTimeout(() => {
      this.update({ timeoutAt: clock.now() + timings.warningCountdownMs });
      this.countdownTimer = setTimeout(() => this.options.onTimeout(), timings.warningCountdownMs);
    }, timings.idleWarningMs);
  }

  private clearTimers(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.countdownTimer);
  }
}
