import { CodedError, errorCode } from '../../shared/coded-error';
import type { PrintQueue } from '../../drivers/printer/print-queue';
import type { Receipt } from '../../drivers/printer/receipt';
import { AuditLog } from '../../offline-cache/audit-log';
import type { Outbox } from '../../offline-cache/outbox';
import { OutOfServiceStore } from '../../offline-cache/out-of-service-store';
import { TechnicianLockoutStore } from '../../offline-cache/technician-lockout';
import { UsedWorkOrderStore } from '../../offline-cache/work-order-used';
import type { KioskSettings } from '../config';
import { pinVerifier } from '../config/pin-hash';
import { cardBinding, verifyWorkOrder, WorkOrderError } from '../config/work-order';
import type { DeviceStatesPort } from '../core/device-states';
import type { Logger } from '../core/ports';
import type { TechnicianDeps } from '../core/technician';
import type { AuditPort, DiagnosticsPort, SelfTestOutcome } from '../core/technician-ports';
import { TechnicianAccess, type WorkOrderRefusal, type WorkOrderVerdict } from '../core/technician-access';
import type { GatewayClient } from '../gateway/client';
import type { PaymentService } from '../payments/payment-service';
import type { KioskStore } from './store';

/**
 * Technician diagnostics (issue 11): the door (PIN hash from config, lockout in SQLite), the
 * audit log, and the self-tests on the real devices. A self-test reports what happened as a
 * `failed` outcome with the device's code, never by throwing: the technician sees it and the
 * audit log keeps it.
 */
export type TechnicianSettings = KioskSettings['technician'] & { alternative: TechnicianDeps['alternative'] };

export interface DiagnosticsDevices {
  states: DeviceStatesPort;
  /** The running print queue, once the printer is connected. */
  printQueue(): PrintQueue | undefined;
  payments: PaymentService;
  gateway: GatewayClient;
  /** Probes the gateway now and updates its state. */
  probeGateway(): Promise<unknown>;
  /** Measures disk and database now. */
  refreshStorage(): void;
  /** Reads the card in the reader once more (the technician's own card): who it is, masked. `signal`: that card is gone, stop. */
  readCard(signal?: AbortSignal): Promise<{ idNumberMasked: string; profile: string; apdus?: number; ms: number }>;
}

/** Where shoppers are sent while this kiosk is out of service, unless config says otherwise. */
export const DEFAULT_ALTERNATIVE = {
  ar: 'يمكنكم استخدام جهاز الخدمة الذاتية الأقرب عند المدخل الرئيسي، أو إنجاز الخدمة عبر تطبيق وزارة الداخلية أو موقعها الإلكتروني.',
  en: 'Please use the nearest self-service kiosk at the main entrance, or the Ministry of Interior app or website.',
};

const TERMINAL_TEST_TIMEOUT_MS = 60_000;
const TERMINAL_RECHECK_MS = 15_000;
const TERMINAL_RETRY_MS = 30_000;

export function wireTechnician(opts: {
  store: KioskStore;
  settings: TechnicianSettings;
  log: Logger;
  devices: DiagnosticsDevices;
  kioskId: string;
  /** Where every entry is queued for the gateway, in the transaction that appends it, and the sender's wake-up. */
  delivery: { outbox: Outbox; kick(): void };
}): TechnicianDeps & { auditLog: AuditLog } {
  const { store, settings, log, devices } = opts;
  const auditLog = new AuditLog(store.db, { outbox: opts.delivery.outbox });
  const audit: AuditPort = {
    record(actor, action, detail) {
      try {
        auditLog.append({ actor, action, detail });
        opts.delivery.kick();
      } catch (err) {
        // The visit goes on; a kiosk whose audit log cannot be written says so loudly.
        log.error('audit-write-failed', { action, code: errorCode(err) ?? 'error' });
      }
    },
  };
  const access = new TechnicianAccess({
    store: new TechnicianLockoutStore(store.db),
    verifyPin: settings.pinHash ? pinVerifier(settings.pinHash) : undefined,
    clock: { now: Date.now },
    policy: { maxTries: settings.maxTries, lockoutMs: settings.lockoutMs, minIntervalMs: 1000 },
    ...(settings.workOrder.required ? { workOrder: { verify: workOrderVerifier(settings.workOrder, opts.kioskId), used: new UsedWorkOrderStore(store.db) } } : {}),
  });
  return {
    access,
    audit,
    auditLog,
    diagnostics: selfTests(devices, opts.kioskId),
    devices: devices.states,
    idleMs: settings.idleMs,
    alternative: settings.alternative,
    kept: new OutOfServiceStore(store.db),
  };
}

/** The work-order check against the configured ops keys, its refusals as the door counts them. */
function workOrderVerifier(config: TechnicianSettings['workOrder'], kioskId: string): (code: string, cardId: string) => WorkOrderVerdict {
  return (code, cardId) => {
    try {
      const order = verifyWorkOrder(code, { kioskId, card: cardBinding(cardId), keys: config.keys, maxMinutes: config.maxMinutes, now: Date.now() });
      return { result: 'ok', order: order.order, keyId: order.keyId, expiresAt: order.issuedAt + order.minutes * 60_000, signatureHash: order.signatureHash };
    } catch (err) {
      if (!(err instanceof WorkOrderError) || err.code === 'work-order-key-invalid') throw err;
      const reason = err.code.slice('work-order-'.length) as WorkOrderRefusal;
      return { result: 'refused', reason, counted: reason !== 'malformed', ...(err.block ? { block: err.block } : {}) };
    }
  };
}

