import type { AdminResult, LastTransaction, PaymentTerminal, ReversalResult, TerminalStatus } from './adapter';
import { approved, declined } from './sale-result';
import { type LoopEnd, ZvtTerminal } from './terminal';
import type { SaleOptions, SaleResult } from './types';
import { type Apdu } from './zvt/apdu';
import { diagnosisApdu, endOfDayApdu, refundApdu, repeatReceiptApdu, reversalApdu, statusEnquiryApdu } from './zvt/commands';
import { ZvtError } from './zvt/errors';
import { decodeText } from './zvt/fields';
import { resultCodeText } from './zvt/result-codes';
import { type StatusInfo, statusDateTime } from './zvt/status-info';

const RESULT_ALREADY_REVERSED = 0xb4;

const TERMINAL_STATUS: ReadonlyMap<number, string> = new Map([
  [0x00, 'ready'],
  [0x51, 'initialisation needed'],
  [0x62, 'date/time wrong'],
  [0x9c, 'please wait'],
  [0xb1, 'memory full'],
  [0xc2, 'diagnosis needed'],
  [0xcc, 'printer not ready'],
  [0xdc, 'card inserted'],
  [0xdf, 'out of order'],
  [0xe2, 'card reader defective'],
]);

interface Collected {
  end: LoopEnd;
  status?: StatusInfo;
  statusBroken: boolean;
  lines: string[];
}

/**
 * The ZVT client behind the protocol-neutral PaymentTerminal interface: the sale core of
 * ZvtTerminal plus the administrative commands (reversal, refund, repeat receipt, status
 * enquiry, end of day, diagnosis) that recovery and technicians need.
 */
export class ZvtPaymentTerminal extends ZvtTerminal implements PaymentTerminal {
  readonly protocol = 'zvt';

  async refund(amountCents: number, opts: SaleOptions = {}): Promise<SaleResult> {
    return this.runPayment(refundApdu(amountCents, this.password, this.currency), amountCents, opts);
  }

  async reversal(ref: { receiptNo: number; amountCents?: number }): Promise<ReversalResult> {
    const c = await this.collect(reversalApdu(ref.receiptNo, this.password, ref.amountCents));
    switch (c.end.end) {
      case 'completion': {
        const rc = c.status?.resultCode ?? 0;
        if (c.statusBroken) return { result: 'unknown', reason: 'status information from the terminal was unreadable' };
        if (rc === RESULT_ALREADY_REVERSED) return { result: 'already-reversed', code: rc };
        if (rc !== 0) return { result: 'refused', code: rc, reason: resultCodeText(rc) };
        return {
          result: 'reversed',
          ...(c.status?.trace !== undefined && { trace: c.status.trace }),
          ...(c.status?.receiptNo !== undefined && { receiptNo: c.status.receiptNo }),
          receiptLines: c.lines,
        };
      }
      case 'abort':
      case 'rejected': {
        const code = c.end.code ?? c.status?.resultCode ?? 0xff;
        if (code === RESULT_ALREADY_REVERSED) return { result: 'already-reversed', code };
        return { result: 'refused', code, reason: resultCodeText(code) };
      }
      case 'timeout':
        return { result: 'unknown', reason: 'terminal did not finish the reversal' };
      case 'link-lost':
        return { result: 'unknown', reason: c.end.reason };
    }
  }

