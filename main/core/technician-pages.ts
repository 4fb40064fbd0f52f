import type { DeviceActionView, Intent, LogDevice, LogsView, QueueActionView, QueueOverview, TechnicianPage, TechnicianStep } from '../contract';
import { type DeviceActionOutcome, type DeviceSettingChange, DeviceSettingsDesk, type DeviceSettingsPort } from './device-settings-desk';
import type { LogsPort } from './log-ring';
import type { Clock, Logger } from './ports';
import { QueueDesk, type QueuePort } from './queue-desk';
import type { AuditPort } from './technician-ports';

/** Lines on the touch screen, and through kioskctl (which has room for the whole ring). */
const PAGE_LOG_LINES = 100;
const CLI_LOG_LINES = 1000;
const LOGS_REFRESH_MS = 500;

/** What a visit holds of its pages. */
export interface VisitPages {
  actor: string;
  testRunning: boolean;
  page: TechnicianPage;
  /** The last queue action of this visit, shown on the queue page. */
  lastQueueAction?: QueueActionView;
  /** The last device setting change or restart of this visit, shown on the settings page. */
  lastDeviceAction?: DeviceActionView;
  /** The device the logs page shows (none: every line). */
  logsDevice?: LogDevice;
}

type PageIntent = Extract<Intent, { type: 'openTechnicianPage' | 'setDeviceSetting' | 'restartDevice' | 'filterLogs' | 'retryOutbox' | 'drainOutbox' | 'markRefunded' }>;

/**
 * The pages of an entered visit beside the devices' (issue 11): the queue and money page
 * (queue-desk.ts), the logs page and the device settings page (device-settings-desk.ts), each
 * offered only when the kiosk has what it shows. kioskctl reaches the same desks through
 * technician.ts, so both are decided and audited alike.
 */
export class TechnicianPages {
  private readonly queue: QueueDesk | undefined;
  private readonly logsPage: LogsPort | undefined;
  private readonly settings: DeviceSettingsDesk | undefined;
  private logsRefresh: NodeJS.Timeout | undefined;
  /**
   * Device restarts under way (from the settings page or kioskctl): the way out of a visit waits
   * for them, so its device check sees the device as the restart left it, not half open.
   */
  private readonly restarts = new Set<Promise<unknown>>();

  constructor(
    deps: { queue?: QueuePort; logs?: LogsPort; deviceSettings?: DeviceSettingsPort; audit: AuditPort },
    private readonly env: {
      log: Logger;
      clock: Clock;
      serviceTitle?: (serviceId: string) => { ar: string; en: string } | undefined;
      /** The visit open now, if any. */
      visit: () => VisitPages | undefined;
      /** Shows the open visit's page again. */
      refresh: () => void;
    },
  ) {
    this.logsPage = deps.logs;
    this.queue = deps.queue && new QueueDesk(deps.queue, deps.audit, env);
    this.settings = deps.deviceSettings && new DeviceSettingsDesk(deps.deviceSettings, deps.audit, env);
  }

  /** A page's intent in an entered visit, done; false when it is not accepted on the page shown. */
  act(visit: VisitPages, intent: PageIntent): boolean {
    const { queue, settings } = this;
    switch (intent.type) {
      case 'openTechnicianPage':
        if ((intent.page === 'queue' && !queue) || (intent.page === 'logs' && !this.logsPage) || (intent.page === 'settings' && !settings)) return false;
        visit.page = intent.page;
        break;
      case 'setDeviceSetting':
        if (visit.page !== 'settings' || !settings) return false;
        visit.lastDeviceAction = settings.change(visit.actor, [{ key: intent.key, value: intent.value ?? undefined }]).view;
        break;
      case 'restartDevice':
        if (visit.page !== 'settings' || !settings || visit.testRunning) return false;
        // The technician's card is in the reader: restarting it now would read that card again. It restarts when the visit ends with the card out.
        if (intent.device === 'cardReader') {
          visit.lastDeviceAction = { action: 'restart', result: 'refused', code: 'card-in-reader', device: 'cardReader', at: this.env.clock.now() };
          break;
        }
        void this.restartOnPage(visit, settings, intent.device);
        return true;
      case 'filterLogs':
        if (visit.page !== 'logs') return false;
        visit.logsDevice = intent.device;
        break;
      case 'retryOutbox':
      case 'drainOutbox':
      case 'markRefunded':
        if (visit.page !== 'queue' || !queue) return false;
        visit.lastQueueAction =
          intent.type === 'retryOutbox'
            ? queue.retry(visit.actor, intent.entryId)
            : intent.type === 'drainOutbox'
              ? queue.drain(visit.actor)
              : queue.markRefunded(visit.actor, intent.paymentId, `refunded (${intent.how}), recorded by technician ${visit.actor}`);
        break;
    }
    this.env.refresh();
    return true;
  }

