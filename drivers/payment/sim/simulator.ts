import { type ByteTransport } from '../../transport/byte-transport';
import { ApduInbox } from '../inbox';
import { ZvtLink, type ZvtLinkOptions } from '../link';
import { type Apdu, commandOf } from '../zvt/apdu';
import { decodeBmps } from '../zvt/bmp';
import { CMD, CURRENCY_QAR, ackApdu, isAck, isNack, nackApdu } from '../zvt/commands';
import { ZvtError } from '../zvt/errors';
import { decodeBcdNumber } from '../zvt/fields';
import { RESULT_ABORT } from '../zvt/result-codes';
import {
  type SimTransaction,
  abortMessageApdu,
  completionApdu,
  customerReceipt,
  intermediateStatusApdu,
  printLineApdu,
  registrationCompletionApdu,
  statusEnquiryCompletionApdu,
  statusInformationApdu,
} from './messages';

export const SIM_SCENARIOS = ['approve', 'decline', 'decline-status', 'abort-by-shopper', 'silent'] as const;
export type SimScenario = (typeof SIM_SCENARIOS)[number];

export interface ZvtSimulatorOptions extends ZvtLinkOptions {
  scenario?: SimScenario;
  /** Pause between the steps of a sale (card insert, PIN, host), so an ECR abort has room to land. */
  stepDelayMs?: number;
  terminalId?: string;
  /** ISO 4217 numeric the terminal is set up for; a sale in another currency ends with 6F. */
  currency?: number;
  /** Result code for the decline scenarios; default 0x7A (card unknown). */
  declineCode?: number;
  /** How long the terminal waits for the ECR's 80 00 to each of its messages. */
  ecrTimeoutMs?: number;
  clock?: () => Date;
}

export type SimEvent =
  | { type: 'command'; command: string }
  | { type: 'sale-end'; outcome: 'approved' | 'declined' | 'aborted' | 'abandoned'; amountCents?: number; resultCode?: number }
  | { type: 'link-error'; code: string };

/** Thrown inside a transaction when the ECR asked to abort (06 B0) or went away. */
class Interrupted extends Error {
  constructor(readonly why: 'abort' | 'ecr-silent') {
    super(why);
  }
}

const COMMAND_NAMES: Record<number, string> = {
  [CMD.registration]: 'registration',
  [CMD.authorization]: 'authorization',
  [CMD.logOff]: 'log-off',
  [CMD.repeatReceipt]: 'repeat-receipt',
  [CMD.diagnosis]: 'diagnosis',
  [CMD.abort]: 'abort',
  [CMD.statusEnquiry]: 'status-enquiry',
};

/**
 * A ZVT payment terminal on the device end of a link: answers registration, authorization with
 * scripted outcomes, ECR abort, status enquiry and repeat receipt, per the sequences in the
 * team's ZVT fact sheet. Used by tests, `npm start` and `kioskctl sim terminal`.
 */
export class ZvtTerminalSimulator {
  private readonly link: ZvtLink;
  private readonly inbox = new ApduInbox();
  private readonly listeners = new Set<(e: SimEvent) => void>();
  private scenario: SimScenario;
  private running: Promise<void> | undefined;
  private trace = 0;
  private receiptNo = 0;
  private last: SimTransaction | undefined;
  /** Config byte from the last registration; before one, behave as if 0xBA had been sent. */
  private configByte = 0xba;
  private readonly opts: Required<Omit<ZvtSimulatorOptions, keyof ZvtLinkOptions | 'scenario'>>;

  constructor(transport: ByteTransport, opts: ZvtSimulatorOptions = {}) {
    this.link = new ZvtLink(transport, opts);
    this.scenario = opts.scenario ?? 'approve';
    this.opts = {
      stepDelayMs: opts.stepDelayMs ?? 30,
      terminalId: opts.terminalId ?? '52000101',
      currency: opts.currency ?? CURRENCY_QAR,
      declineCode: opts.declineCode ?? 0x7a,
      ecrTimeoutMs: opts.ecrTimeoutMs ?? 5000,
      clock: opts.clock ?? (() => new Date()),
    };
    this.link.onApdu((a) => this.onApdu(a));
    this.link.onError((e) => this.emit({ type: 'link-error', code: e.code }));
    this.link.onClose(() => this.inbox.close());
  }

