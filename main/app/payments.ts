import { errorCode } from '../../shared/coded-error';
import { openZvtSerial } from '../../drivers/payment/serial';
import { PaymentJournal } from '../../offline-cache/payment-journal';
import type { KioskSettings } from '../config';
import type { DeviceStates } from '../contract';
import type { DeviceStatesPort } from '../core/device-states';
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
  states: DeviceStatesPort;
}): Wiring<PaymentService> & { restart(terminal: KioskSettings['devices']['terminal']): Promise<void> } {
  const { log, states } = opts;
  const journal = new PaymentJournal(opts.store.db);
  // The last sale's outcome (no card data) and the terminal's id, once its answer is journaled.
  const onStep = (step: string, id: string) => {
    if (step !== 'approved-recorded' && step !== 'outcome-recorded') return;
    const entry = journal.get(id);
    const result = entry.state === 'approved' ? 'approved' : entry.state === 'declined' ? 'declined' : entry.state === 'aborted' ? 'aborted' : 'unknown';
    states.update('terminal', { lastTransaction: { result, amountCents: entry.amountCents, at: entry.updatedAt }, ...(entry.terminalId ? { terminalId: entry.terminalId } : {}) });
  };
  const payments = new PaymentService({ journal, currency: opts.currency, log, findSubmission: outboxSubmissionFinder(opts.store.db), onStep });
  let closeTerminal: (() => Promise<void>) | undefined;
  let current: { terminalId: string | undefined } | undefined;
  return {
    port: payments,
    async connect(session) {
      // Ready means registered: the terminal's id is known from then, before its first sale.
      payments.on('state', (state: PaymentServiceState) => {
        const terminalId = state === 'ready' ? current?.terminalId : undefined;
        states.update('terminal', { ...terminalState(state), ...(terminalId ? { terminalId } : {}) });
      });
      payments.on('checking', () => session.paymentChecking());
      payments.on('refund-owed', (entry: { id: string; amountCents: number }) => log.warn('payment-refund-owed', { paymentId: entry.id, amountCents: entry.amountCents }));
      await open(opts.terminal);
    },
    /**
     * A technician's new port (main/app/device-settings.ts): the old link closes as at shutdown
     * (not reported as unplugged), and the new one is registered and recovered like at start, so
     * a sale whose outcome the old link never heard is settled on the new one first.
     */
    async restart(terminal) {
      payments.setTerminal(undefined);
      await closeTerminal?.();
      closeTerminal = undefined;
      // Another port may hold another terminal: the old one's id is not this one's.
      states.update('terminal', { status: 'starting', reason: undefined, ready: false, terminalId: undefined });
      await open(terminal);
    },
    async close() {
      await closeTerminal?.();
      payments.dispose();
    },
  };

  async function open(settings: KioskSettings['devices']['terminal']): Promise<void> {
    const { path, baudRate, stopBits } = settings;
    if (!path) {
      states.update('terminal', { status: 'noDevice', reason: 'not-configured', ready: false });
      return;
    }
    try {
      // The payment service registers the terminal (and retries) as part of recovery.
      const terminal = await openZvtSerial({ path, baudRate, stopBits });
      let closing = false;
      closeTerminal = () => {
        closing = true;
        return terminal.close();
      };
      // An unplugged terminal takes no more sales: the model says so, and paid services go from the list.
      terminal.onClose(({ disconnected }) => {
        if (closing) return;
        log.warn('terminal-link-lost', { disconnected });
        payments.setTerminal(undefined);
        states.update('terminal', { status: 'offline', reason: disconnected ? 'unplugged' : 'link-closed', ready: false });
      });
      current = terminal;
      payments.setTerminal(terminal);
      void payments.recover();
    } catch (err) {
      const code = errorCode(err) ?? 'error';
      log.warn('terminal-unavailable', { code });
      states.update('terminal', { status: 'offline', reason: 'link-down', ready: false });
    }
  }
}

function terminalState(state: PaymentServiceState): Partial<DeviceStates['terminal']> {
  switch (state) {
    case 'ready':
      return { status: 'online', reason: undefined, ready: true };
    case 'recovering':
      return { status: 'busy', reason: 'recovering', ready: false };
    case 'unavailable':
      return { status: 'offline', reason: 'terminal-unavailable', ready: false };
  }
}
