import type { SaleOptions } from '../../drivers/payment';
import type { PaymentJournal } from '../../offline-cache/payment-journal';
import type { TerminalPrompt } from '../contract';
import type { SaleStep } from './types';

/**
 * The driver callbacks that journal a running sale. The writes are synchronous SQLite commits,
 * so each answer is durable before the driver acknowledges it to the terminal. A failing write
 * must not look like a terminal error (which would mean "nothing charged"): it is kept in
 * `fault` and the caller treats the sale's outcome as unknown.
 */
export function journalingHooks(
  journal: PaymentJournal,
  id: string,
  step: (s: SaleStep) => void,
  onPrompt: (p: TerminalPrompt) => void,
): { hooks: Required<Pick<SaleOptions, 'onProgress' | 'onEvent'>>; fault(): unknown } {
  let fault: unknown;
  return {
    fault: () => fault,
    hooks: {
      onProgress: (p) => {
        step('progress');
        onPrompt(p.prompt);
      },
      onEvent: (e) => {
        try {
          if (e.type === 'accepted') {
            journal.recordAccepted(id);
            step('accepted');
          } else {
            journal.recordStatus(id, e);
            step('status-recorded');
          }
        } catch (err) {
          fault ??= err;
        }
      },
    },
  };
}
