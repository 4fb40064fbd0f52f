import { type SaleResult } from './types';
import { resultCodeText } from './zvt/result-codes';
import { type StatusInfo, statusDateTime } from './zvt/status-info';

export function declined(code: number): SaleResult {
  return { result: 'declined', code, reason: resultCodeText(code) };
}

export function approved(requested: number, s: StatusInfo | undefined, receiptLines: string[]): SaleResult {
  const dateTime = s ? statusDateTime(s) : undefined;
  return {
    result: 'approved',
    amountCents: s?.amountCents ?? requested,
    ...(s?.trace !== undefined && { trace: s.trace }),
    ...(s?.receiptNo !== undefined && { receiptNo: s.receiptNo }),
    ...(s?.cardType !== undefined && { cardType: s.cardType }),
    ...(s?.cardName !== undefined && { cardName: s.cardName }),
    ...(s?.panMasked !== undefined && { panMasked: s.panMasked }),
    ...(s?.authCode !== undefined && { authCode: s.authCode }),
    ...(s?.terminalId !== undefined && { terminalId: s.terminalId }),
    ...(dateTime !== undefined && { dateTime }),
    receiptLines,
  };
}
