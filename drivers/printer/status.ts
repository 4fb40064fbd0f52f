import type { StatusKind } from './escpos';

/** What a caller needs before sending a job. */
export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  /** The printer reports an error condition (cutter jam, head too hot, ...). */
  error: boolean;
}

/**
 * A DLE EOT reply always has the pattern 0xx1xx10. Checking it lets us skip stray bytes on the
 * line (XON/XOFF, Automatic Status Back) instead of mistaking them for an answer.
 */
export function isStatusReply(b: number): boolean {
  return (b & 0x93) === 0x12;
}

export interface StatusReplies {
  printer: number; // n = 1
  offlineCause: number; // n = 2
  paper: number; // n = 4
  errorCause?: number; // n = 3, optional: some printers only answer 1, 2 and 4 reliably
}

export function parseStatus(r: StatusReplies): PrinterStatus {
  const paperOut = (r.paper & 0x60) !== 0 || (r.offlineCause & 0x20) !== 0;
  const coverOpen = (r.offlineCause & 0x04) !== 0;
  const errorCause = r.errorCause ?? 0x12;
  const error = (r.offlineCause & 0x40) !== 0 || (errorCause & 0x6c) !== 0;
  return {
    online: (r.printer & 0x08) === 0,
    coverOpen,
    paperOut,
    paperNearEnd: (r.paper & 0x0c) !== 0,
    error,
  };
}

/** The reverse mapping, used by the simulator: the byte a printer in `s` answers to DLE EOT n. */
export function statusByte(n: StatusKind, s: PrinterStatus): number {
  let b = 0x12;
  switch (n) {
    case 1:
      if (!s.online) b |= 0x08;
      break;
    case 2:
      if (s.coverOpen) b |= 0x04;
      if (s.paperOut) b |= 0x20;
      if (s.error) b |= 0x40;
      break;
    case 3:
      if (s.error) b |= 0x04;
      break;
    case 4:
      if (s.paperNearEnd || s.paperOut) b |= 0x0c;
      if (s.paperOut) b |= 0x60;
      break;
  }
  return b;
}
