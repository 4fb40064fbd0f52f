import { CodedError, errorCode } from '../../shared/coded-error';
import {
  ACCEPTED,
  type DeviceStates,
  type Intent,
  type IntentResult,
  type LogDevice,
  type LogsView,
  type NoticeCode,
  type OutOfServiceStep,
  type QueueActionView,
  type QueueOverview,
  rejected,
  type SelfTestKind,
  type TechnicianStep,
} from '../contract';
import type { AvailabilityPolicy } from './availability';
import type { DeviceActionOutcome, DeviceSettingChange, DeviceSettingsPort } from './device-settings-desk';
import type { DeviceStatesPort } from './device-states';
import type { LogsPort } from './log-ring';
import type { Clock, Logger } from './ports';
import type { QueuePort } from './queue-desk';
import type { SessionSteps } from './session-steps';
import type { TechnicianAccess } from './technician-access';
import { TechnicianDoor } from './technician-door';
import { type OutOfService, OutOfServiceSwitch } from './technician-out-of-service';
import { TechnicianPages, type VisitPages } from './technician-pages';
import type { AuditDetail, AuditPort, DiagnosticsPort, KeptOutOfServicePort, SelfTestOutcome } from './technician-ports';
import { SelfTests, type VisitTests } from './technician-self-tests';
import { WorkOrderFactor, type WorkOrderStep } from './technician-work-order';

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

interface Visit extends VisitTests, VisitPages {
  /** The technician card's id number, which a work-order code may be bound to; never shown or recorded. */
  cardId: string;
  /** The PIN was right; a work-order code is still asked for. */
  pinOk: boolean;
  /** What the last work-order code was told, for its screen. */
  workOrder?: WorkOrderStep;
  authenticated: boolean;
  ending: boolean;
  stopWatching?: () => void;
}

/**
 * A field technician's visit, from the technician card to the end (issue 11): the card and PIN
 * at the door (technician-door.ts, counted by TechnicianAccess) and where asked a work-order
 * code (technician-work-order.ts), then the device states and self-tests
 * (technician-self-tests.ts), out of service on and off (technician-out-of-service.ts), the
 * queue, logs and settings pages (technician-pages.ts), and the way out, where the devices are checked again and the
 * kiosk returns to service only if the ones it cannot serve without are healthy. Every action
 * goes to the audit log with the card's masked id.
 */
export class TechnicianDesk {
  private visit: Visit | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly door: TechnicianDoor;
  private readonly workOrder: WorkOrderFactor;
  private readonly outOfService: OutOfServiceSwitch;
  private readonly tests: SelfTests;
  private readonly pages: TechnicianPages;
  private readonly stopHealthWatch: () => void;

  constructor(
    private readonly deps: TechnicianDeps,
    private readonly steps: SessionSteps,
    private readonly env: { log: Logger; clock: Clock; visitClosed?: () => void; serviceTitle?: (serviceId: string) => { ar: string; en: string } | undefined },
  ) {
    this.pages = new TechnicianPages(deps, { ...env, visit: () => this.visit, refresh: () => this.refresh() });
    this.door = new TechnicianDoor({ access: deps.access, audit: deps.audit, steps, log: env.log });
    this.workOrder = new WorkOrderFactor({ access: deps.access, audit: deps.audit, log: env.log });
    this.outOfService = new OutOfServiceSwitch({ steps, audit: deps.audit, log: env.log, clock: env.clock, alternative: deps.alternative, rules: deps.rules, kept: deps.kept });
    this.tests = new SelfTests({ diagnostics: deps.diagnostics, audit: deps.audit, log: env.log, clock: env.clock, refresh: () => this.refresh() });
    // Before the devices are heard: a kiosk a person took out of service stays so after a crash
    // or a restart, whatever the devices say; only that person's "off" brings it back.
    this.outOfService.restore();
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
    if (!this.visit) this.outOfService.followDevices(states, after);
  }

  get open(): boolean {
    return this.visit !== undefined;
  }

  /** kioskctl's card test is waiting for a card or reading one: the card that goes in is the test's. */
  get cardTestRunning(): boolean {
    return this.tests.standalone === 'card';
  }

