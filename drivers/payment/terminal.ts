import { type ByteTransport } from '../transport/byte-transport';
import { ApduInbox } from './inbox';
import { ZvtLink, type ZvtLinkOptions } from './link';
import { approved, declined } from './sale-result';
import { type SaleOptions, type SaleResult } from './types';
import { type Apdu, commandOf } from './zvt/apdu';
import { validateAmountCents } from './zvt/amount';
import { decodeBmps } from './zvt/bmp';
import {
  CMD,
  CURRENCY_QAR,
  type RegistrationOptions,
  abortApdu,
  ackApdu,
  authorizationApdu,
  isAck,
  isNack,
  registrationApdu,
} from './zvt/commands';
import { ZvtError } from './zvt/errors';
import { decodeBcdString } from './zvt/fields';
import { RESULT_ABORT, resultCodeText } from './zvt/result-codes';
import { type StatusInfo } from './zvt/status-info';
import { type LoopHooks, handleTerminalMessage, statusSummary } from './terminal-messages';

export interface ZvtTerminalOptions extends ZvtLinkOptions {
  /** ISO 4217 numeric sent in BMP 49; default QAR (634); null leaves BMP 49 out. */
  currency?: number | null;
  /** Terminal password for commands that carry one; default 000000. */
  password?: string;
  /** T4: longest silence while the terminal holds master rights; restarted on every message. */
  masterTimeoutMs?: number;
  /** After a 04 0F carrying an error, how long to wait for 06 1E / 06 0F before treating it as final. */
  statusGraceMs?: number;
}

export type LoopEnd =
  | { end: 'completion'; data: Uint8Array }
  | { end: 'abort'; code?: number }
  | { end: 'rejected'; code: number }
  | { end: 'timeout'; phase: 'response' | 'master' | 'grace' }
  | { end: 'link-lost'; reason: string; code: 'no-ack' | 'disconnected' };

/**
 * ZVT client for the kiosk (the ECR side). One operation at a time; abort() may interrupt a sale.
 * While the terminal is master, every message it sends is answered with 80 00 so it carries on.
 */
export class ZvtTerminal {
  private readonly link: ZvtLink;
  private readonly inbox = new ApduInbox();
  protected readonly currency: number | null;
  protected readonly password: string;
  protected readonly ackTimeoutMs: number;
  protected readonly masterTimeoutMs: number;
  private readonly statusGraceMs: number;
  private active = false;
  private abortRequested = false;
  private abortWaiter: ((nackCode: number | null) => void) | undefined;
  private tid: string | undefined;

  constructor(transport: ByteTransport, opts: ZvtTerminalOptions = {}) {
    this.link = new ZvtLink(transport, opts);
    this.currency = opts.currency === undefined ? CURRENCY_QAR : opts.currency;
    this.password = opts.password ?? '000000';
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 5000;
    this.masterTimeoutMs = opts.masterTimeoutMs ?? 180_000;
    this.statusGraceMs = opts.statusGraceMs ?? 5000;
    this.link.onApdu((a) => this.onApdu(a));
    this.link.onClose(() => this.inbox.close());
  }

  get isOpen(): boolean {
    return this.link.isOpen;
  }

  /** The link went away (unplugged, or closed): `disconnected` says it was not closed on purpose. Returns an unsubscribe. */
  onClose(listener: (info: { disconnected: boolean }) => void): () => void {
    return this.link.onClose(listener);
  }

  /** Terminal id from the last registration completion, when the terminal sent one. */
  get terminalId(): string | undefined {
    return this.tid;
  }

