import type { SaleEvent } from './types';
import { CMD } from './zvt/commands';
import { type IntermediateStatus, parseIntermediateStatus } from './zvt/intermediate';
import { parsePrintLine, parseTextBlock } from './zvt/print';
import { type StatusInfo, parseStatusInfo } from './zvt/status-info';

/** What the master loop reports as the terminal's messages arrive. */
export interface LoopHooks {
  /** The terminal took the command (80 00, or its first message): it may now charge. */
  onAccepted?(): void;
  onIntermediate?(s: IntermediateStatus): void;
  onLines?(lines: string[]): void;
  onStatus?(info: StatusInfo | undefined): void;
}

/**
 * Reads one terminal message for the master loop. Returns true when it was a final error
 * status (04 0F with a non-zero result), after which the loop waits only a short grace time.
 */
export function handleTerminalMessage(id: number, data: Uint8Array, hooks: LoopHooks): boolean {
  try {
    switch (id) {
      case CMD.intermediateStatus:
        hooks.onIntermediate?.(parseIntermediateStatus(data));
        return false;
      case CMD.printLine:
        hooks.onLines?.([parsePrintLine(data).text]);
        return false;
      case CMD.printTextBlock:
        hooks.onLines?.(parseTextBlock(data).lines);
        return false;
      case CMD.statusInformation: {
        const info = parseStatusInfo(data);
        hooks.onStatus?.(info);
        return info.resultCode !== undefined && info.resultCode !== 0;
      }
      default:
        return false;
    }
  } catch {
    // A malformed status must not be read as approval or decline; print/display damage is cosmetic.
    if (id === CMD.statusInformation) hooks.onStatus?.(undefined);
    return false;
  }
}

/** The fields of a status a journal keeps: enough to find the transaction again, nothing about the card holder. */
export function statusSummary(info: StatusInfo): Omit<Extract<SaleEvent, { type: 'status' }>, 'type'> {
  return {
    ...(info.resultCode !== undefined && { resultCode: info.resultCode }),
    ...(info.amountCents !== undefined && { amountCents: info.amountCents }),
    ...(info.trace !== undefined && { trace: info.trace }),
    ...(info.receiptNo !== undefined && { receiptNo: info.receiptNo }),
  };
}