  async lastTransaction(): Promise<LastTransaction> {
    const c = await this.collect(repeatReceiptApdu(this.password));
    if (c.end.end === 'abort' || c.end.end === 'rejected') return { found: false, ...(c.end.code !== undefined && { code: c.end.code }) };
    if (c.end.end !== 'completion') throw new ZvtError(c.end.end === 'timeout' ? 'timeout' : c.end.code, 'terminal did not replay its last transaction');
    // A terminal that prints its own receipts may answer with a bare 06 0F (seen on a PAX A80).
    if (!c.status) {
      if (c.statusBroken) throw new ZvtError('bad-bmp', 'the replayed status information was unreadable');
      return { found: false };
    }
    const s = c.status;
    const resultCode = s.resultCode ?? 0;
    const dateTime = statusDateTime(s);
    const kind = s.originalTrace !== undefined ? 'reversal' : 'sale';
    return {
      found: true,
      kind,
      resultCode,
      ...(s.amountCents !== undefined && { amountCents: s.amountCents }),
      ...(s.trace !== undefined && { trace: s.trace }),
      ...(s.originalTrace !== undefined && { originalTrace: s.originalTrace }),
      ...(s.receiptNo !== undefined && { receiptNo: s.receiptNo }),
      ...(dateTime !== undefined && { dateTime }),
      receiptLines: c.lines,
      ...(kind === 'sale' && { sale: resultCode === 0 ? approved(s.amountCents ?? 0, s, c.lines) : declined(resultCode) }),
    };
  }

  async status(): Promise<TerminalStatus> {
    const c = await this.collect(statusEnquiryApdu(), this.ackTimeoutMs * 2);
    if (c.end.end === 'completion') return parseStatusCompletion(c.end.data);
    if (c.end.end === 'abort' || c.end.end === 'rejected') {
      const code = c.end.code ?? 0xff;
      return { ready: false, code, text: resultCodeText(code) };
    }
    if (c.end.end === 'timeout') throw new ZvtError('timeout', 'terminal did not answer the status enquiry');
    throw new ZvtError(c.end.code, `status enquiry failed: ${c.end.reason}`);
  }

  endOfDay(): Promise<AdminResult> {
    return this.admin(endOfDayApdu(this.password), 'end of day');
  }

  diagnosis(): Promise<AdminResult> {
    return this.admin(diagnosisApdu(), 'diagnosis');
  }

  private async admin(cmd: Apdu, what: string): Promise<AdminResult> {
    const c = await this.collect(cmd);
    const lines = c.lines;
    switch (c.end.end) {
      case 'completion': {
        const rc = c.status?.resultCode ?? 0;
        return {
          ok: rc === 0,
          resultCode: rc,
          ...(rc !== 0 && { reason: resultCodeText(rc) }),
          ...(c.status?.amountCents !== undefined && { totalCents: c.status.amountCents }),
          receiptLines: lines,
        };
      }
      case 'abort':
      case 'rejected': {
        const rc = c.end.code ?? 0xff;
        return { ok: false, resultCode: rc, reason: resultCodeText(rc), receiptLines: lines };
      }
      case 'timeout':
        throw new ZvtError('timeout', `terminal did not finish the ${what}`);
      case 'link-lost':
        throw new ZvtError(c.end.code, `${what} failed: ${c.end.reason}`);
    }
  }

  private async collect(cmd: Apdu, timeoutMs = this.masterTimeoutMs): Promise<Collected> {
    const c: Omit<Collected, 'end'> = { statusBroken: false, lines: [] };
    const end = await this.transact(
      cmd,
      {
        onLines: (l) => c.lines.push(...l),
        onStatus: (info) => {
          if (info) c.status = info;
          else c.statusBroken = true;
        },
      },
      timeoutMs,
    );
    return { ...c, end };
  }
}

/** 06 0F after 05 01: LLLVAR software version (F0|digit length), then the terminal-status byte. */
export function parseStatusCompletion(data: Uint8Array): TerminalStatus {
  let version: string | undefined;
  let rest = data;
  if (data.length >= 3 && data.subarray(0, 3).every((b) => (b & 0xf0) === 0xf0 && (b & 0x0f) <= 9)) {
    const len = (data[0]! & 0x0f) * 100 + (data[1]! & 0x0f) * 10 + (data[2]! & 0x0f);
    if (3 + len <= data.length) {
      version = decodeText(data.subarray(3, 3 + len)).replace(/\0+$/, '');
      rest = data.subarray(3 + len);
    }
  }
  const code = rest[0] ?? 0x00;
  return { ready: code === 0, code, text: TERMINAL_STATUS.get(code) ?? `terminal status 0x${code.toString(16).padStart(2, '0')}`, ...(version !== undefined && { softwareVersion: version }) };
}
