import { type Apdu } from '../zvt/apdu';
import { type ZvtLinkOptions } from '../link';
import { type SimLedger } from './ledger';
import { type SimTransaction } from './messages';
import { type SimScenario } from './scenarios';

/**
 * What the simulator and its transaction handlers share: the simulator runs the link and calls
 * a handler (transactions.ts) with a SimContext; a handler throws Interrupted to end early.
 * Kept apart so neither imports the other.
 */
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
  /** File for the terminal's booking ledger: it survives restarts of the simulator and the kiosk. */
  ledgerPath?: string;
  clock?: () => Date;
}

export type SimEvent =
  | { type: 'command'; command: string }
  | { type: 'sale-end'; outcome: 'approved' | 'declined' | 'aborted' | 'abandoned'; amountCents?: number; resultCode?: number }
  | { type: 'booked'; kind: 'sale' | 'reversal' | 'refund'; trace: number; receiptNo: number; amountCents: number }
  | { type: 'link-error'; code: string };

/** Thrown inside a transaction when the ECR asked to abort (06 B0) or went away. */
export class Interrupted extends Error {
  constructor(readonly why: 'abort' | 'ecr-silent') {
    super(why);
  }
}

/** What transaction handlers (transactions.ts) may use of the simulator. */
export interface SimContext {
  readonly scenario: SimScenario;
  readonly configByte: number;
  readonly ledger: SimLedger;
  readonly opts: Required<Omit<ZvtSimulatorOptions, keyof ZvtLinkOptions | 'scenario' | 'ledgerPath'>>;
  send(msg: Apdu): Promise<void>;
  /** Not abortable: past the point of no return an ECR abort is refused (84 83) and the wait goes on. */
  sendAndWait(msg: Apdu, abortable?: boolean): Promise<void>;
  sendAndWaitAck(): Promise<void>;
  pause(ms?: number): Promise<void>;
  emit(e: SimEvent): void;
  nextNumbers(): { trace: number; receiptNo: number };
  remember(t: SimTransaction): void;
  last(): SimTransaction | undefined;
}