  /** The page the visit is on; undefined for the devices' page, which is the desk's. */
  step(visit: VisitPages): TechnicianStep | undefined {
    if (visit.page === 'settings' && this.settings) {
      return { screen: 'techSettings', settings: this.settings.view(), choices: this.settings.choices(), ...(visit.lastDeviceAction ? { last: visit.lastDeviceAction } : {}) };
    }
    if (visit.page === 'logs' && this.logsPage) return { screen: 'techLogs', logs: this.logsPage.view(visit.logsDevice, PAGE_LOG_LINES) };
    if (visit.page === 'queue' && this.queue) {
      return { screen: 'techQueue', queue: this.titled(this.queue.overview()), ...(visit.lastQueueAction ? { last: visit.lastQueueAction } : {}) };
    }
    return undefined;
  }

  /** While the visit is open, its queue and logs pages follow the stores; the returned function stops that. */
  watch(visit: VisitPages): () => void {
    const stopQueue = this.queue?.onChange(() => visit.page === 'queue' && this.env.refresh());
    const stopLogs = this.logsPage?.onChange(() => visit.page === 'logs' && this.refreshLogsSoon());
    return () => {
      stopQueue?.();
      stopLogs?.();
      clearTimeout(this.logsRefresh);
      this.logsRefresh = undefined;
    };
  }

  /**
   * Before the way out checks the devices: every restart under way has ended, and a new reader
   * pattern is put in force once the card is out (restarting earlier would read it again).
   */
  async settle(actor: string, cardOut: boolean): Promise<void> {
    if (this.restarts.size > 0) await Promise.allSettled([...this.restarts]);
    if (cardOut && this.settings?.view().pending.includes('cardReader')) await this.settings.restart(actor, 'cardReader');
  }

  get hasSettings(): boolean {
    return this.settings !== undefined;
  }

  /** The recent logs for kioskctl (more lines than the screen shows); undefined on a kiosk without them. */
  logs(device?: LogDevice): LogsView | undefined {
    return this.logsPage?.view(device, CLI_LOG_LINES);
  }

  queueOverview(): QueueOverview | undefined {
    return this.queue?.overview();
  }

  queueAction(actor: string, action: { type: 'retry'; entryId?: string } | { type: 'drain' } | { type: 'refunded'; paymentId: string; note: string }): QueueActionView | undefined {
    const queue = this.queue;
    if (!queue) return undefined;
    return action.type === 'retry' ? queue.retry(actor, action.entryId) : action.type === 'drain' ? queue.drain(actor) : queue.markRefunded(actor, action.paymentId, action.note);
  }

  deviceSettings(): ReturnType<DeviceSettingsDesk['view']> | undefined {
    return this.settings?.view();
  }

  changeDeviceSettings(actor: string, changes: readonly DeviceSettingChange[]): DeviceActionOutcome | undefined {
    return this.settings?.change(actor, changes);
  }

  /** A restart from kioskctl, tracked like one from the page; undefined on a kiosk without device settings. */
  restartDevice(actor: string, device: Parameters<DeviceSettingsDesk['restart']>[1]): Promise<DeviceActionOutcome> | undefined {
    return this.settings && this.track(this.settings.restart(actor, device));
  }

  dispose(): void {
    clearTimeout(this.logsRefresh);
  }

  /**
   * New lines arrive in bursts (a device failing logs several): the page follows at most twice a
   * second, and a line logged while the page is sent cannot start an endless round.
   */
  private refreshLogsSoon(): void {
    this.logsRefresh ??= setTimeout(() => {
      this.logsRefresh = undefined;
      if (this.env.visit()?.page === 'logs') this.env.refresh();
    }, LOGS_REFRESH_MS);
  }

  private async restartOnPage(visit: VisitPages, settings: DeviceSettingsDesk, device: 'printer' | 'terminal'): Promise<void> {
    visit.testRunning = true;
    this.env.refresh();
    const outcome = await this.track(settings.restart(visit.actor, device));
    visit.testRunning = false;
    visit.lastDeviceAction = outcome.view;
    this.env.refresh();
  }

  private track<T>(restart: Promise<T>): Promise<T> {
    this.restarts.add(restart);
    void restart.finally(() => this.restarts.delete(restart)).catch(() => undefined);
    return restart;
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
}
