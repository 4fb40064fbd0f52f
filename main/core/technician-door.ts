import { errorCode } from '../../shared/coded-error';
import type { TechnicianStep } from '../contract';
import type { Logger } from './ports';
import type { SessionSteps } from './session-steps';
import type { PinCheck, TechnicianAccess } from './technician-access';
import type { AuditPort } from './technician-ports';

/**
 * The technician's door (issue 11): the card that opens a visit and the PIN typed behind it.
 * TechnicianAccess decides and counts (the lockout); this records each try in the audit log
 * and shows the PIN screen it leaves. What a right PIN leads to, the visit or a work-order code
 * (technician-work-order.ts), is the desk's (technician.ts).
 */
export class TechnicianDoor {
  constructor(
    private readonly deps: {
      access: TechnicianAccess;
      audit: AuditPort;
      steps: SessionSteps;
      log: Logger;
    },
  ) {}

  /** A technician card was read (the session made sure no shopper's payment is still settling): recorded; the PIN is asked for. */
  card(actor: string): TechnicianStep {
    this.deps.audit.record(actor, 'technician-card');
    this.deps.log.info('technician-visit', { phase: 'card' });
    return this.pinStep(false);
  }

  /** Refused before it started (a shopper's payment is settling): recorded, nothing opens. */
  refuse(actor: string, why: string): void {
    this.deps.audit.record(actor, 'refused', { why });
  }

  /**
   * Checks a PIN with the screen busy meanwhile. A refusal is audited and its PIN screen shown
   * here; `ok` is the desk's to act on. `gone`: the visit ended or was replaced while the PIN was
   * checked, and its screen is no longer this visit's to show.
   */
  async checkPin(actor: string, pin: string, stillOpen: () => boolean): Promise<'ok' | 'refused' | 'gone'> {
    const { access, audit, steps, log } = this.deps;
    steps.update({ busy: true });
    let check: PinCheck;
    try {
      check = await access.check(pin);
    } catch (err) {
      log.warn('technician-pin-failed', { code: errorCode(err) ?? 'error' });
      check = { result: 'too-soon' };
    }
    if (!stillOpen()) return 'gone';
    switch (check.result) {
      case 'ok':
        return 'ok';
      case 'wrong':
        audit.record(actor, 'pin-wrong', { triesLeft: check.triesLeft });
        steps.showVisit(this.pinStep(true), { busy: false });
        return 'refused';
      case 'locked-out':
      case 'locked':
        audit.record(actor, check.result === 'locked-out' ? 'locked-out' : 'pin-while-locked', { until: new Date(check.until).toISOString() });
        steps.showVisit(this.pinStep(true), { busy: false });
        return 'refused';
      case 'too-soon':
      case 'not-configured':
        steps.showVisit(this.pinStep(false), { busy: false });
        return 'refused';
    }
  }

  private pinStep(wrong: boolean): TechnicianStep {
    const { access } = this.deps;
    const status = access.status();
    return { screen: 'technicianPin', wrong, triesLeft: status.triesLeft, notConfigured: !access.configured, ...(status.lockedUntil ? { lockedUntil: status.lockedUntil } : {}) };
  }
}
