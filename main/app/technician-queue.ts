import { CodedError } from '../../shared/coded-error';
import { type JournalEntry, PaymentJournal } from '../../offline-cache/payment-journal';
import type { Outbox } from '../../offline-cache/outbox';
import type { OutboxDelivery } from '../../offline-cache/delivery';
import type { KioskDatabase } from '../../offline-cache/db';
import type { PaymentLink, QueueOverview } from '../contract';
import type { QueuePort } from '../core/queue-desk';

/**
 * The queue and money page's view of the real stores (issue 11): the outbox's counts and dead
 * letters, each with the payment that bought it, and the journal's open payments. Built from
 * the rows' references only: payloads stay encrypted and unread, no person key leaves.
 */
const LISTED = 20;
const CODE = /^[a-z0-9][a-z0-9.-]{0,47}$/;

interface DeadRow {
  id: string;
  local_ref: string;
  service_id: string;
  state: 'rejected' | 'expired';
  attempts: number;
  updated_at: number;
  reject_code: string | null;
  payment_ref: string | null;
}

function link(e: JournalEntry): PaymentLink {
  return {
    id: e.id,
    state: e.state,
    amountCents: e.amountCents,
    currency: e.currency,
    createdAt: e.createdAt,
    ...(e.trace !== undefined ? { trace: e.trace } : {}),
    ...(e.receiptNo !== undefined ? { receiptNo: e.receiptNo } : {}),
    ...(e.terminalId && /^[0-9A-Za-z-]{1,16}$/.test(e.terminalId) ? { terminalId: e.terminalId } : {}),
  };
}

export function technicianQueue(opts: { db: KioskDatabase; outbox: Outbox; delivery: OutboxDelivery }): QueuePort & { changed(): void } {
  const { outbox, delivery } = opts;
  const journal = new PaymentJournal(opts.db);
  const listeners = new Set<() => void>();
  // Straight from the rows: OutboxReader.get() would decode the payload, and nothing here needs it.
  const newestDead = opts.db.prepare(`SELECT id, local_ref, service_id, state, attempts, updated_at, reject_code, payment_ref FROM outbox
    WHERE state IN ('rejected', 'expired') ORDER BY updated_at DESC, id LIMIT ?`);
  const localRefOf = opts.db.prepare('SELECT local_ref FROM outbox WHERE id = ?');
  const paymentRefOf = opts.db.prepare('SELECT payment_ref FROM outbox WHERE id = ?');
  const changed = () => listeners.forEach((l) => l());
  for (const event of ['delivered', 'rejected', 'expired', 'retry', 'recovered'] as const) delivery.on(event, changed);

  // A dead letter names its payment by the journal's id (or, from older kiosks, the terminal's reference).
  const paymentOf = (entryId: string, paymentRef: string | undefined): JournalEntry | undefined => {
    const bySubmission = journal.findBySubmission(entryId);
    if (bySubmission || !paymentRef) return bySubmission;
    try {
      return journal.get(paymentRef);
    } catch {
      return undefined;
    }
  };

  return {
    overview(): QueueOverview {
      const stats = outbox.stats();
      const health = outbox.health();
      const dead = newestDead.all(LISTED) as DeadRow[];
      const open = journal.open();
      return {
        counts: { queued: stats.queued, sending: stats.sending, delivered: stats.delivered, rejected: stats.rejected, expired: stats.expired, setAside: health.setAside, paidDead: stats.paidDead },
        oldestWaitingAgeMs: health.oldestWaitingAgeMs,
        deadLetters: dead.map((r) => {
          const payment = r.payment_ref ? paymentOf(r.id, r.payment_ref) : undefined;
          return {
            id: r.id,
            localRef: r.local_ref,
            serviceId: r.service_id,
            state: r.state,
            attempts: r.attempts,
            updatedAt: r.updated_at,
            ...(r.reject_code && CODE.test(r.reject_code) ? { rejectCode: r.reject_code } : {}),
            ...(payment ? { payment: link(payment) } : {}),
          };
        }),
        deadLettersMore: Math.max(0, stats.rejected + stats.expired - dead.length),
        payments: open.slice(0, LISTED).map((e) => {
          const localRef = e.submissionId ? (localRefOf.get(e.submissionId) as { local_ref: string } | undefined)?.local_ref : undefined;
          return { ...link(e), ...(localRef ? { localRef } : {}) };
        }),
        paymentsMore: Math.max(0, open.length - LISTED),
      };
    },
    retry(entryId) {
      if (entryId) {
        const row = paymentRefOf.get(entryId) as { payment_ref: string | null } | undefined;
        const payment = row?.payment_ref ? paymentOf(entryId, row.payment_ref) : undefined;
        // Its money went back: sent again, the ministry would serve a request nobody paid for.
        if (payment && (payment.state === 'refunded' || payment.state === 'reversed')) {
          throw new CodedError('invalid-transition', `the payment of ${entryId} was ${payment.state}: the request cannot be sent again`);
        }
      }
      return outbox.retry(entryId ? { ids: [entryId] } : {});
    },
    drain() {
      outbox.retry();
      delivery.kick();
      const health = outbox.health();
      return health.waiting - health.setAside;
    },
    markRefunded(paymentId, note) {
      journal.markRefunded(paymentId, note);
      changed();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    changed,
  };
}
