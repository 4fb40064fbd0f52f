import { statfsSync, statSync } from 'node:fs';
import { errorCode } from '../../shared/coded-error';
import type { DeviceStates } from '../contract';
import { type AvailabilityPolicy, availabilityOf, DEFAULT_AVAILABILITY } from '../core/availability';
import { DeviceStateModel, gatewayStatus, initialDeviceStates, shopperDevices, type DeviceStatesPort } from '../core/device-states';
import type { Logger } from '../core/ports';
import type { Wiring } from './wiring';

/**
 * The device-state model every other wiring module feeds (card, printer, terminal, gateway) and
 * this one measures itself (disk, database, config). Connecting it to the session derives the
 * shopper screens' device health and gateway status from it, so the session never hears about a
 * device any other way.
 */
export interface DeviceStatesWiring extends Wiring<DeviceStatesPort> {
  /** Measures disk and database now (they are also measured every `storageEveryMs`). */
  refreshStorage(): void;
}

/** Below this the kiosk cannot promise to record a paid request: a person must free space. */
const DISK_LOW_BYTES = 200 * 1024 * 1024;

export function wireDeviceStates(opts: {
  dataDir: string;
  databasePath: string;
  config: { version: string; source: string };
  log: Logger;
  check?: boolean;
  storageEveryMs?: number;
  /**
   * Which devices each kind of service cannot complete without, and the disk-low mark (settings
   * `availability`, replaced by a bundle at the idle moment); the defaults and 200 MiB when absent.
   */
  rules?: AvailabilityPolicy;
}): DeviceStatesWiring {
  const clock = { now: Date.now };
  const states = new DeviceStateModel({ clock, log: opts.log, check: opts.check, initial: initialDeviceStates(clock.now(), opts.config) });
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  const rules = () => opts.rules?.rules ?? DEFAULT_AVAILABILITY;
  const refreshStorage = () => {
    states.update('disk', measureDisk(opts.dataDir, rules().diskLowBytes));
    states.update('database', measureDatabase(opts.databasePath));
  };
  return {
    port: states,
    refreshStorage,
    connect(session) {
      const stopDevices = states.onChange((s) => {
        const devices = shopperDevices(s);
        session.setDeviceHealth('card', devices.card);
        session.setDeviceHealth('printer', devices.printer);
        session.setDeviceHealth('terminal', devices.terminal);
        session.setGateway(gatewayStatus(s));
        session.setAvailability(availabilityOf(s, rules()));
      });
      // New rules make the offer again from the devices as they are, and may move the disk-low mark.
      const stopRules = opts.rules?.onChange(() => {
        session.setAvailability(availabilityOf(states.snapshot, rules()));
        refreshStorage();
      });
      unsubscribe = () => {
        stopDevices();
        stopRules?.();
      };
      refreshStorage();
      timer = setInterval(refreshStorage, opts.storageEveryMs ?? 60_000);
      timer.unref();
    },
    close() {
      clearInterval(timer);
      unsubscribe?.();
    },
  };
}

export function measureDisk(dir: string, lowBytes = DISK_LOW_BYTES): Partial<DeviceStates['disk']> {
  try {
    const fs = statfsSync(dir);
    const freeBytes = fs.bavail * fs.bsize;
    const low = freeBytes < lowBytes;
    return { status: low ? 'userError' : 'online', reason: low ? 'disk-low' : undefined, freeBytes, totalBytes: fs.blocks * fs.bsize };
  } catch (err) {
    return { status: 'hardwareError', reason: errCode(err, 'disk-unreadable') };
  }
}

/** The database file and its write-ahead log: what the kiosk's data really takes. */
export function measureDatabase(path: string): Partial<DeviceStates['database']> {
  try {
    let sizeBytes = statSync(path).size;
    for (const suffix of ['-wal', '-shm']) sizeBytes += statSync(path + suffix, { throwIfNoEntry: false })?.size ?? 0;
    return { status: 'online', reason: undefined, sizeBytes };
  } catch (err) {
    return { status: 'hardwareError', reason: errCode(err, 'database-unreadable') };
  }
}

const errCode = (err: unknown, fallback: string): string => errorCode(err)?.toLowerCase() ?? fallback;
