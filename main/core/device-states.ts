import { CodedError } from '../../shared/coded-error';
import { contractIssues, type DeviceHealth, type DeviceId, DeviceStates, type DeviceStatus, type KioskState } from '../contract';
import type { Clock, Logger } from './ports';

/**
 * The one source of truth for what every device is doing (the XFS-like model of
 * main/contract/devices.ts). The wiring modules feed it from the drivers' events; everything
 * else reads it: the session derives the shopper screens' device health from it, every status
 * change is logged from here, the technician screens and `kioskctl diag status` show it whole,
 * and telemetry exports it. Nobody else keeps a device status of their own.
 */
export type DevicePatch<K extends DeviceId> = Partial<Omit<DeviceStates[K], 'since'>>;

export interface DeviceStatesPort {
  readonly snapshot: DeviceStates;
  /** Merges what a device just said; a status change stamps `since` and is logged. */
  update<K extends DeviceId>(device: K, patch: DevicePatch<K>): void;
  /** Calls back at once with the current states, then after every change. Returns an unsubscribe. */
  onChange(listener: (states: DeviceStates, changed?: DeviceId) => void): () => void;
  /** How often each device left `online` for a fault since start (busy and starting do not count). */
  readonly faultCounts: Readonly<Record<DeviceId, number>>;
}

/** Statuses a person or the kiosk has to do something about. */
const FAULTS: ReadonlySet<DeviceStatus> = new Set(['offline', 'hardwareError', 'userError']);

function isFault(status: DeviceStatus): boolean {
  return FAULTS.has(status);
}

/** A model typed by the contract did not validate: a bug in a wiring module, never the device's doing. */
export class InvalidDeviceStateError extends CodedError<'invalid-device-state'> {
  override readonly name = 'InvalidDeviceStateError';
  constructor(readonly issues: string[]) {
    super('invalid-device-state', `a device state does not match the contract: ${issues.join('; ')}`);
  }
}

export function initialDeviceStates(now: number, config: { version: string; source: string } = { version: 'unknown', source: 'shipped' }): DeviceStates {
  const starting = { status: 'starting', since: now } as const;
  return {
    cardReader: { ...starting, readers: [], cardPresent: false },
    printer: { ...starting, paper: 'unknown' },
    terminal: { ...starting, ready: false, hostLink: 'unknown' },
    gateway: { ...starting },
    disk: { ...starting, freeBytes: 0, totalBytes: 0 },
    database: { ...starting, sizeBytes: 0 },
    config: { status: 'online', since: now, ...config },
  };
}

export class DeviceStateModel implements DeviceStatesPort {
  private states: DeviceStates;
  private readonly listeners = new Set<(states: DeviceStates, changed?: DeviceId) => void>();
  private readonly faults: Record<DeviceId, number>;

  constructor(
    private readonly opts: { clock: Clock; log: Logger; initial?: DeviceStates; /** Validate every change (tests, development). */ check?: boolean },
  ) {
    this.states = opts.initial ?? initialDeviceStates(opts.clock.now());
    this.faults = Object.fromEntries(Object.keys(this.states).map((k) => [k, 0])) as Record<DeviceId, number>;
  }

  get snapshot(): DeviceStates {
    return this.states;
  }

  get faultCounts(): Readonly<Record<DeviceId, number>> {
    return this.faults;
  }

  update<K extends DeviceId>(device: K, patch: DevicePatch<K>): void {
    const before = this.states[device];
    const next = { ...before, ...patch } as DeviceStates[K];
    // Online needs no reason: a stale one would explain a fault that is gone.
    if (next.status === 'online' && !('reason' in patch)) delete next.reason;
    const statusChanged = next.status !== before.status;
    if (statusChanged) next.since = this.opts.clock.now();
    if (!statusChanged && sameFields(before, next)) return;
    const states = { ...this.states, [device]: next };
    if (this.opts.check !== false) {
      const parsed = DeviceStates.safeParse(states);
      if (!parsed.success) throw new InvalidDeviceStateError(contractIssues(parsed.error, { max: 5, keys: true }));
    }
    this.states = states;
    if (statusChanged) {
      if (isFault(next.status)) this.faults[device] += 1;
      const fields = { device, status: next.status, previous: before.status, ...(next.reason ? { reason: next.reason } : {}) };
      if (isFault(next.status)) this.opts.log.warn('device-state', fields);
      else this.opts.log.info('device-state', fields);
    }
    for (const listener of this.listeners) listener(this.states, device);
  }

  onChange(listener: (states: DeviceStates, changed?: DeviceId) => void): () => void {
    this.listeners.add(listener);
    listener(this.states);
    return () => this.listeners.delete(listener);
  }
}

function sameFields(a: object, b: object): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What the shopper screens need to know of a device: can it serve them now. */
function health(status: DeviceStatus): DeviceHealth {
  switch (status) {
    case 'online':
      return 'ready';
    case 'busy':
      return 'busy';
    case 'starting':
      return 'unknown';
    case 'offline':
    case 'noDevice':
    case 'hardwareError':
    case 'userError':
      return 'unavailable';
  }
}

/** The shopper screens' view of the model: one word per device they rely on. */
export function shopperDevices(states: DeviceStates): KioskState['devices'] {
  const printer = states.printer;
  const printerWarn = printer.status === 'online' && (printer.paper === 'nearEnd' || printer.receiptFault === 'pdf');
  return {
    card: health(states.cardReader.status),
    printer: printerWarn ? 'warning' : health(printer.status),
    terminal: health(states.terminal.status),
  };
}

export function gatewayStatus(states: DeviceStates): KioskState['gateway'] {
  const status = states.gateway.status;
  return status === 'online' ? 'online' : status === 'starting' ? 'unknown' : 'offline';
}
