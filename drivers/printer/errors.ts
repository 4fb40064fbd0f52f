import { CodedError } from '../../shared/coded-error';

/**
 * Every failure a caller of the printer layer may want to branch on. Messages are meant for a
 * technician reading a log: they never contain receipt content (names, ID numbers).
 */
export type PrinterErrorCode =
  | 'paper-out'
  | 'cover-open'
  | 'offline'
  | 'printer-unavailable'
  | 'printer-error'
  | 'write-failed'
  | 'fonts-missing'
  | 'invalid-receipt'
  | 'invalid-command'
  | 'invalid-config'
  | 'not-reprintable';

export class PrinterError extends CodedError<PrinterErrorCode> {
  override readonly name = 'PrinterError';
}
