import type { DeviceId, DeviceStates, DeviceStatus } from '../contract';
import type { ServiceDefinition } from './services/schema';

/**
 * The one rule set for what the kiosk offers (issues 11 and 13), read from the device-state
 * model: the automatic out-of-service screen, the services listed, and whether a technician's
 * visit ends back in service all come from here. Main decides here what the shopper is offered;
 * the renderer only shows it. A shopper is never led into a service that will fail at the last
 * step: no terminal, no paid services (free ones are still offered); no room left to journal a
 * payment, the same; no printer, the receipt on screen, said before paying; no card reader,
 * nobody can be served at all, so the kiosk is out of service.
 */
export interface AvailabilityRules {
  /** Without any of these the kiosk cannot serve anybody: it is out of service. */
  kioskNeeds: readonly DeviceId[];
  /** A service that costs money needs these as well (the terminal, and room to journal the payment). */
  paidNeeds: readonly DeviceId[];
  /** Per service id, devices it needs beyond those (a service whose printed paper is the product). */
  serviceNeeds: Readonly<Record<string, readonly DeviceId[]>>;
  /**
   * Without a working printer: `on-screen` gives the receipt on screen (reference and its QR
   * code), and the shopper is told so before paying; `paid-unavailable` offers only free services.
   */
  withoutPrinter: 'on-screen' | 'paid-unavailable';
  /** Free bytes under which the disk counts as `disk-low` (read by the storage measure, not here). */
  diskLowBytes?: number;
}

export const DEFAULT_AVAILABILITY: AvailabilityRules = {
  kioskNeeds: ['cardReader'],
  paidNeeds: ['terminal', 'disk', 'database'],
  serviceNeeds: {},
  withoutPrinter: 'on-screen',
};

/**
 * The rules in force. A bundle applied at the idle moment replaces them (main/app/configuration.ts),
 * and whoever judges the devices by them hears it: the offer to the next shopper is made again
 * and the automatic out-of-service screen comes or goes, without waiting for a device to change.
 */
export interface AvailabilityPolicy {
  readonly rules: AvailabilityRules;
  onChange(listener: (rules: AvailabilityRules) => void): () => void;
}

export class RulesInForce implements AvailabilityPolicy {
  private readonly listeners = new Set<(rules: AvailabilityRules) => void>();

  constructor(private current: AvailabilityRules) {}

  get rules(): AvailabilityRules {
    return this.current;
  }

  replace(next: AvailabilityRules): void {
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    for (const listener of [...this.listeners]) listener(next);
  }

  onChange(listener: (rules: AvailabilityRules) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** What the rules make of the devices right now. */
export interface Availability {
  /** Devices whose failure takes the whole kiosk out of service (empty: in service). */
  kioskFailing: DeviceId[];
  /** Devices whose failure leaves only free services (empty: paid services may be offered). */
  paidFailing: DeviceId[];
  /** How a receipt reaches the shopper. */
  receipt: 'paper' | 'on-screen';
  /** The devices a particular service lacks. */
  failingFor(service: ServiceDefinition): DeviceId[];
}

/** Before the first device state arrives (and for sessions composed without a model): nothing lacking. */
export const noneLacking: Availability = { kioskFailing: [], paidFailing: [], receipt: 'paper', failingFor: () => [] };

/**
 * A device that said it cannot work. `starting` (not heard from yet) and `busy` (settling an
 * earlier payment, which the checkout waits for) are not failures: hiding every paid service for
 * the first seconds after a start would send shoppers away for nothing.
 */
const FAILED: ReadonlySet<DeviceStatus> = new Set(['offline', 'noDevice', 'hardwareError', 'userError']);

function failing(states: DeviceStates, devices: readonly DeviceId[]): DeviceId[] {
  return devices.filter((d) => FAILED.has(states[d].status));
}

/** A service whose fee is anything but `none` may cost money (a fines inquiry always does). */
export function isPaid(service: ServiceDefinition): boolean {
  return service.fee.kind !== 'none';
}

/**
 * The devices without which nobody can be served that are down now: non-empty means out of
 * service (the bilingual screen, no card read for a shopper), whether a technician just left or
 * the devices failed on their own. A terminal that is down only withdraws paid services.
 */
export function outOfServiceBecause(states: DeviceStates, rules: AvailabilityRules): DeviceId[] {
  return failing(states, rules.kioskNeeds);
}

export function availabilityOf(states: DeviceStates, rules: AvailabilityRules): Availability {
  const printerDown = FAILED.has(states.printer.status);
  const paidFailing = failing(states, rules.paidNeeds);
  if (printerDown && rules.withoutPrinter === 'paid-unavailable' && !paidFailing.includes('printer')) paidFailing.push('printer');
  const kioskFailing = outOfServiceBecause(states, rules);
  return {
    kioskFailing,
    paidFailing,
    receipt: printerDown ? 'on-screen' : 'paper',
    failingFor(service) {
      const own = failing(states, rules.serviceNeeds[service.id] ?? []);
      const paid = isPaid(service) ? paidFailing : [];
      return [...new Set([...kioskFailing, ...paid, ...own])];
    },
  };
}
