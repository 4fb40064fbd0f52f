import { CodedError, errorCode } from '../../shared/coded-error';
import {
  ACCEPTED,
  type DeviceId,
  type DeviceStates,
  type Intent,
  type DeviceActionView,
  type IntentResult,
  type LogDevice,
  type LogsView,
  type NoticeCode,
  type OutOfServiceStep,
  type QueueActionView,
  type QueueOverview,
  rejected,
  type SelfTestDetails,
  type SelfTestKind,
  type SelfTestView,
  type TechnicianPage,
  type TechnicianStep,
} from '../contract';
import { type AvailabilityPolicy, DEFAULT_AVAILABILITY, outOfServiceBecause } from './availability';
import type { DeviceStatesPort } from './device-states';
import type { LogsPort } from './log-ring';
import type { Clock, Logger } from './ports';
import { type DeviceActionOutcome, type DeviceSettingChange, DeviceSettingsDesk, type DeviceSettingsPort } from './device-settings-desk';
import { QueueDesk, type QueuePort } from './queue-desk';
import type { SessionSteps } from './session-steps';
import type { PinCheck, TechnicianAccess, WorkOrderCheck } from './technician-access';

/**
 * A field technician's visit, from the technician card to the end (issue 11): the PIN at the
 * door (TechnicianAccess), the device states and self-tests, out of service on and off, and the
 * way out, where the devices are checked again and the kiosk returns to service only if the
 * ones it cannot serve without are healthy. Every action goes to the audit log with the card's
 * masked id.
 */
export type AuditAction =
  | 'technician-card'
  | 'refused'
  | 'pin-wrong'
  | 'work-order-wrong'
  | 'locked-out'
  | 'pin-while-locked'
  | 'enter'
  | 'selftest'
  | 'out-of-service-on'
  | 'out-of-service-off'
  | 'queue-retry'
  | 'queue-drain'
  | 'refunded'
  | 'device-setting'
  | 'device-restart'
  | 'exit';

export type AuditDetail = Record<string, string | number | boolean>;

export interface AuditPort {
  /** Appends one entry, durably; never throws (a failure is logged where it happens). */
  record(actor: string, action: AuditAction, detail?: AuditDetail): void;
}

export interface SelfTestOutcome {
  result: 'passed' | 'failed';
  code?: string;
  details?: SelfTestDetails;
}

export interface DiagnosticsPort {
  /**
   * Runs one self-test on the real device; rejects only for a bug (a device failure is a `failed`
   * outcome). `signal` ends the card test early: the card it reads has left.
   */
  selfTest(kind: Exclude<SelfTestKind, 'audio'>, signal?: AbortSignal): Promise<SelfTestOutcome>;
  /** Asks every device again (readers, printer status, terminal status, gateway probe); resolves once the model is up to date. */
  recheck(): Promise<void>;
}

export interface TechnicianDeps {
  access: TechnicianAccess;
  audit: AuditPort;
  diagnostics: DiagnosticsPort;
  devices: DeviceStatesPort;
  /** A visit idle this long ends by itself (longer than a shopper's idle time: the config checks). */
  idleMs: number;
  /** Where shoppers can go while this kiosk is out of service, from config. */
  alternative: OutOfServiceStep['alternative'];
  /** The outbox and the payment journal (the queue and money page); without it the page is not offered. */
  queue?: QueuePort;
  /** The kiosk's recent log lines and counters since start (the logs page); without it the page is not offered. */
  logs?: LogsPort;
  /**
   * The out-of-service rules in force (settings `availability`), the same the shopper's offer is
   * made from, so leaving a visit and the welcome list never disagree; read at every check, and
   * judged again when a new bundle replaces them.
   */
  rules?: AvailabilityPolicy;
  /** Device settings a technician may change on site, and the restarts that apply them; without it neither is offered. */
  deviceSettings?: DeviceSettingsPort;
  /** Where an out of service a person asked for is kept, so a restart does not undo it; in memory only without it. */
  kept?: KeptOutOfServicePort;
}