  /** 06 00: logs the kiosk on with its config byte and currency. Throws ZvtError on refusal or silence. */
  async register(opts: RegistrationOptions = {}): Promise<void> {
    const cmd = registrationApdu({ password: this.password, currency: this.currency ?? undefined, ...opts });
    const end = await this.transact(cmd, {}, this.masterTimeoutMs);
    switch (end.end) {
      case 'completion': {
        const tidField = safeBmps(end.data).find((f) => f.tag === 0x29);
        if (tidField) this.tid = decodeBcdString(tidField.value);
        return;
      }
      case 'abort':
      case 'rejected':
        throw new ZvtError('rejected', `terminal refused registration: ${resultCodeText(end.code ?? 0xff)}`, end.code);
      case 'timeout':
        throw new ZvtError('timeout', `terminal did not complete registration (${end.phase} timeout)`);
      case 'link-lost':
        throw new ZvtError(end.code, `registration failed: ${end.reason}`);
    }
  }

  /**
   * 06 01: charges `amountCents`. Resolves with the outcome; throws ZvtError only when no charge
   * can have happened (bad amount, link closed before sending, busy, command refused with 84 xx).
   */
  async sale(amountCents: number, opts: SaleOptions = {}): Promise<SaleResult> {
    validateAmountCents(amountCents);
    if (opts.signal?.aborted) return { result: 'aborted' };
    return this.runPayment(authorizationApdu(amountCents, this.currency), amountCents, opts);
  }

  /** Runs a command that moves money (06 01 sale, 06 31 refund) and maps how it ended. */
  protected async runPayment(cmd: Apdu, amountCents: number, opts: SaleOptions): Promise<SaleResult> {
    let status: StatusInfo | undefined;
    let statusBroken = false;
    const receiptLines: string[] = [];
    const onSignal = () => void this.abort().catch(() => undefined);
    opts.signal?.addEventListener('abort', onSignal, { once: true });
    try {
      const end = await this.transact(cmd, {
        onAccepted: () => opts.onEvent?.({ type: 'accepted' }),
        onIntermediate: (s) => opts.onProgress?.({ prompt: s.prompt, text: s.text, code: s.code }),
        onLines: (lines) => receiptLines.push(...lines),
        onStatus: (info) => {
          if (info) status = info;
          else statusBroken = true;
          opts.onEvent?.({ type: 'status', ...(info && statusSummary(info)) });
        },
      });
      const hint = { ...(status?.trace !== undefined && { trace: status.trace }), ...(status?.receiptNo !== undefined && { receiptNo: status.receiptNo }) };
      switch (end.end) {
        case 'completion':
          if (statusBroken) return { result: 'unknown', reason: 'status information from the terminal was unreadable', ...hint };
          if (status?.resultCode !== undefined && status.resultCode !== 0) return declined(status.resultCode);
          return approved(amountCents, status, receiptLines);
        case 'abort': {
          const code = end.code ?? status?.resultCode;
          if (this.abortRequested || code === RESULT_ABORT) return code === undefined ? { result: 'aborted' } : { result: 'aborted', code };
          return declined(code ?? 0xff);
        }
        case 'rejected':
          throw new ZvtError('rejected', `terminal refused the payment command: ${resultCodeText(end.code)}`, end.code);
        case 'timeout':
          if (end.phase === 'grace' && status?.resultCode !== undefined) return declined(status.resultCode);
          return { result: 'unknown', reason: end.phase === 'response' ? 'no answer to the payment command' : 'terminal went silent during the sale', ...hint };
        case 'link-lost':
          return { result: 'unknown', reason: end.reason, ...hint };
        default:
          return end satisfies never;
      }
    } finally {
      opts.signal?.removeEventListener('abort', onSignal);
    }
  }

