import type { PrinterLevel } from '../../drivers/printer/asb';
import type { PrintQueue } from '../../drivers/printer/print-queue';
import type { PrinterSimulator } from '../../drivers/printer/sim/simulator';
import { eventOf, waitFor } from './wait';

/** Until the print queue reports `level`, checked on each of its status events. */
export function untilLevel(queue: PrintQueue, level: PrinterLevel, timeoutMs = 3000): Promise<true> {
  return waitFor(() => queue.level === level, {
    what: `the printer to be ${level}`,
    on: eventOf(queue, 'status'),
    timeoutMs,
    describeLast: () => queue.level,
  });
}

/** Until the printer simulator has cut `n` receipts, checked on each one it cuts. */
export function untilReceipts(sim: PrinterSimulator, n: number, what = `${n} receipt(s)`, timeoutMs = 3000): Promise<true> {
  return waitFor(() => sim.receipts.length >= n, { what, on: eventOf(sim, 'receipt'), timeoutMs, describeLast: () => sim.receipts.length });
}