function failed(err: unknown, fallback: string, details?: SelfTestOutcome['details']): SelfTestOutcome {
  return { result: 'failed', code: errorCode(err)?.toLowerCase() ?? fallback, ...(details ? { details } : {}) };
}

function selfTests(devices: DiagnosticsDevices, kioskId: string): DiagnosticsPort {
  const paper = () => devices.states.snapshot.printer.paper;
  const recheckTerminal = terminalRecheck(devices);
  return {
    async selfTest(kind, signal) {
      switch (kind) {
        case 'card':
          try {
            const read = await devices.readCard(signal);
            return { result: 'passed', details: { idNumberMasked: read.idNumberMasked, profile: read.profile, ms: read.ms, ...(read.apdus !== undefined ? { apdus: read.apdus } : {}) } };
          } catch (err) {
            return failed(err, 'card-read-failed');
          }
        case 'printer': {
          const queue = devices.printQueue();
          if (!queue) return { result: 'failed', code: 'printer-unavailable' };
          await queue.refresh();
          const before = paper();
          const outcome = await queue.print(testPage(kioskId, new Date()));
          // A printer still busy with the page may miss one status query: ask again before saying "unknown".
          for (let i = 0; i < 3; i++) {
            await queue.refresh();
            if (paper() !== 'unknown') break;
          }
          const details = { paperBefore: before, paperAfter: paper(), jobId: outcome.jobId };
          return outcome.state === 'printed' ? { result: 'passed', details } : { result: 'failed', code: outcome.code, details };
        }
        case 'terminal':
        case 'endOfDay':
          try {
            const result = await devices.payments.administer((terminal) => withTimeout(kind === 'terminal' ? terminal.diagnosis() : terminal.endOfDay(), TERMINAL_TEST_TIMEOUT_MS));
            const details = { resultCode: result.resultCode ?? 0, ...(result.totalCents !== undefined ? { totalCents: result.totalCents } : {}) };
            if (kind === 'terminal') devices.states.update('terminal', { hostLink: result.ok ? 'ok' : 'down' });
            return result.ok ? { result: 'passed', details } : { result: 'failed', code: 'terminal-refused', details };
          } catch (err) {
            return failed(err, 'terminal-error');
          }
        case 'gateway': {
          const started = performance.now();
          try {
            const ok = await devices.gateway.health();
            const latencyMs = Math.round(performance.now() - started);
            await devices.probeGateway();
            return ok ? { result: 'passed', details: { latencyMs } } : { result: 'failed', code: 'health-check-failed', details: { latencyMs } };
          } catch (err) {
            await devices.probeGateway();
            return failed(err, 'gateway-unreachable');
          }
        }
      }
    },
    async recheck() {
      devices.refreshStorage();
      await Promise.allSettled([devices.printQueue()?.refresh(), devices.probeGateway(), recheckTerminal()]);
    },
  };
}

/**
 * Asks the terminal itself (status enquiry 05 01): a terminal that went quiet during the visit
 * still looks ready to the payment service until a sale fails, and it must not be trusted with
 * the next shopper's money. One that does not answer is offline in the model, and is asked
 * again every half minute until it answers (then it is online again, and an out of service
 * caused by it ends by itself).
 */
function terminalRecheck(devices: DiagnosticsDevices): () => Promise<void> {
  const { payments, states } = devices;
  let retry: NodeJS.Timeout | undefined;
  const ask = async (): Promise<void> => {
    clearTimeout(retry);
    if (payments.state !== 'ready') return; // recovering or unavailable: the payment service reports it
    try {
      const status = await payments.administer((terminal) => withTimeout(terminal.status(), TERMINAL_RECHECK_MS));
      states.update('terminal', status.ready ? { status: 'online', reason: undefined, ready: true } : { status: 'busy', reason: 'not-ready', ready: false });
    } catch (err) {
      if (errorCode(err) === 'busy') return; // a sale holds the line: it answers for the terminal
      states.update('terminal', { status: 'offline', reason: 'not-answering', ready: false });
      retry = setTimeout(() => void ask(), TERMINAL_RETRY_MS);
      retry.unref();
    }
  };
  return ask;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CodedError('timeout', 'the terminal did not answer the technician’s test')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A page that proves the whole receipt path (Arabic raster, Latin, QR) and names nobody. */
function testPage(kioskId: string, at: Date): Receipt {
  return {
    kind: 'payment',
    lang: 'ar',
    ministry: { nameAr: 'وزارة الداخلية', nameEn: 'Ministry of Interior' },
    title: { ar: 'صفحة اختبار الطابعة', en: 'Printer test page' },
    person: { idNumberMasked: '***********' },
    service: { titleAr: 'اختبار فني', titleEn: 'Technician test' },
    lines: [{ labelAr: 'اختبار الطباعة العربية واللاتينية', labelEn: 'Arabic and Latin print test', amountCents: 0 }],
    totalCents: 0,
    currency: 'QAR',
    payment: {},
    localRef: `TEST-${kioskId}-${at.getTime()}`,
    issuedAt: at.toISOString(),
    footer: { ar: 'هذه صفحة اختبار وليست إيصالًا.', en: 'This is a test page, not a receipt.' },
  };
}
