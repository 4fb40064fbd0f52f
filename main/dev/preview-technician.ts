import { DeviceStateModel, initialDeviceStates } from '../core/device-states';
import { deviceLog, LogRing, logToRing } from '../core/log-ring';
import type { Clock, Logger } from '../core/ports';
import type { QueueOverview } from '../contract';
import type { QueuePort } from '../core/queue-desk';
import type { DeviceSettingsPort } from '../core/device-settings-desk';
import type { TechnicianDeps } from '../core/technician';
import { type LockoutRecord, TechnicianAccess } from '../core/technician-access';

/** The preview's technician card and PIN: made up, for looking at the technician's screens. */
export const PREVIEW_TECHNICIAN = { idNumber: '29063400777', pin: '2468', workOrder: '0000Y '.repeat(30).trim() } as const;

const PREVIEW_SIGNATURE_HASH = '0'.repeat(64);

/**
 * A technician's world for the dev preview: every device online, self-tests that pass, the
 * door's count kept in memory (the kiosk keeps it in SQLite). The PIN is compared as text here
 * only; the kiosk compares scrypt hashes.
 */
export function previewTechnician(clock: Clock, log: Logger): TechnicianDeps {
  let record: LockoutRecord = { failures: 0, lastFailure: 0, lockedUntil: 0 };
  const logs = new LogRing({ clock });
  const kept = logToRing(log, logs);
  const devices = new DeviceStateModel({ clock, log: kept, initial: initialDeviceStates(clock.now(), { version: 'preview', source: 'shipped' }) });
  const now = clock.now();
  devices.update('cardReader', { status: 'online', readers: ['Virtual PCD 00 00'], cardPresent: true });
  devices.update('printer', { status: 'online', paper: 'ok', lastJob: { id: 12, state: 'printed', at: now } });
  devices.update('terminal', { status: 'online', ready: true, terminalId: '52001234', hostLink: 'ok' });
  devices.update('gateway', { status: 'online', latencyMs: 38 });
  devices.update('disk', { status: 'online', freeBytes: 48e9, totalBytes: 64e9 });
  devices.update('database', { status: 'online', sizeBytes: 3.2e6 });
  // A paper roll that ran out and was replaced: the logs page has a warning to show.
  devices.update('printer', { status: 'userError', reason: 'paper-out', paper: 'out' });
  deviceLog(kept, 'printer').info('print-job', { jobId: 13, state: 'failed', code: 'paper-out' });
  devices.update('printer', { status: 'online', paper: 'ok' });
  deviceLog(kept, 'gateway').warn('submission-rejected', { localRef: 'K01-PREVIEW-0007', code: 'amount-mismatch', paid: true });
  return {
    access: new TechnicianAccess({
      store: { read: () => record, save: (r) => (record = r), clear: () => (record = { failures: 0, lastFailure: 0, lockedUntil: 0 }) },
      verifyPin: async (pin) => pin === PREVIEW_TECHNICIAN.pin,
      clock,
      policy: { maxTries: 5, lockoutMs: 15 * 60_000, minIntervalMs: 0 },
      // The preview asks for a work-order code too, so its screen can be seen; any 30 whole blocks
      // pass (the kiosk checks an ops signature, main/config/work-order.ts). Every technician
      // screen is reached through a visit of its own with the one preview code, so here a code
      // is never used up and its hash is never read; the kiosk claims each once
      // (offline-cache/work-order-used.ts).
      workOrder: {
        verify: (code) => {
          const typed = code.replace(/[\s-]/g, '');
          return typed.length === 150
            ? { result: 'ok', order: 1, keyId: 'preview', expiresAt: clock.now() + 3_600_000, signatureHash: PREVIEW_SIGNATURE_HASH }
            : { result: 'refused', reason: 'malformed', counted: false, block: Math.min(30, Math.floor(typed.length / 5) + 1) };
        },
        used: { claim: () => true },
      },
    }),
    audit: { record: () => undefined },
    diagnostics: {
      selfTest: async (kind) => (kind === 'gateway' ? { result: 'passed', details: { latencyMs: 38 } } : { result: 'passed' }),
      recheck: async () => undefined,
    },
    devices,
    queue: previewQueue(now),
    logs,
    deviceSettings: previewDeviceSettings(now),
    idleMs: 10 * 60_000,
    alternative: {
      ar: 'يمكنكم استخدام جهاز الخدمة الذاتية الأقرب عند المدخل الرئيسي، أو إنجاز الخدمة عبر تطبيق وزارة الداخلية.',
      en: 'Please use the nearest self-service kiosk at the main entrance, or the Ministry of Interior app.',
    },
  };
}