  /** Outcome of the next sales. */
  setScenario(name: SimScenario): void {
    if (!SIM_SCENARIOS.includes(name)) throw new ZvtError('invalid-argument', `unknown scenario "${String(name)}"; known: ${SIM_SCENARIOS.join(', ')}`);
    this.scenario = name;
  }

  get lastTransaction(): SimTransaction | undefined {
    return this.last;
  }

  onEvent(listener: (e: SimEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when the current command (if any) has finished. */
  async idle(): Promise<void> {
    await this.running;
  }

  async close(): Promise<void> {
    this.inbox.close();
    await this.link.close();
  }

  private emit(e: SimEvent): void {
    for (const l of this.listeners) l(e);
  }

  private onApdu(a: Apdu): void {
    if (this.running) {
      this.inbox.push(a);
      return;
    }
    if (isAck(a) || isNack(a)) return; // a late answer to something already given up on
    this.inbox.clear();
    this.running = this.handle(a)
      .catch(() => undefined) // link gone mid-command: nothing left to answer
      .finally(() => (this.running = undefined));
  }

  private async handle(cmd: Apdu): Promise<void> {
    const id = commandOf(cmd);
    this.emit({ type: 'command', command: COMMAND_NAMES[id] ?? `0x${id.toString(16).padStart(4, '0')}` });
    switch (id) {
      case CMD.registration:
        // pwd (3 bytes BCD) then the config byte
        if (cmd.data.length >= 4) this.configByte = cmd.data[3]!;
        await this.link.send(ackApdu());
        await this.sendAndWait(registrationCompletionApdu(this.opts.terminalId, this.opts.currency)).catch(() => undefined);
        return;
      case CMD.authorization:
        return this.authorization(cmd.data);
      case CMD.statusEnquiry:
        await this.link.send(ackApdu());
        await this.sendAndWait(statusEnquiryCompletionApdu('KIOSK-SIM 1.0', 0x00)).catch(() => undefined);
        return;
      case CMD.repeatReceipt:
        await this.link.send(ackApdu());
        return this.repeatReceipt();
      case CMD.logOff:
        await this.link.send(ackApdu());
        return;
      case CMD.diagnosis:
        await this.link.send(ackApdu());
        await this.sendAndWait(completionApdu([0x00])).catch(() => undefined);
        return;
      default:
        // 06 B0 with nothing running lands here too: there is nothing to abort.
        await this.link.send(nackApdu(0x83));
    }
  }

  /** Sends a PT message and waits for the ECR's 80 00; an 06 B0 instead means abort. */
  private async sendAndWait(msg: Apdu): Promise<void> {
    await this.link.send(msg);
    for (;;) {
      const r = await this.inbox.next(this.opts.ecrTimeoutMs);
      if (r === 'timeout' || r === 'closed') throw new Interrupted('ecr-silent');
      if (isAck(r) || isNack(r)) return;
      if (commandOf(r) === CMD.abort) throw new Interrupted('abort');
    }
  }

  /** Waits between steps while listening for an ECR abort. */
  private async pause(): Promise<void> {
    const until = Date.now() + this.opts.stepDelayMs;
    for (let left = this.opts.stepDelayMs; left > 0; left = until - Date.now()) {
      const r = await this.inbox.next(left);
      if (r === 'closed') throw new Interrupted('ecr-silent');
      if (r === 'timeout') return;
      if (commandOf(r) === CMD.abort) throw new Interrupted('abort');
    }
  }

  private async authorization(data: Uint8Array): Promise<void> {
    let amountCents: number | undefined;
    let currency = this.opts.currency;
    try {
      for (const f of decodeBmps(data).fields) {
        if (f.tag === 0x04) amountCents = decodeBcdNumber(f.value);
        if (f.tag === 0x49) currency = decodeBcdNumber(f.value);
      }
    } catch {
      amountCents = undefined;
    }
    if (!amountCents) {
      await this.link.send(nackApdu(0x9a)); // protocol error: no usable amount
      return;
    }
    await this.link.send(ackApdu());
    const scenario = this.scenario;
    try {
      if (currency !== this.opts.currency) return await this.finishAbort(0x6f, 'declined', amountCents);
      if (scenario === 'silent') return; // never finishes: the ECR must time out and report 'unknown'
      await this.step(0x0a); // insert card
      if (scenario === 'abort-by-shopper') return await this.finishAbort(RESULT_ABORT, 'aborted', amountCents);
      await this.step(0x01); // PIN
      await this.step(0x04); // waiting for host
      if (scenario === 'decline' || scenario === 'decline-status') {
        const code = this.opts.declineCode;
        await this.step(0x1d); // declined
        if (scenario === 'decline-status') await this.sendAndWait(statusInformationApdu({ ...this.newTransaction(amountCents, currency), resultCode: code }));
        return await this.finishAbort(code, 'declined', amountCents);
      }
      const t = this.newTransaction(amountCents, currency);
      await this.printReceipt(t);
      await this.sendAndWait(statusInformationApdu(t));
      this.last = t;
      await this.link.send(completionApdu([]));
      this.emit({ type: 'sale-end', outcome: 'approved', amountCents, resultCode: 0 });
      // The ECR's 80 00 to the completion is awaited but not required: the sale is booked.
      await this.sendAndWaitAck().catch(() => undefined);
    } catch (err) {
      if (!(err instanceof Interrupted)) throw err;
      if (err.why === 'abort') {
        await this.link.send(ackApdu());
        await this.finishAbort(RESULT_ABORT, 'aborted', amountCents);
      } else this.emit({ type: 'sale-end', outcome: 'abandoned', amountCents });
    }
  }

  private async sendAndWaitAck(): Promise<void> {
    const r = await this.inbox.next(this.opts.ecrTimeoutMs);
    if (r === 'timeout' || r === 'closed') throw new Interrupted('ecr-silent');
  }

  /** Intermediate status only when the ECR asked for it (config bit 0x08); the pause happens anyway. */
  private async step(status: number): Promise<void> {
    if (this.configByte & 0x08) await this.sendAndWait(intermediateStatusApdu(status));
    await this.pause();
  }

  /** Print lines only when the ECR prints payment receipts (0x02) and wants them as print messages (0x80). */
  private async printReceipt(t: SimTransaction): Promise<void> {
    if ((this.configByte & 0x82) !== 0x82) return;
    for (const line of t.receiptLines) await this.sendAndWait(printLineApdu(line.attr, line.text));
  }

  private async finishAbort(code: number, outcome: 'declined' | 'aborted', amountCents: number): Promise<void> {
    await this.link.send(abortMessageApdu(code));
    this.emit({ type: 'sale-end', outcome, amountCents, resultCode: code });
    await this.sendAndWaitAck().catch(() => undefined);
  }

  private newTransaction(amountCents: number, currency: number): SimTransaction {
    this.trace = (this.trace % 999_999) + 1;
    this.receiptNo = (this.receiptNo % 9999) + 1;
    const base = {
      resultCode: 0,
      amountCents,
      currency,
      trace: this.trace,
      receiptNo: this.receiptNo,
      turnoverNo: this.trace,
      at: this.opts.clock(),
      panMasked: '************1234',
      expiry: '2912',
      cardType: 10,
      cardName: 'Visa',
      authCode: `A${String(this.trace).padStart(5, '0')}`,
      terminalId: this.opts.terminalId,
    };
    return { ...base, receiptLines: customerReceipt(base, currency === CURRENCY_QAR ? 'QAR' : String(currency)) };
  }

  private async repeatReceipt(): Promise<void> {
    const t = this.last;
    try {
      if (!t) {
        await this.link.send(abortMessageApdu(0x83));
        await this.sendAndWaitAck();
        return;
      }
      await this.printReceipt(t);
      await this.sendAndWait(statusInformationApdu(t));
      await this.sendAndWait(completionApdu([]));
    } catch (err) {
      if (!(err instanceof Interrupted)) throw err;
    }
  }
}
