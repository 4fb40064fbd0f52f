import type { ApprovedSale } from '../../drivers/payment';
import type { JournalEntry, TerminalRef } from '../../offline-cache/payment-journal';
import type { PaymentOutcome } from '../core/ports';

const CARD_TYPES: Record<number, string> = { 5: 'girocard', 6: 'Mastercard', 8: 'American Express', 10: 'Visa', 13: 'V PAY', 46: 'Maestro' };

/** What the journal keeps of an approval: how to find it on the terminal, and the receipt text. */
export function saleRef(sale: ApprovedSale): TerminalRef {
  const cardType = sale.cardName?.replace(/\0/g, '').trim() || (sale.cardType === undefined ? undefined : CARD_TYPES[sale.cardType]);
  return {
    resultCode: 0,
    ...(sale.trace !== undefined && { trace: sale.trace }),
    ...(sale.receiptNo !== undefined && { receiptNo: sale.receiptNo }),
    ...(sale.terminalId !== undefined && { terminalId: sale.terminalId }),
    ...(sale.authCode !== undefined && { authCode: sale.authCode }),
    ...(cardType !== undefined && { cardType }),
    receiptLines: sale.receiptLines,
  };
}

/** The session's view of an approved journal entry (the same shape whether live or recovered). */
export function approvedOutcome(e: JournalEntry, panMasked?: string): Extract<PaymentOutcome, { result: 'approved' }> {
  return {
    result: 'approved',
    amountCents: e.amountCents,
    ...(e.trace !== undefined && { trace: String(e.trace).padStart(6, '0') }),
    ...(e.receiptNo !== undefined && { receiptNo: String(e.receiptNo).padStart(4, '0') }),
    ...(e.cardType !== undefined && { cardType: e.cardType }),
    ...(panMasked !== undefined && { panMasked }),
    ...(e.authCode !== undefined && { authCode: e.authCode }),
    ...(e.terminalId !== undefined && { terminalId: e.terminalId }),
    receiptLines: e.receiptLines,
  };
}
