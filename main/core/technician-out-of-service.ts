import { errorCode } from '../../shared/coded-error';
import type { DeviceId, DeviceStates, OutOfServiceStep } from '../contract';
import { type AvailabilityPolicy, DEFAULT_AVAILABILITY, outOfServiceBecause } from './availability';
import type { Clock, Logger } from './ports';
import type { SessionSteps } from './session-steps';
import type { AuditPort, KeptOutOfService, KeptOutOfServicePort } from './technician-ports';

/** Who took the kiosk out of service. */
export type OutOfService = { by: 'technician' | 'kioskctl' | 'devices'; reason: string };

/**
 * Whether the kiosk is out of service, and who said so (issue 11): a person (the technician's
 * toggle, kioskctl), kept across restarts, which only a person's "off" ends; or the devices the
 * rules in force cannot serve without, which ends by itself once they are healthy again. The
 * desk (technician.ts) decides when the devices are heard: not during a visit, and again as one
 * ends.
 */
export class OutOfServiceSwitch {
  private flag: OutOfService | undefined;

  constructor(
    private readonly deps: {
      steps: SessionSteps;
      audit: AuditPort;
      log: Logger;
      clock: Clock;
      /** Where shoppers can go meanwhile, from config. */
      alternative: OutOfServiceStep['alternative'];
      rules?: AvailabilityPolicy;
      kept?: KeptOutOfServicePort;
    },
  ) {}

  get current(): OutOfService | undefined {
    return this.flag;
  }

  /** A kiosk a person took out of service stays so after a crash or a restart, whatever the devices say. */
  restore(): void {
    let kept: KeptOutOfService | undefined;
    try {
      kept = this.deps.kept?.read();
    } catch (err) {
      this.deps.log.error('out-of-service-unreadable', { code: errorCode(err) ?? 'error' });
    }
    if (!kept) return;
    this.deps.log.warn('out-of-service', { on: true, by: kept.by, since: new Date(kept.at).toISOString(), restored: true });
    this.setFlag({ by: kept.by, reason: kept.reason });
  }

  /** The devices' own verdict: out of service while one the rules need fails, back once they are healthy (if it was theirs). */
  followDevices(states: DeviceStates, after: 'devices-healthy' | 'rules-changed'): void {
    const failing = this.failing(states);
    if (!this.flag && failing.length > 0) {
      this.deps.log.warn('out-of-service', { by: 'devices', failing: failing.join(',') });
      this.setFlag({ by: 'devices', reason: failing.join(',') });
    } else if (this.flag?.by === 'devices' && failing.length === 0) {
      this.deps.log.info('back-in-service', { after });
      this.setFlag(undefined);
    }
  }

  /** As a visit ends: the devices still failing take the kiosk out of service; which they are, and where it is now. */
  judgeAtExit(states: DeviceStates): { failing: DeviceId[]; back: 'in-service' | 'out-of-service' } {
    const failing = this.failing(states);
    if (!this.flag && failing.length > 0) this.setFlag({ by: 'devices', reason: failing.join(',') });
    return { failing, back: this.flag ? 'out-of-service' : 'in-service' };
  }

  /** A person takes the kiosk out of service or back (the technician's toggle, or kioskctl): audited and kept. */
  set(on: boolean, who: { by: 'technician' | 'kioskctl'; actor: string; reason: string }): void {
    this.deps.audit.record(who.actor, on ? 'out-of-service-on' : 'out-of-service-off', { by: who.by, reason: who.reason.slice(0, 200) });
    this.deps.log.info('out-of-service', { on, by: who.by });
    this.setFlag(on ? { by: who.by, reason: who.reason } : undefined);
    this.keep(on ? { by: who.by, reason: who.reason.slice(0, 200), at: this.deps.clock.now() } : undefined);
  }

  private failing(states: DeviceStates): DeviceId[] {
    return outOfServiceBecause(states, this.deps.rules?.rules ?? DEFAULT_AVAILABILITY);
  }

  /** Kept in the database; a failure leaves the kiosk out of service (or not) until the next start, and says so. */
  private keep(record: KeptOutOfService | undefined): void {
    try {
      if (record) this.deps.kept?.save(record);
      else this.deps.kept?.clear();
    } catch (err) {
      this.deps.log.error('out-of-service-not-kept', { on: record !== undefined, code: errorCode(err) ?? 'error' });
    }
  }

  private setFlag(flag: OutOfService | undefined): void {
    this.flag = flag;
    this.deps.steps.setOutOfService(flag ? { screen: 'outOfService', alternative: this.deps.alternative } : undefined);
  }
}