/** A queue with one refused paid request whose money is owed back: the page's every part shows. */
function previewQueue(now: number): QueuePort {
  const payment = { id: 'pay-preview-1', amountCents: 50_000, currency: 'QAR', createdAt: now - 3_600_000, trace: 117, receiptNo: 42, terminalId: '52001234' };
  let refunded = false;
  const overview = (): QueueOverview => ({
    counts: { queued: 2, sending: 0, delivered: 17, rejected: 1, expired: 0, setAside: 0, paidDead: 1 },
    oldestWaitingAgeMs: 12 * 60_000,
    deadLetters: [
      {
        id: 'entry-preview-1',
        localRef: 'K01-PREVIEW-0007',
        serviceId: 'renew-residence-permit',
        state: 'rejected',
        attempts: 1,
        updatedAt: now - 1_800_000,
        rejectCode: 'amount-mismatch',
        payment: { ...payment, state: refunded ? 'refunded' : 'refund-owed' },
      },
    ],
    deadLettersMore: 0,
    payments: refunded ? [] : [{ ...payment, state: 'refund-owed', localRef: 'K01-PREVIEW-0007' }],
    paymentsMore: 0,
  });
  return {
    overview,
    retry: (entryId) => (entryId ? 1 : 2),
    drain: () => 2,
    markRefunded: () => void (refunded = true),
    onChange: () => () => undefined,
  };
}

/** Device settings in memory, the printer moved by a technician and not restarted yet: the page's every part shows. The kiosk checks values in main/config. */
function previewDeviceSettings(now: number): DeviceSettingsPort {
  const inForce: Record<string, string | number> = { reader: 'Virtual PCD', 'printer-port': '/dev/ttyS0', 'printer-baud': 115_200, 'terminal-port': '/dev/ttyS1' };
  const overrides = new Map<string, string | number>([['printer-port', '/dev/ttyUSB1']]);
  const keys = ['reader', 'printer-port', 'printer-baud', 'terminal-port'] as const;
  const device = (key: string) => (key === 'reader' ? 'cardReader' : key.startsWith('printer') ? 'printer' : 'terminal') as 'cardReader' | 'printer' | 'terminal';
  return {
    view: () => ({
      settings: keys.map((key) => ({ key, inForce: inForce[key]!, configured: inForce[key]!, ...(overrides.has(key) ? { override: { value: overrides.get(key)!, by: '290••••••77', at: now } } : {}) })),
      pending: [...new Set(keys.filter((k) => overrides.has(k) && overrides.get(k) !== inForce[k]).map(device))],
    }),
    choices: () => [
      { key: 'reader', values: ['Virtual PCD'] },
      { key: 'printer-port', values: ['/dev/ttyS0', '/dev/ttyUSB1', '/dev/ttyS1'] },
      { key: 'printer-baud', values: [9600, 19_200, 38_400, 115_200] },
      { key: 'terminal-port', values: ['/dev/ttyS1', '/dev/ttyS0', '/dev/ttyUSB1'] },
    ],
    change(changes) {
      const kept = changes.map((c) => ({ key: c.key as (typeof keys)[number], value: c.value }));
      for (const c of kept) {
        if (c.value === undefined) overrides.delete(c.key);
        else overrides.set(c.key, c.value);
      }
      return kept;
    },
    async restart(d) {
      for (const key of keys) if (device(key) === d) inForce[key] = overrides.get(key) ?? inForce[key]!;
    },
  };
}