  /**
   * 06 B0. During a sale: resolves once the terminal accepted the abort (the sale then ends
   * 'aborted'), rejects with `rejected` when it refused. Outside a sale it cancels whatever the
   * terminal may still be doing, e.g. after a sale ended 'unknown'.
   */
  async abort(): Promise<void> {
    if (!this.link.isOpen) throw new ZvtError('disconnected', 'payment terminal link is closed');
    if (!this.active) {
      const end = await this.transact(abortApdu(), {}, this.ackTimeoutMs);
      // Refusal or silence just means there was nothing to abort; a dead link is worth reporting.
      if (end.end === 'link-lost') throw new ZvtError(end.code, `abort failed: ${end.reason}`);
      return;
    }
    this.abortRequested = true;
    const response = new Promise<number | null | 'timeout'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), this.ackTimeoutMs);
      this.abortWaiter = (code) => {
        clearTimeout(timer);
        this.abortWaiter = undefined;
        resolve(code);
      };
    });
    await this.link.send(abortApdu());
    const code = await response;
    if (code === 'timeout') throw new ZvtError('timeout', 'terminal did not answer the abort request');
    if (code !== null) throw new ZvtError('rejected', `terminal refused to abort: ${resultCodeText(code)}`, code);
  }

  async close(): Promise<void> {
    this.inbox.close();
    await this.link.close();
  }

  private onApdu(a: Apdu): void {
    if (this.active) {
      this.inbox.push(a);
      return;
    }
    // Outside an operation (late or repeated messages): keep the terminal from stalling.
    if (!isAck(a) && !isNack(a)) this.link.send(ackApdu()).catch(() => undefined);
  }

  /** Sends a command and plays the slave role until the terminal gives master rights back. */
  protected async transact(cmd: Apdu, hooks: LoopHooks, masterTimeoutMs = this.masterTimeoutMs): Promise<LoopEnd> {
    if (!this.link.isOpen) throw new ZvtError('disconnected', 'payment terminal link is closed');
    if (this.active) throw new ZvtError('busy', 'payment terminal is busy with another operation');
    this.active = true;
    this.abortRequested = false;
    this.inbox.clear();
    try {
      try {
        await this.link.send(cmd);
      } catch (err) {
        return linkLost(err);
      }
      let phase: 'response' | 'master' = 'response';
      let grace = false;
      for (;;) {
        const timeout = phase === 'response' ? this.ackTimeoutMs : grace ? this.statusGraceMs : masterTimeoutMs;
        const msg = await this.inbox.next(timeout);
        if (msg === 'closed') return { end: 'link-lost', reason: 'payment terminal link closed', code: 'disconnected' };
        if (msg === 'timeout') return { end: 'timeout', phase: grace ? 'grace' : phase };
        if (isAck(msg) || isNack(msg)) {
          const code = isNack(msg) ? msg.instr : null;
          if (phase === 'response') {
            if (code !== null) return { end: 'rejected', code };
            phase = 'master';
            hooks.onAccepted?.();
          } else this.abortWaiter?.(code);
          continue;
        }
        // A terminal message without the 80 00 first still means it took the command.
        if (phase === 'response') hooks.onAccepted?.();
        phase = 'master';
        const id = commandOf(msg);
        // The final messages decide the outcome even if our 80 00 to them is lost.
        if (id === CMD.completion || id === CMD.abortMessage) {
          await this.link.send(ackApdu()).catch(() => undefined);
          if (id === CMD.completion) return { end: 'completion', data: msg.data };
          return msg.data.length > 0 ? { end: 'abort', code: msg.data[0] } : { end: 'abort' };
        }
        // Read the message before answering, so a status that arrived is kept if the link then drops.
        grace = this.handleMessage(id, msg.data, hooks) || grace;
        try {
          await this.link.send(ackApdu());
        } catch (err) {
          return linkLost(err);
        }
      }
    } finally {
      this.active = false;
      this.abortWaiter?.(null);
    }
  }

  private handleMessage(id: number, data: Uint8Array, hooks: LoopHooks): boolean {
    return handleTerminalMessage(id, data, hooks);
  }
}

function linkLost(err: unknown): LoopEnd {
  const code = err instanceof ZvtError && err.code === 'no-ack' ? 'no-ack' : 'disconnected';
  return { end: 'link-lost', reason: err instanceof Error ? err.message : String(err), code };
}

function safeBmps(data: Uint8Array) {
  try {
    return decodeBmps(data).fields;
  } catch {
    return [];
  }
}
