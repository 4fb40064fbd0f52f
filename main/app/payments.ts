import { errorCode } from '../../shared/coded-error';
import { openZvtSerial } from '../../drivers/payment/serial';
import { PaymentJournal } from '../../offline-cache/payment-journal';
import type { KioskSettings } from '../config';
import type { Logger } from '../core/ports';
import { outboxSubmissionFinder } from '../payments/outbox-link';
import { PaymentService } from '../payments/payment-service';
import type { PaymentServiceState } from '../payments/types';
import type { KioskStore } from './store';
import type { Wiring } from './wiring';

/**
 * Payments: every sale is journaled before the terminal is asked; unknown outcomes are settled
 * with the terminal (recover) before another payment is taken. Without a terminal the session
 * shows payment as unavailable.
 */
export function wirePayments(opts: {
  store: KioskStore;
  terminal: KioskSettings['devices']['terminal'];
  currency: string;
  log: Logger;
}): Wiring<PaymentService> {
  const { log } = opts;
  const payments = new PaymentService({ journal: new PaymentJournal(opts.store.db), currency: opts.currency, log, findSubmission: outboxSubmissionFinder(opts.store.db) });
  let closeTerminal: (() => Promise<void>) | undefined;
  return {
    port: payments,
    async connect(session) {
      payments.on('state', (state: PaymentServiceState) => session.setDeviceHealth('terminal', state === 'ready' ? 'ready' : state === 'recovering' ? 'busy' : 'unavailable'));
      payments.on('checking', () => session.paymentChecking());
      payments.on('refund-owed', (entry: { id: string; amountCents: number }) => log.warn('payment-refund-owed', { paymentId: entry.id, amountCents: entry.amountCents }));
      const { path, baudRate, stopBits } = opts.terminal;
      if (!path) {
        session.setDeviceHealth('terminal', 'unavailable');
        return;
      }
      try {
        // The payment service registers the terminal (and retries) as part of recovery.
        const terminal = await openZvtSerial({ path, baudRate, stopBits });
        closeTerminal = () => terminal.close();
        payments.setTerminal(terminal);
        void payments.recover();
      } catch (err) {
        log.warn('terminal-unavailable', { code: errorCode(err) ?? 'error' });
        session.setDeviceHealth('terminal', 'unavailable');
      }
    },
    async close() {
      await closeTerminal?.();
      payments.dispose();
    },
  };
}