/** Lines on the touch screen, and through kioskctl (which has room for the whole ring). */
const PAGE_LOG_LINES = 100;
const CLI_LOG_LINES = 1000;
const LOGS_REFRESH_MS = 500;

/** Who took the kiosk out of service. */
type OutOfService = { by: 'technician' | 'kioskctl' | 'devices'; reason: string };

/** An out of service a person asked for, as kept across restarts (offline-cache/out-of-service-store.ts). */
export interface KeptOutOfService {
  by: 'technician' | 'kioskctl';
  reason: string;
  at: number;
}

export interface KeptOutOfServicePort {
  read(): KeptOutOfService | undefined;
  save(record: KeptOutOfService): void;
  clear(): void;
}

interface Visit {
  actor: string;
  /** The technician card's id number, which a work-order code may be bound to; never shown or recorded. */
  cardId: string;
  /** The PIN was right; a work-order code is still asked for. */
  pinOk: boolean;
  /** What the last work-order code was told, for its screen. */
  workOrder?: Extract<TechnicianStep, { screen: 'technicianWorkOrder' }>;
  authenticated: boolean;
  tests: Map<SelfTestKind, SelfTestView>;
  testRunning: boolean;
  /** The self-test under way: the way out waits for it, and stops a card test (its card is gone). */
  running?: { kind: SelfTestKind; done: Promise<void>; abort: AbortController };
  ending: boolean;
  page: TechnicianPage;
  /** The last queue action of this visit, shown on the queue page. */
  lastQueueAction?: QueueActionView;
  /** The last device setting change or restart of this visit, shown on the settings page. */
  lastDeviceAction?: DeviceActionView;
  /** The device the logs page shows (none: every line). */
  logsDevice?: LogDevice;
  stopWatching?: () => void;
}

