import { type ByteTransport } from '../../transport/byte-transport';
import { ApduInbox } from '../inbox';
import { ZvtLink } from '../link';
import { type Apdu, commandOf } from '../zvt/apdu';
import { CMD, CURRENCY_QAR, ackApdu, isAck, isNack, nackApdu } from '../zvt/commands';
import { ZvtError } from '../zvt/errors';
import { FaultyTransport } from './faults';
import { SimLedger } from './ledger';
import { type SimTransaction, completionApdu, registrationCompletionApdu, statusEnquiryCompletionApdu } from './messages';
import { SIM_SCENARIOS, type SimScenario } from './scenarios';
import { authorization, endOfDay, refund, repeatReceipt, reversal } from './transactions';
import { Interrupted, type SimContext, type SimEvent, type ZvtSimulatorOptions } from './context';

export { SIM_SCENARIOS, type SimScenario } from './scenarios';
export type { SimEvent, ZvtSimulatorOptions } from './context';

const COMMAND_NAMES: Record<number, string> = {
  [CMD.registration]: 'registration',
  [CMD.authorization]: 'authorization',
  [CMD.logOff]: 'log-off',
  [CMD.repeatReceipt]: 'repeat-receipt',
  [CMD.reversal]: 'reversal',
  [CMD.refund]: 'refund',
  [CMD.endOfDay]: 'end-of-day',
  [CMD.diagnosis]: 'diagnosis',
  [CMD.abort]: 'abort',
  [CMD.statusEnquiry]: 'status-enquiry',
};

/**
 * A ZVT payment terminal on the device end of a link: registration, authorization with scripted
 * outcomes and faults, ECR abort, reversal, refund, repeat receipt, status enquiry, end of day
 * and diagnosis, per the sequences in the team's ZVT fact sheet. It books into a ledger (a file
 * when given) before it reports, so crash tests can count what was really charged.
 */
export class ZvtTerminalSimulator {
  private readonly link: ZvtLink;
  private readonly faults: FaultyTransport;
  private readonly inbox = new ApduInbox();
  private readonly listeners = new Set<(e: SimEvent) => void>();
  private scenario: SimScenario;
  private running: Promise<void> | undefined;
  private lastTx: SimTransaction | undefined;
  private configByte = 0xba; // before a registration, behave as if 0xBA had been sent
  readonly ledger: SimLedger;
  private readonly opts: SimContext['opts'];

  constructor(transport: ByteTransport, opts: ZvtSimulatorOptions = {}) {
    this.faults = new FaultyTransport(transport);
    this.link = new ZvtLink(this.faults, opts);
    this.ledger = new SimLedger(opts.ledgerPath);
    this.scenario = opts.scenario ?? 'approve';
    this.opts = {
      stepDelayMs: opts.stepDelayMs ?? 30,
      terminalId: opts.terminalId ?? '52000101',
      currency: opts.currency ?? CURRENCY_QAR,
      declineCode: opts.declineCode ?? 0x7a,
      ecrTimeoutMs: opts.ecrTimeoutMs ?? 5000,
      clock: opts.clock ?? (() => new Date()),
    };
    this.armFaults();
    this.link.onApdu((a) => this.onApdu(a));
    this.link.onError((e) => this.emit({ type: 'link-error', code: e.code }));
    this.link.onClose(() => this.inbox.close());
  }

  /** Outcome of the next sales. */
  setScenario(name: SimScenario): void {
    if (!SIM_SCENARIOS.includes(name)) throw new ZvtError('invalid-argument', `unknown scenario "${String(name)}"; known: ${SIM_SCENARIOS.join(', ')}`);
    this.scenario = name;
    this.armFaults();
  }

  get currentScenario(): SimScenario {
    return this.scenario;
  }

  get lastTransaction(): SimTransaction | undefined {
    return this.lastTx;
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

  private armFaults(): void {
    this.faults.garbleIncoming = this.scenario === 'nak-storm' ? 2 : this.scenario === 'nak-storm-hard' ? 3 : 0;
    this.faults.garbleOutgoing = this.scenario === 'garbled-crc' ? 2 : 0;
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

  private context(): SimContext {
    return {
      scenario: this.scenario,
      configByte: this.configByte,
      ledger: this.ledger,
      opts: this.opts,
      send: (m) => this.link.send(m),
      sendAndWait: (m, abortable) => this.sendAndWait(m, abortable),
      sendAndWaitAck: () => this.sendAndWaitAck(),
      pause: (ms) => this.pause(ms ?? this.opts.stepDelayMs),
      emit: (e) => this.emit(e),
      nextNumbers: () => ({ trace: this.ledger.lastTrace + 1, receiptNo: (this.ledger.lastReceiptNo % 9999) + 1 }),
      remember: (t) => (this.lastTx = t),
      last: () => this.lastTx,
    };
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
        try {
          return await authorization(this.context(), cmd.data);
        } finally {
          this.armFaults();
        }
      case CMD.statusEnquiry:
        await this.link.send(ackApdu());
        await this.sendAndWait(statusEnquiryCompletionApdu('KIOSK-SIM 1.0', 0x00)).catch(() => undefined);
        return;
      case CMD.repeatReceipt:
        await this.link.send(ackApdu());
        return repeatReceipt(this.context());
      case CMD.reversal:
        return reversal(this.context(), cmd.data);
      case CMD.refund:
        return refund(this.context(), cmd.data);
      case CMD.endOfDay:
        await this.link.send(ackApdu());
        return endOfDay(this.context());
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
  private async sendAndWait(msg: Apdu, abortable = true): Promise<void> {
    await this.link.send(msg);
    // A deadline, not a per-message timer: a restarted ECR sending new commands (which are
    // ignored here) must not keep a dead conversation alive forever.
    const deadline = Date.now() + this.opts.ecrTimeoutMs;
    for (;;) {
      const r = await this.inbox.next(Math.max(0, deadline - Date.now()));
      if (r === 'timeout' || r === 'closed') throw new Interrupted('ecr-silent');
      if (isAck(r) || isNack(r)) return;
      if (commandOf(r) !== CMD.abort) continue;
      if (abortable) throw new Interrupted('abort');
      await this.link.send(nackApdu(0x83));
    }
  }

  private async sendAndWaitAck(): Promise<void> {
    const r = await this.inbox.next(this.opts.ecrTimeoutMs);
    if (r === 'timeout' || r === 'closed') throw new Interrupted('ecr-silent');
  }

  /** Waits while listening for an ECR abort. */
  private async pause(ms: number): Promise<void> {
    const until = Date.now() + ms;
    for (let left = ms; left > 0; left = until - Date.now()) {
      const r = await this.inbox.next(left);
      if (r === 'closed') throw new Interrupted('ecr-silent');
      if (r === 'timeout') return;
      if (commandOf(r) === CMD.abort) throw new Interrupted('abort');
    }
  }
}