  /** The visit is over but its exit check still runs: a card inserted now waits for the check. */
  get ending(): boolean {
    return this.visit?.ending === true;
  }

  status(): { outOfService: boolean; by?: OutOfService['by']; reason?: string; technicianPresent: boolean; selfTestRunning?: SelfTestKind } {
    const standalone = this.tests.standalone;
    return { outOfService: this.outOfService.current !== undefined, ...this.outOfService.current, technicianPresent: this.open, ...(standalone ? { selfTestRunning: standalone } : {}) };
  }

  /** A technician card was read (the session made sure no shopper's payment is still settling). */
  start(actor: string, cardId: string): void {
    this.endVisitQuietly();
    this.visit = { actor, cardId, pinOk: false, authenticated: false, tests: new Map(), testRunning: false, ending: false, page: 'devices' };
    this.steps.openVisit(actor, this.door.card(actor));
    this.armIdle();
  }

  /** Refused before it started (a shopper's payment is settling): recorded, nothing opens. */
  refuse(actor: string, why: string): void {
    this.door.refuse(actor, why);
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
        this.tests.start(visit, intent.test);
        return ACCEPTED;
      case 'confirmSelfTest':
        if (!visit.authenticated || visit.testRunning || !this.tests.confirm(visit, intent.confirmed)) return this.notNow(intent.type);
        return ACCEPTED;
      case 'setOutOfService':
        if (!visit.authenticated) return this.notNow(intent.type);
        this.setOutOfService(intent.on, { by: 'technician', actor: visit.actor, reason: 'technician' });
        return ACCEPTED;
      case 'openTechnicianPage':
      case 'setDeviceSetting':
      case 'restartDevice':
      case 'filterLogs':
      case 'retryOutbox':
      case 'drainOutbox':
      case 'markRefunded':
        if (!visit.authenticated || !this.pages.act(visit, intent)) return this.notNow(intent.type);
        return ACCEPTED;
      default:
        return this.notNow(intent.type);
    }
  }

  /** Takes the kiosk out of service or back (the technician's toggle, or kioskctl). */
  setOutOfService(on: boolean, who: { by: 'technician' | 'kioskctl'; actor: string; reason: string }): void {
    this.outOfService.set(on, who);
    this.refresh();
  }

  /**
   * A self-test asked for from outside the touch screen (`kioskctl diag selftest`), recorded like
   * one from a visit. Refused while a shopper is being served or another test runs: a shopper's
   * session is never disturbed from the side.
   */
  async selfTest(kind: 'card' | 'printer' | 'terminal' | 'gateway', actor: string): Promise<SelfTestOutcome> {
    if (this.steps.shopper) throw new CodedError('kiosk-busy', 'a shopper is using the kiosk: try again when the session has ended');
    if (this.tests.standalone || this.visit?.testRunning) throw new CodedError('kiosk-busy', 'another self-test is running');
    // The card test reads whichever card goes in next: at a kiosk in service that may be a
    // shopper's, who would wait unserved while their card is read for a test.
    if (kind === 'card' && !this.visit && !this.steps.isOutOfService && this.steps.facts.offer.inService) {
      throw new CodedError('kiosk-in-service', 'the card test reads the next card inserted: take the kiosk out of service first, or test the card in a technician’s visit');
    }
    return this.tests.standaloneTest(kind, actor);
  }

  /** The recent logs for kioskctl (more lines than the screen shows); undefined on a kiosk without them. */
  logs(device?: LogDevice): LogsView | undefined {
    return this.pages.logs(device);
  }

  /** The queue and money page for kioskctl; undefined on a kiosk without one. */
  queueOverview(): QueueOverview | undefined {
    return this.pages.queueOverview();
  }

  /** A queue action from kioskctl, decided and audited as one from the touch screen; undefined without a queue. */
  queueAction(actor: string, action: Parameters<TechnicianPages['queueAction']>[1]): QueueActionView | undefined {
    const view = this.pages.queueAction(actor, action);
    if (view) this.refresh();
    return view;
  }

  /** The device settings for kioskctl; undefined on a kiosk without them. */
  deviceSettings(): ReturnType<TechnicianPages['deviceSettings']> {
    return this.pages.deviceSettings();
  }

  /** Device settings changed from kioskctl, checked and audited as from the touch screen; undefined without them. */
  changeDeviceSettings(actor: string, changes: readonly DeviceSettingChange[]): DeviceActionOutcome | undefined {
    const outcome = this.pages.changeDeviceSettings(actor, changes);
    this.refresh();
    return outcome;
  }

  /**
   * A device restarted from kioskctl to put its kept settings in force. Refused while a shopper
   * is served or a self-test runs (the device is theirs), and the card reader while a visit is
   * open (the technician's card is in it, and the visit would end).
   */
  async restartDevice(actor: string, device: Parameters<TechnicianPages['restartDevice']>[1]): Promise<DeviceActionOutcome | undefined> {
    if (!this.pages.hasSettings) return undefined;
    if (this.steps.shopper) throw new CodedError('kiosk-busy', 'a shopper is using the kiosk: try again when the session has ended');
    if (this.tests.standalone || this.visit?.testRunning) throw new CodedError('kiosk-busy', 'a self-test is running');
    if (device === 'cardReader' && this.visit) throw new CodedError('kiosk-busy', 'a technician’s card is in the reader: restart it once the visit has ended');
    const outcome = await this.pages.restartDevice(actor, device);
    this.refresh();
    return outcome;
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    this.pages.dispose();
    this.visit?.stopWatching?.();
    this.stopHealthWatch();
  }

  // ---- the visit ----

  private async checkPin(visit: Visit, pin: string): Promise<void> {
    const outcome = await this.door.checkPin(visit.actor, pin, () => visit === this.visit && !visit.ending);
    if (outcome !== 'ok') return;
    if (this.workOrder.required) {
      visit.pinOk = true;
      visit.workOrder = this.workOrder.ask();
      this.steps.showVisit(visit.workOrder, { busy: false });
      return;
    }
    this.enter(visit);
  }

  private checkWorkOrder(visit: Visit, code: string): void {
    const check = this.workOrder.check(visit.actor, code, visit.cardId, visit.workOrder!);
    if (check.result === 'ok') {
      this.enter(visit, check.entry);
      return;
    }
    visit.workOrder = check.step;
    this.steps.showVisit(check.step, { busy: false });
  }

  /** Card, PIN and (where asked) the work order held: the visit is open. */
  private enter(visit: Visit, detail?: AuditDetail): void {
    visit.authenticated = true;
    visit.workOrder = undefined;
    this.deps.audit.record(visit.actor, 'enter', detail);
    this.env.log.info('technician-visit', { phase: 'entered' });
    this.steps.showVisit(this.visitStep(visit), { busy: false });
    const stopDevices = this.deps.devices.onChange(() => this.refresh());
    const stopPages = this.pages.watch(visit);
    visit.stopWatching = () => {
      stopDevices();
      stopPages();
    };
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
    await this.pages.settle(visit.actor, how === 'card-removed');
    try {
      await this.deps.diagnostics.recheck();
    } catch (err) {
      this.env.log.warn('device-recheck-failed', { code: errorCode(err) ?? 'error' });
    }
    if (this.visit !== visit) return; // replaced meanwhile: the screen is the new visit's
    const { failing, back } = this.outOfService.judgeAtExit(this.deps.devices.snapshot);
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

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.exit('timeout'), this.deps.idleMs);
  }

  private refresh(): void {
    const visit = this.visit;
    if (!visit?.authenticated || visit.ending) return;
    this.steps.showVisit(this.visitStep(visit), { busy: visit.testRunning });
  }

  private visitStep(visit: Visit): TechnicianStep {
    return this.pages.step(visit) ?? this.diagnosticsStep(visit);
  }

  private diagnosticsStep(visit: Visit): TechnicianStep {
    const devices = this.deps.devices;
    return { screen: 'diagnostics', devices: devices.snapshot, faultCounts: { ...devices.faultCounts }, tests: [...visit.tests.values()], outOfService: this.outOfService.current !== undefined && this.outOfService.current.by !== 'devices' };
  }

  private notNow(type: string): IntentResult {
    return rejected('not-allowed-now', `${type} is not accepted on the ${this.steps.screen} screen`);
  }
}
