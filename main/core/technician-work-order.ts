import { errorCode } from '../../shared/coded-error';
import type { TechnicianStep } from '../contract';
import type { Logger } from './ports';
import type { TechnicianAccess, WorkOrderCheck } from './technician-access';
import type { AuditDetail, AuditPort } from './technician-ports';

export type WorkOrderStep = Extract<TechnicianStep, { screen: 'technicianWorkOrder' }>;

/**
 * The work-order code, the second factor asked for after a right PIN where the configuration
 * wants one (issue 11). TechnicianAccess.checkWorkOrder decides and counts it toward the PIN's
 * lockout (main/config/work-order.ts verifies the signature); this audits each refusal and says
 * which screen follows. Entering the visit is the desk's (technician.ts).
 */
export class WorkOrderFactor {
  constructor(
    private readonly deps: {
      access: TechnicianAccess;
      audit: AuditPort;
      log: Logger;
    },
  ) {}

  /** After a right PIN, a code is asked for. */
  get required(): boolean {
    return this.deps.access.workOrderRequired;
  }

  /** The code's screen as a right PIN opens it. */
  ask(): WorkOrderStep {
    return { screen: 'technicianWorkOrder', triesLeft: this.deps.access.status().triesLeft };
  }

  /**
   * Checks a code for the card in the reader. `ok` carries what the entry records (the order and
   * the key, never the code); otherwise the refusal is audited and `step` is the screen to show
   * (`shown` again when the try was too soon to be looked at).
   */
  check(actor: string, code: string, cardId: string, shown: WorkOrderStep): { result: 'ok'; entry: AuditDetail } | { result: 'refused'; step: WorkOrderStep } {
    const { access, audit, log } = this.deps;
    let check: WorkOrderCheck;
    try {
      check = access.checkWorkOrder(code, cardId);
    } catch (err) {
      log.warn('work-order-check-failed', { code: errorCode(err) ?? 'error' });
      check = { result: 'too-soon' };
    }
    let step = shown;
    switch (check.result) {
      case 'ok':
        return { result: 'ok', entry: { workOrder: check.order, key: check.keyId, until: new Date(check.expiresAt).toISOString() } };
      case 'wrong':
        audit.record(actor, 'work-order-wrong', { reason: check.reason, triesLeft: check.triesLeft, ...(check.block ? { block: check.block } : {}) });
        step = { screen: 'technicianWorkOrder', refused: check.reason, triesLeft: check.triesLeft, ...(check.block ? { block: check.block } : {}) };
        break;
      case 'locked-out':
        audit.record(actor, 'work-order-wrong', { reason: check.reason, triesLeft: 0 });
        audit.record(actor, 'locked-out', { until: new Date(check.until).toISOString(), factor: 'work-order' });
        step = { screen: 'technicianWorkOrder', refused: check.reason, triesLeft: 0, lockedUntil: check.until };
        break;
      case 'locked':
        audit.record(actor, 'pin-while-locked', { until: new Date(check.until).toISOString(), factor: 'work-order' });
        step = { screen: 'technicianWorkOrder', triesLeft: 0, lockedUntil: check.until };
        break;
      case 'too-soon':
        break;
    }
    log.info('technician-visit', { phase: 'work-order', result: check.result, ...('reason' in check ? { reason: check.reason } : {}) });
    return { result: 'refused', step };
  }
}
