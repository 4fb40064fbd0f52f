import { errorCode } from '../../shared/coded-error';
import type { QueueActionView, QueueOverview } from '../contract';
import type { Clock, Logger } from './ports';
import type { AuditPort } from './technician-ports';

/**
 * The outbox and the payment journal as a technician works on them (issue 11): the touch
 * screen and kioskctl both come here, so both are decided and audited the same way. A refusal
 * (no such entry, a payment not owed back) is a `refused` result with its code, never a throw:
 * the technician sees it and the audit log keeps it.
 */
export interface QueuePort {
  /** Reads both stores now; nothing personal comes out. */
  overview(): QueueOverview;
  /** One dead letter back to the queue (same idempotency key; refused once its payment went back), or every waiting entry due now; how many changed. */
  retry(entryId?: string): number;
  /** Everything waiting due now and the delivery loop woken; how many are due. */
  drain(): number;
  /** The journal's `refunded` step: only a `refund-owed` payment takes it. */
  markRefunded(paymentId: string, note: string): void;
  /** Calls back when a delivery moved an entry or a payment changed. */
  onChange(listener: () => void): () => void;
}

export class QueueDesk {
  constructor(
    private readonly port: QueuePort,
    private readonly audit: AuditPort,
    private readonly env: { log: Logger; clock: Clock },
  ) {}

  overview(): QueueOverview {
    return this.port.overview();
  }

  onChange(listener: () => void): () => void {
    return this.port.onChange(listener);
  }

  retry(actor: string, entryId?: string): QueueActionView {
    return this.act(actor, entryId ? 'retry' : 'retryAll', entryId ? { entryId } : {}, () => ({ count: this.port.retry(entryId) }));
  }

  drain(actor: string): QueueActionView {
    return this.act(actor, 'drain', {}, () => ({ count: this.port.drain() }));
  }

  markRefunded(actor: string, paymentId: string, note: string): QueueActionView {
    return this.act(actor, 'refunded', { paymentId }, () => {
      this.port.markRefunded(paymentId, note.slice(0, 200));
      return {};
    });
  }

  private act(actor: string, action: QueueActionView['action'], detail: Record<string, string>, run: () => { count?: number }): QueueActionView {
    const at = this.env.clock.now();
    let view: QueueActionView;
    try {
      view = { action, result: 'done', ...run(), at };
    } catch (err) {
      const code = errorCode(err)?.toLowerCase();
      // Only the stores' own refusals are answers; anything else is a bug and goes up.
      if (code !== 'not-found' && code !== 'invalid-transition') throw err;
      view = { action, result: 'refused', code, at };
    }
    this.audit.record(actor, action === 'refunded' ? 'refunded' : action === 'drain' ? 'queue-drain' : 'queue-retry', {
      ...detail,
      result: view.result,
      ...(view.count !== undefined ? { count: view.count } : {}),
      ...(view.code ? { code: view.code } : {}),
    });
    this.env.log.info('technician-queue', { action, result: view.result, count: view.count, code: view.code });
    return view;
  }
}
