import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';

/** One booking on the simulated terminal, as its acquirer would see it. No card holder data. */
export interface LedgerEntry {
  kind: 'sale' | 'reversal' | 'refund';
  trace: number;
  receiptNo: number;
  amountCents: number;
  currency: number;
  /** ISO 8601 */
  at: string;
  /** Reversal: the trace of the sale it cancels. */
  originalTrace?: number;
  /** Sale: set once a reversal cancelled it. */
  reversed?: boolean;
}

/**
 * The simulated terminal's own record of money moved: the judge of the kiosk's crash tests.
 * With a file it survives the simulator's (and the kiosk's) death, and every booking is fsynced
 * before the terminal tells the kiosk about it, as a real terminal books before it answers.
 */
export class SimLedger {
  private readonly list: LedgerEntry[];

  constructor(private readonly path?: string) {
    this.list = path && existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { entries: LedgerEntry[] }).entries : [];
  }

  get entries(): readonly LedgerEntry[] {
    return this.list;
  }

  get last(): LedgerEntry | undefined {
    return this.list.at(-1);
  }

  get lastTrace(): number {
    return this.list.reduce((m, e) => Math.max(m, e.trace), 0);
  }

  get lastReceiptNo(): number {
    return this.list.at(-1)?.receiptNo ?? 0;
  }

  findSale(receiptNo: number): LedgerEntry | undefined {
    return this.list.findLast((e) => e.kind === 'sale' && e.receiptNo === receiptNo);
  }

  book(entry: LedgerEntry): void {
    this.list.push(entry);
    this.save();
  }

  /** The reversal and the mark on its sale land in one write: no crash can leave half of it. */
  bookReversal(sale: LedgerEntry, reversal: LedgerEntry): void {
    sale.reversed = true;
    this.list.push(reversal);
    this.save();
  }

  /** Sales still charged: approved and not reversed. */
  get netCharges(): LedgerEntry[] {
    return this.list.filter((e) => e.kind === 'sale' && !e.reversed);
  }

  private save(): void {
    if (!this.path) return;
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, JSON.stringify({ entries: this.list }, null, 1));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, this.path);
  }
}

/** Reads a ledger file another process (the simulator) keeps. */
export function readLedger(path: string): LedgerEntry[] {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { entries: LedgerEntry[] }).entries : [];
}