export class TechnicianDesk {
  private visit: Visit | undefined;
  private outOfService: OutOfService | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  /** The self-test kioskctl runs outside a visit, if any: a card test owns whatever card goes in. */
  private standalone: SelfTestKind | undefined;
  private readonly stopHealthWatch: () => void;
  private readonly queue: QueueDesk | undefined;
  private readonly logsPage: LogsPort | undefined;
  private logsRefresh: NodeJS.Timeout | undefined;
  private readonly settings: DeviceSettingsDesk | undefined;
  /**
   * Device restarts under way (from the settings page or kioskctl): the way out of a visit waits
   * for them, so its device check sees the device as the restart left it, not half open.
   */
  private readonly restarts = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: TechnicianDeps,
    private readonly steps: SessionSteps,
    private readonly env: { log: Logger; clock: Clock; visitClosed?: () => void; serviceTitle?: (serviceId: string) => { ar: string; en: string } | undefined },
  ) {
    this.logsPage = deps.logs;
    this.queue = deps.queue && new QueueDesk(deps.queue, deps.audit, env);
    this.settings = deps.deviceSettings && new DeviceSettingsDesk(deps.deviceSettings, deps.audit, env);
    // Before the devices are heard: a kiosk a person took out of service stays so after a crash
    // or a restart, whatever the devices say; only that person's "off" brings it back.
    this.restoreKept();
    // The devices take the kiosk out of service by themselves (no card reader: the bilingual
    // screen, not an error), and that ends by itself once they are healthy again. During a visit
    // the technician decides; the exit check applies the same rule.
    const stopDevices = deps.devices.onChange((states) => this.followDevices(states, 'devices-healthy'));
    // New rules judge the devices as they are now: a printer the fleet now needs may be out already.
    const stopRules = deps.rules?.onChange(() => this.followDevices(deps.devices.snapshot, 'rules-changed'));
    this.stopHealthWatch = () => {
      stopDevices();
      stopRules?.();
    };
  }

  private followDevices(states: DeviceStates, after: 'devices-healthy' | 'rules-changed'): void {
    if (this.visit) return;
    const failing = this.failing(states);
    if (!this.outOfService && failing.length > 0) {
      this.env.log.warn('out-of-service', { by: 'devices', failing: failing.join(',') });
      this.setOutOfServiceFlag({ by: 'devices', reason: failing.join(',') });
    } else if (this.outOfService?.by === 'devices' && failing.length === 0) {
      this.env.log.info('back-in-service', { after });
      this.setOutOfServiceFlag(undefined);
    }
  }

  get open(): boolean {
    return this.visit !== undefined;
  }

  /** kioskctl's card test is waiting for a card or reading one: the card that goes in is the test's. */
  get cardTestRunning(): boolean {
    return this.standalone === 'card';
  }

  /** The visit is over but its exit check still runs: a card inserted now waits for the check. */
  get ending(): boolean {
    return this.visit?.ending === true;
  }

  status(): { outOfService: boolean; by?: OutOfService['by']; reason?: string; technicianPresent: boolean; selfTestRunning?: SelfTestKind } {
    return { outOfService: this.outOfService !== undefined, ...this.outOfService, technicianPresent: this.open, ...(this.standalone ? { selfTestRunning: this.standalone } : {}) };
  }

  /** A technician card was read (the session made sure no shopper's payment is still settling). */
  start(actor: string, cardId: string): void {
    this.endVisitQuietly();
    this.visit = { actor, cardId, pinOk: false, authenticated: false, tests: new Map(), testRunning: false, ending: false, page: 'devices' };
    this.deps.audit.record(actor, 'technician-card');
    this.env.log.info('technician-visit', { phase: 'card' });
    this.steps.openVisit(actor, this.pinStep(false));
    this.armIdle();
  }

  /** Refused before it started (a shopper's payment is settling): recorded, nothing opens. */
  refuse(actor: string, why: string): void {
    this.deps.audit.record(actor, 'refused', { why });
  }

  cardRemoved(): void {
    if (this.visit) void this.exit('card-removed');
  }

  async handle(intent: Intent): Promise<IntentResult> {
    const visit = this.visit;
    if (!visit || visit.ending) return rejected('not-allowed-now', `${intent.type} is not accepted now`);
    this.armIdle();
    switch (intent.type) {
      case 'submitPin':
        if (visit.authenticated || visit.pinOk || this.steps.facts.busy) return this.notNow(intent.type);
        void this.checkPin(visit, intent.pin);
        return ACCEPTED;
      case 'submitWorkOrder':
        if (visit.authenticated || !visit.pinOk || this.steps.facts.busy) return this.notNow(intent.type);
        this.checkWorkOrder(visit, intent.code);
        return ACCEPTED;
      case 'exitDiagnostics':
        void this.exit('exit');
        return ACCEPTED;
      case 'runSelfTest':
        if (!visit.authenticated || visit.testRunning) return this.notNow(intent.type);
        if (intent.test === 'endOfDay' || intent.test === 'audio') {
          this.setTest(visit, { kind: intent.test, state: 'confirm', at: this.env.clock.now() });
          return ACCEPTED;
        }
        void this.runTest(visit, intent.test);
        return ACCEPTED;
      case 'confirmSelfTest': {
        const waiting = [...visit.tests.values()].find((t) => t.state === 'confirm');
        if (!visit.authenticated || visit.testRunning || !waiting) return this.notNow(intent.type);
        if (waiting.kind === 'audio') {
          const outcome: SelfTestOutcome = intent.confirmed ? { result: 'passed' } : { result: 'failed', code: 'not-heard' };
          this.recordTest(visit, 'audio', outcome);
        } else if (intent.confirmed) void this.runTest(visit, 'endOfDay');
        else {
          this.setTest(visit, { kind: waiting.kind, state: 'cancelled', at: this.env.clock.now() });
          this.deps.audit.record(visit.actor, 'selftest', { test: waiting.kind, result: 'cancelled' });
        }
        return ACCEPTED;
      }
      case 'setOutOfService':
        if (!visit.authenticated) return this.notNow(intent.type);
        this.setOutOfService(intent.on, { by: 'technician', actor: visit.actor, reason: 'technician' });
        return ACCEPTED;
      case 'openTechnicianPage':
        if (!visit.authenticated || (intent.page === 'queue' && !this.queue) || (intent.page === 'logs' && !this.logsPage) || (intent.page === 'settings' && !this.settings)) return this.notNow(intent.type);
        visit.page = intent.page;
        this.refresh();
        return ACCEPTED;
      case 'setDeviceSetting': {
        if (!visit.authenticated || visit.page !== 'settings' || !this.settings) return this.notNow(intent.type);
        visit.lastDeviceAction = this.settings.change(visit.actor, [{ key: intent.key, value: intent.value ?? undefined }]).view;
        this.refresh();
        return ACCEPTED;
      }
      case 'restartDevice': {
        const settings = this.settings;
        if (!visit.authenticated || visit.page !== 'settings' || !settings || visit.testRunning) return this.notNow(intent.type);
        // The technician's card is in the reader: restarting it now would read that card again. It restarts when the visit ends with the card out.
        if (intent.device === 'cardReader') {
          visit.lastDeviceAction = { action: 'restart', result: 'refused', code: 'card-in-reader', device: 'cardReader', at: this.env.clock.now() };
          this.refresh();
          return ACCEPTED;
        }
        void this.restartOnPage(visit, settings, intent.device);
        return ACCEPTED;
      }
      case 'filterLogs':
        if (!visit.authenticated || visit.page !== 'logs') return this.notNow(intent.type);
        visit.logsDevice = intent.device;
        this.refresh();
        return ACCEPTED;
      case 'retryOutbox':
      case 'drainOutbox':
      case 'markRefunded': {
        const queue = this.queue;
        if (!visit.authenticated || visit.page !== 'queue' || !queue) return this.notNow(intent.type);
        visit.lastQueueAction =
          intent.type === 'retryOutbox'
            ? queue.retry(visit.actor, intent.entryId)
            : intent.type === 'drainOutbox'
              ? queue.drain(visit.actor)
              : queue.markRefunded(visit.actor, intent.paymentId, `refunded (${intent.how}), recorded by technician ${visit.actor}`);
        this.refresh();
        return ACCEPTED;
      }
      default:
        return this.notNow(intent.type);
    }
  }

  /** Takes the kiosk out of service or back (the technician's toggle, or kioskctl). */
  setOutOfService(on: boolean, who: { by: 'technician' | 'kioskctl'; actor: string; reason: string }): void {
    this.deps.audit.record(who.actor, on ? 'out-of-service-on' : 'out-of-service-off', { by: who.by, reason: who.reason.slice(0, 200) });
    this.env.log.info('out-of-service', { on, by: who.by });
    this.setOutOfServiceFlag(on ? { by: who.by, reason: who.reason } : undefined);
    this.keep(on ? { by: who.by, reason: who.reason.slice(0, 200), at: this.env.clock.now() } : undefined);
    this.refresh();
  }

  /**
   * A self-test asked for from outside the touch screen (`kioskctl diag selftest`), recorded like
   * one from a visit. Refused while a shopper is being served or another test runs: a shopper's
   * session is never disturbed from the side.
   */
  async selfTest(kind: 'card' | 'printer' | 'terminal' | 'gateway', actor: string): Promise<SelfTestOutcome> {
    if (this.steps.shopper) throw new CodedError('kiosk-busy', 'a shopper is using the kiosk: try again when the session has ended');
    if (this.standalone || this.visit?.testRunning) throw new CodedError('kiosk-busy', 'another self-test is running');
    // The card test reads whichever card goes in next: at a kiosk in service that may be a
    // shopper's, who would wait unserved while their card is read for a test.
    if (kind === 'card' && !this.visit && !this.steps.isOutOfService && this.steps.facts.offer.inService) {
      throw new CodedError('kiosk-in-service', 'the card test reads the next card inserted: take the kiosk out of service first, or test the card in a technician’s visit');
    }
    this.standalone = kind;
    let outcome: SelfTestOutcome;
    try {
      outcome = await this.deps.diagnostics.selfTest(kind);
    } catch (err) {
      outcome = { result: 'failed', code: errorCode(err)?.toLowerCase() ?? 'selftest-error' };
    } finally {
      this.standalone = undefined;
    }
    this.deps.audit.record(actor, 'selftest', { test: kind, result: outcome.result, by: 'kioskctl', ...(outcome.code ? { code: outcome.code } : {}), ...outcome.details });
    this.logTest(kind, outcome, { by: 'kioskctl' });
    return outcome;
  }

  /** The recent logs for kioskctl (more lines than the screen shows); undefined on a kiosk without them. */
  logs(device?: LogDevice): LogsView | undefined {
    return this.logsPage?.view(device, CLI_LOG_LINES);
  }

  /** The queue and money page for kioskctl; undefined on a kiosk without one. */
  queueOverview(): QueueOverview | undefined {
    return this.queue?.overview();
  }

  /** A queue action from kioskctl, decided and audited as one from the touch screen; undefined without a queue. */
  queueAction(actor: string, action: { type: 'retry'; entryId?: string } | { type: 'drain' } | { type: 'refunded'; paymentId: string; note: string }): QueueActionView | undefined {
    const queue = this.queue;
    if (!queue) return undefined;
    const view = action.type === 'retry' ? queue.retry(actor, action.entryId) : action.type === 'drain' ? queue.drain(actor) : queue.markRefunded(actor, action.paymentId, action.note);
    this.refresh();
    return view;
  }

  /** The device settings for kioskctl; undefined on a kiosk without them. */
  deviceSettings(): ReturnType<DeviceSettingsDesk['view']> | undefined {
    return this.settings?.view();
  }

  /** Device settings changed from kioskctl, checked and audited as from the touch screen; undefined without them. */
  changeDeviceSettings(actor: string, changes: readonly DeviceSettingChange[]): DeviceActionOutcome | undefined {
    const outcome = this.settings?.change(actor, changes);
    this.refresh();
    return outcome;
  }

  /**
   * A device restarted from kioskctl to put its kept settings in force. Refused while a shopper
   * is served or a self-test runs (the device is theirs), and the card reader while a visit is
   * open (the technician's card is in it, and the visit would end).
   */
  async restartDevice(actor: string, device: Parameters<DeviceSettingsDesk['restart']>[1]): Promise<DeviceActionOutcome | undefined> {
    if (!this.settings) return undefined;
    if (this.steps.shopper) throw new CodedError('kiosk-busy', 'a shopper is using the kiosk: try again when the session has ended');
    if (this.standalone || this.visit?.testRunning) throw new CodedError('kiosk-busy', 'a self-test is running');
    if (device === 'cardReader' && this.visit) throw new CodedError('kiosk-busy', 'a technician’s card is in the reader: restart it once the visit has ended');
    const outcome = await this.track(this.settings.restart(actor, device));
    this.refresh();
    return outcome;
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.logsRefresh);
    this.visit?.stopWatching?.();
    this.stopHealthWatch();
  }

  // ---- the visit ----

  private async checkPin(visit: Visit, pin: string): Promise<void> {
    this.steps.update({ busy: true });
    let check: PinCheck;
    try {
      check = await this.deps.access.check(pin);
    } catch (err) {
      this.env.log.warn('technician-pin-failed', { code: errorCode(err) ?? 'error' });
      check = { result: 'too-soon' };
    }
    if (visit !== this.visit || visit.ending) return;
    switch (check.result) {
      case 'ok':
        if (this.deps.access.workOrderRequired) {
          visit.pinOk = true;
          visit.workOrder = { screen: 'technicianWorkOrder', triesLeft: this.deps.access.status().triesLeft };
          this.steps.showVisit(visit.workOrder, { busy: false });
          return;
        }
        this.enter(visit);
        return;
      case 'wrong':
        this.deps.audit.record(visit.actor, 'pin-wrong', { triesLeft: check.triesLeft });
        this.steps.showVisit(this.pinStep(true), { busy: false });
        return;
      case 'locked-out':
      case 'locked':
        this.deps.audit.record(visit.actor, check.result === 'locked-out' ? 'locked-out' : 'pin-while-locked', { until: new Date(check.until).toISOString() });
        this.steps.showVisit(this.pinStep(true), { busy: false });
        return;
      case 'too-soon':
      case 'not-configured':
        this.steps.showVisit(this.pinStep(false), { busy: false });
        return;
    }
  }

  private checkWorkOrder(visit: Visit, code: string): void {
    let check: WorkOrderCheck;
    try {
      check = this.deps.access.checkWorkOrder(code, visit.cardId);
    } catch (err) {
      this.env.log.warn('work-order-check-failed', { code: errorCode(err) ?? 'error' });
      check = { result: 'too-soon' };
    }
    switch (check.result) {
      case 'ok':
        this.enter(visit, { workOrder: check.order, key: check.keyId, until: new Date(check.expiresAt).toISOString() });
        return;
      case 'wrong':
        this.deps.audit.record(visit.actor, 'work-order-wrong', { reason: check.reason, triesLeft: check.triesLeft, ...(check.block ? { block: check.block } : {}) });
        visit.workOrder = { screen: 'technicianWorkOrder', refused: check.reason, triesLeft: check.triesLeft, ...(check.block ? { block: check.block } : {}) };
        break;
      case 'locked-out':
        this.deps.audit.record(visit.actor, 'work-order-wrong', { reason: check.reason, triesLeft: 0 });
        this.deps.audit.record(visit.actor, 'locked-out', { until: new Date(check.until).toISOString(), factor: 'work-order' });
        visit.workOrder = { screen: 'technicianWorkOrder', refused: check.reason, triesLeft: 0, lockedUntil: check.until };
        break;
      case 'locked':
        this.deps.audit.record(visit.actor, 'pin-while-locked', { until: new Date(check.until).toISOString(), factor: 'work-order' });
        visit.workOrder = { screen: 'technicianWorkOrder', triesLeft: 0, lockedUntil: check.until };
        break;
      case 'too-soon':
        break;
    }
    this.env.log.info('technician-visit', { phase: 'work-order', result: check.result, ...('reason' in check ? { reason: check.reason } : {}) });
    this.steps.showVisit(visit.workOrder!, { busy: false });
  }

  /** Card, PIN and (where asked) the work order held: the visit is open. */
  private enter(visit: Visit, detail?: AuditDetail): void {
    visit.authenticated = true;
    visit.workOrder = undefined;
    this.deps.audit.record(visit.actor, 'enter', detail);
    this.env.log.info('technician-visit', { phase: 'entered' });
    this.steps.showVisit(this.visitStep(visit), { busy: false });
    const stopDevices = this.deps.devices.onChange(() => this.refresh());
    const stopQueue = this.queue?.onChange(() => visit.page === 'queue' && this.refresh());
    const stopLogs = this.logsPage?.onChange(() => visit.page === 'logs' && this.refreshLogsSoon());
    visit.stopWatching = () => {
      stopDevices();
      stopQueue?.();
      stopLogs?.();
      clearTimeout(this.logsRefresh);
      this.logsRefresh = undefined;
    };
  }

  private async runTest(visit: Visit, kind: Exclude<SelfTestKind, 'audio'>): Promise<void> {
    visit.testRunning = true;
    this.setTest(visit, { kind, state: 'running', at: this.env.clock.now() });
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
      this.recordTest(visit, kind, outcome);
    })();
    visit.running = { kind, done, abort };
    await done;
  }

  private recordTest(visit: Visit, kind: SelfTestKind, outcome: SelfTestOutcome): void {
    // Recorded even when the card was pulled meanwhile: the test ran on the device.
    this.deps.audit.record(visit.actor, 'selftest', { test: kind, result: outcome.result, ...(outcome.code ? { code: outcome.code } : {}), ...outcome.details });
    this.logTest(kind, outcome);
    this.setTest(visit, { kind, state: outcome.result, code: outcome.code, details: outcome.details, at: this.env.clock.now() });
  }

  /** Under the device it tested, so the logs page filtered by that device shows it; a failure is a warning. */
  private logTest(kind: SelfTestKind, outcome: SelfTestOutcome, extra: Record<string, string> = {}): void {
    const device = kind === 'audio' ? undefined : kind === 'endOfDay' ? 'terminal' : kind;
    this.env.log[outcome.result === 'failed' ? 'warn' : 'info']('selftest', { ...(device ? { device } : {}), test: kind, result: outcome.result, code: outcome.code, ...extra });
  }

  private setTest(visit: Visit, view: SelfTestView): void {
    visit.tests.set(view.kind, Object.fromEntries(Object.entries(view).filter(([, v]) => v !== undefined)) as SelfTestView);
    this.refresh();
  }

  /** Card out, the exit button, or inactivity: check the devices, then back to service or out of it. */
  private async exit(how: 'card-removed' | 'exit' | 'timeout'): Promise<void> {
    const visit = this.visit;
    if (!visit || visit.ending) return;
    visit.ending = true;
    clearTimeout(this.idleTimer);
    visit.stopWatching?.();
    if (!visit.authenticated) {
      this.deps.audit.record(visit.actor, 'exit', { how, entered: false });
      this.visit = undefined;
      this.steps.closeVisit(how === 'timeout' ? { notice: 'technician-timeout' } : {});
      this.env.visitClosed?.();
      return;
    }
    this.steps.update({ busy: true });
    // A test still running ends first: the check below must see the devices after it, and the
    // next person must not meet a device still busy with this visit (a card test is stopped: the
    // card it reads is gone, and it must not read the next one).
    if (visit.running) {
      if (visit.running.kind === 'card') visit.running.abort.abort();
      await visit.running.done;
    }
    // So does a device restart: checked half open, the device would fail the check (and the kiosk
    // stay out of service) or pass it and fail the next shopper.
    if (this.restarts.size > 0) await Promise.allSettled([...this.restarts]);
    // A new reader pattern waits for the card to leave (restarting earlier would read it again).
    if (how === 'card-removed' && this.settings?.view().pending.includes('cardReader')) await this.settings.restart(visit.actor, 'cardReader');
    try {
      await this.deps.diagnostics.recheck();
    } catch (err) {
      this.env.log.warn('device-recheck-failed', { code: errorCode(err) ?? 'error' });
    }
    if (this.visit !== visit) return; // replaced meanwhile: the screen is the new visit's
    const failing = this.failing(this.deps.devices.snapshot);
    if (!this.outOfService && failing.length > 0) this.setOutOfServiceFlag({ by: 'devices', reason: failing.join(',') });
    const back = this.outOfService ? 'out-of-service' : 'in-service';
    this.deps.audit.record(visit.actor, 'exit', { how, back, ...(failing.length ? { failing: failing.join(',') } : {}) });
    this.env.log.info('technician-visit', { phase: 'ended', how, back });
    this.visit = undefined;
    const notice: NoticeCode | undefined = how === 'timeout' ? 'technician-timeout' : back === 'in-service' ? 'back-in-service' : undefined;
    this.steps.closeVisit(notice ? { notice } : {});
    if (notice) this.steps.fadeNotice(8000);
    this.env.visitClosed?.();
  }

  /** A second technician card replaces the first visit; nothing is left of it on screen. */
  private endVisitQuietly(): void {
    if (!this.visit) return;
    this.visit.stopWatching?.();
    this.deps.audit.record(this.visit.actor, 'exit', { how: 'replaced' });
    this.visit = undefined;
  }

  private failing(states: DeviceStates): DeviceId[] {
    return outOfServiceBecause(states, this.deps.rules?.rules ?? DEFAULT_AVAILABILITY);
  }

  private restoreKept(): void {
    let kept: KeptOutOfService | undefined;
    try {
      kept = this.deps.kept?.read();
    } catch (err) {
      this.env.log.error('out-of-service-unreadable', { code: errorCode(err) ?? 'error' });
    }
    if (!kept) return;
    this.env.log.warn('out-of-service', { on: true, by: kept.by, since: new Date(kept.at).toISOString(), restored: true });
    this.setOutOfServiceFlag({ by: kept.by, reason: kept.reason });
  }

  /** Kept in the database; a failure leaves the kiosk out of service (or not) until the next start, and says so. */
  private keep(record: KeptOutOfService | undefined): void {
    try {
      if (record) this.deps.kept?.save(record);
      else this.deps.kept?.clear();
    } catch (err) {
      this.env.log.error('out-of-service-not-kept', { on: record !== undefined, code: errorCode(err) ?? 'error' });
    }
  }

  private setOutOfServiceFlag(flag: OutOfService | undefined): void {
    this.outOfService = flag;
    this.steps.setOutOfService(flag ? { screen: 'outOfService', alternative: this.deps.alternative } : undefined);
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.exit('timeout'), this.deps.idleMs);
  }

  /**
   * New lines arrive in bursts (a device failing logs several): the page follows at most twice a
   * second, and a line logged while the page is sent cannot start an endless round.
   */
  private refreshLogsSoon(): void {
    this.logsRefresh ??= setTimeout(() => {
      this.logsRefresh = undefined;
      if (this.visit?.page === 'logs') this.refresh();
    }, LOGS_REFRESH_MS);
  }

  private refresh(): void {
    const visit = this.visit;
    if (!visit?.authenticated || visit.ending) return;
    this.steps.showVisit(this.visitStep(visit), { busy: visit.testRunning });
  }

  private async restartOnPage(visit: Visit, settings: DeviceSettingsDesk, device: 'printer' | 'terminal'): Promise<void> {
    visit.testRunning = true;
    this.refresh();
    const outcome = await this.track(settings.restart(visit.actor, device));
    visit.testRunning = false;
    visit.lastDeviceAction = outcome.view;
    this.refresh();
  }

  private track<T>(restart: Promise<T>): Promise<T> {
    this.restarts.add(restart);
    void restart.finally(() => this.restarts.delete(restart)).catch(() => undefined);
    return restart;
  }

  private visitStep(visit: Visit): TechnicianStep {
    if (visit.page === 'settings' && this.settings) {
      return { screen: 'techSettings', settings: this.settings.view(), choices: this.settings.choices(), ...(visit.lastDeviceAction ? { last: visit.lastDeviceAction } : {}) };
    }
    if (visit.page === 'logs' && this.logsPage) return { screen: 'techLogs', logs: this.logsPage.view(visit.logsDevice, PAGE_LOG_LINES) };
    if (visit.page === 'queue' && this.queue) {
      return { screen: 'techQueue', queue: this.titled(this.queue.overview()), ...(visit.lastQueueAction ? { last: visit.lastQueueAction } : {}) };
    }
    return this.diagnosticsStep(visit);
  }

  /** Each dead letter with its service's name from the catalog in force, so the page reads in the technician's language. */
  private titled(overview: QueueOverview): QueueOverview {
    const title = this.env.serviceTitle;
    if (!title) return overview;
    return {
      ...overview,
      deadLetters: overview.deadLetters.map((d) => {
        const t = title(d.serviceId);
        return t ? { ...d, title: { ar: t.ar.slice(0, 200), en: t.en.slice(0, 200) } } : d;
      }),
    };
  }

  private diagnosticsStep(visit: Visit): TechnicianStep {
    const devices = this.deps.devices;
    return { screen: 'diagnostics', devices: devices.snapshot, faultCounts: { ...devices.faultCounts }, tests: [...visit.tests.values()], outOfService: this.outOfService !== undefined && this.outOfService.by !== 'devices' };
  }

  private pinStep(wrong: boolean): TechnicianStep {
    const status = this.deps.access.status();
    return { screen: 'technicianPin', wrong, triesLeft: status.triesLeft, notConfigured: !this.deps.access.configured, ...(status.lockedUntil ? { lockedUntil: status.lockedUntil } : {}) };
  }

  private notNow(type: string): IntentResult {
    return rejected('not-allowed-now', `${type} is not accepted on the ${this.steps.screen} screen`);
  }
}
