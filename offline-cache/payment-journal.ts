import { CodedError } from '../shared/coded-error';
import { randomUUID } from 'node:crypto';
import type { KioskDatabase } from './db';

export type PaymentState =
  /** Intent written; the terminal may or may not have the command. */
  | 'pending'
  /** The answer was lost (crash, silence): must be resolved with the terminal before another payment. */
  | 'unknown'
  /** The terminal approved and that is durable: the shopper may be told "paid". */
  | 'approved'
  | 'declined'
  | 'aborted'
  /** Approved and the request it paid for is in the outbox (submission_id). */
  | 'fulfilled'
  /** Approved but the request cannot be completed: a reversal is decided and may be in flight. */
  | 'reversal-pending'
  | 'reversed'
  /** Approved, cannot be completed, cannot be reversed: ops must pay it back. */
  | 'refund-owed'
  | 'refunded';
type PaymentStep = 'intent' | 'accepted' | 'status' | 'done';

/** States in which money may sit with the ministry without a request to show for it. */
export const OPEN_STATES: readonly PaymentState[] = ['pending', 'unknown', 'approved', 'reversal-pending', 'refund-owed'];

const NEXT: Record<PaymentState, readonly PaymentState[]> = {
  pending: ['unknown', 'approved', 'declined', 'aborted'],
  unknown: ['approved', 'declined', 'aborted', 'reversal-pending', 'refund-owed'],
  approved: ['fulfilled', 'reversal-pending', 'refund-owed'],
  'reversal-pending': ['reversed', 'refund-owed'],
  'refund-owed': ['refunded', 'reversed'],
  declined: [],
  aborted: [],
  // The gateway may reject a delivered-later submission: its payment must then go back.
  fulfilled: ['reversal-pending', 'refund-owed'],
  reversed: [],
  refunded: [],
};

export interface JournalEntry {
  id: string;
  requestId: string;
  sessionId: string;
  kind: 'sale' | 'refund';
  amountCents: number;
  currency: string;
  state: PaymentState;
  step: PaymentStep;
  resultCode?: number;
  trace?: number;
  receiptNo?: number;
  terminalId?: string;
  authCode?: string;
  cardType?: string;
  receiptLines: string[];
  submissionId?: string;
  reason?: string;
  reversalTrace?: number;
  createdAt: number;
  updatedAt: number;
  settledAt?: number;
}

export interface TerminalRef {
  resultCode?: number;
  trace?: number;
  receiptNo?: number;
  terminalId?: string;
  authCode?: string;
  cardType?: string;
  receiptLines?: string[];
}

export type JournalErrorCode = 'not-found' | 'invalid-transition' | 'duplicate-request' | 'invalid-input';

/** Journal failures; messages name payment ids and states, never card or personal data. */
export class JournalError extends CodedError<JournalErrorCode> {
  override readonly name = 'JournalError';
}

interface Row {
  id: string;
  request_id: string;
  session_id: string;
  kind: 'sale' | 'refund';
  amount_cents: number;
  currency: string;
  state: PaymentState;
  step: PaymentStep;
  result_code: number | null;
  trace: number | null;
  receipt_no: number | null;
  terminal_id: string | null;
  auth_code: string | null;
  card_type: string | null;
  receipt_lines: string | null;
  submission_id: string | null;
  reason: string | null;
  reversal_trace: number | null;
  created_at: number;
  updated_at: number;
  settled_at: number | null;
}

function toEntry(r: Row): JournalEntry {
  const opt = <T>(v: T | null) => (v === null ? undefined : v);
  const e: JournalEntry = {
    id: r.id,
    requestId: r.request_id,
    sessionId: r.session_id,
    kind: r.kind,
    amountCents: r.amount_cents,
    currency: r.currency,
    state: r.state,
    step: r.step,
    receiptLines: r.receipt_lines ? (JSON.parse(r.receipt_lines) as string[]) : [],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  const extra = {
    resultCode: opt(r.result_code),
    trace: opt(r.trace),
    receiptNo: opt(r.receipt_no),
    terminalId: opt(r.terminal_id),
    authCode: opt(r.auth_code),
    cardType: opt(r.card_type),
    submissionId: opt(r.submission_id),
    reason: opt(r.reason),
    reversalTrace: opt(r.reversal_trace),
    settledAt: opt(r.settled_at),
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) (e as unknown as Record<string, unknown>)[k] = v;
  return e;
}

/**
 * The durable record of every card payment: "persist before you speak". Each method is one
 * SQLite transaction committed (WAL, synchronous=FULL) before it returns, so the caller may act
 * on the terminal or tell the shopper only after the matching write returned.
 */
export class PaymentJournal {
  private readonly now: () => number;

  constructor(
    private readonly db: KioskDatabase,
    opts: { now?: () => number } = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Written before the terminal is asked. A request id can pay once: a second intent for it is refused. */
  recordIntent(input: { sessionId: string; requestId: string; amountCents: number; currency: string; kind?: 'sale' | 'refund' }): JournalEntry {
    if (!Number.isSafeInteger(input.amountCents) || input.amountCents <= 0) throw new JournalError('invalid-input', 'amount must be a positive whole number of cents');
    const id = randomUUID();
    const at = this.now();
    return this.db.transaction(() => {
      const existing = this.db.prepare('SELECT id, state FROM payment_journal WHERE request_id = ?').get(input.requestId) as { id: string; state: string } | undefined;
      if (existing) throw new JournalError('duplicate-request', `request already has payment ${existing.id} (${existing.state})`);
      this.db
        .prepare(
          `INSERT INTO payment_journal (id, request_id, session_id, kind, amount_cents, currency, state, step, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', 'intent', ?, ?)`,
        )
        .run(id, input.requestId, input.sessionId, input.kind ?? 'sale', input.amountCents, input.currency, at, at);
      this.event(id, 'intent', { amountCents: input.amountCents });
      return this.get(id);
    })();
  }

  /** The terminal took the command: from now on it may charge. */
  recordAccepted(id: string): void {
    this.update(id, { step: 'accepted' }, 'accepted', null, ['pending']);
  }

  /** A status (04 0F) arrived: written before the kiosk acknowledges it. */
  recordStatus(id: string, ref: TerminalRef): void {
    this.update(id, { step: 'status', ...refColumns(ref) }, 'status', { resultCode: ref.resultCode, trace: ref.trace, receiptNo: ref.receiptNo }, ['pending']);
  }

  /** The sale's final answer. 'approved' is what makes "paid" true. */
  recordOutcome(id: string, outcome: 'approved' | 'declined' | 'aborted' | 'unknown', ref: TerminalRef & { reason?: string } = {}): JournalEntry {
    const settled = outcome === 'declined' || outcome === 'aborted' ? this.now() : null;
    const cols: Record<string, unknown> = { state: outcome, step: 'done', ...refColumns(ref), ...(ref.reason !== undefined && { reason: ref.reason }) };
    if (settled !== null) cols.settled_at = settled;
    this.update(id, cols, outcome, { resultCode: ref.resultCode, trace: ref.trace, receiptNo: ref.receiptNo, reason: ref.reason }, ['pending', 'unknown']);
    return this.get(id);
  }

  /** Links the approved payment to the outbox submission it paid for. */
  markFulfilled(id: string, submissionId: string): JournalEntry {
    this.update(id, { state: 'fulfilled', submission_id: submissionId, settled_at: this.now() }, 'fulfilled', { submissionId }, ['approved']);
    return this.get(id);
  }

  markReversalPending(id: string, reason: string): JournalEntry {
    this.update(id, { state: 'reversal-pending', reason }, 'reversal-pending', { reason }, ['approved', 'unknown', 'refund-owed', 'fulfilled']);
    return this.get(id);
  }

  markReversed(id: string, ref: { trace?: number } = {}): JournalEntry {
    this.update(id, { state: 'reversed', reversal_trace: ref.trace ?? null, settled_at: this.now() }, 'reversed', ref, ['reversal-pending', 'refund-owed']);
    return this.get(id);
  }

  markRefundOwed(id: string, reason: string): JournalEntry {
    this.update(id, { state: 'refund-owed', reason }, 'refund-owed', { reason }, ['approved', 'unknown', 'reversal-pending', 'fulfilled']);
    return this.get(id);
  }

  /** Ops paid it back by other means (cash, bank transfer); `note` says how, without personal data. */
  markRefunded(id: string, note: string): JournalEntry {
    this.update(id, { state: 'refunded', reason: note, settled_at: this.now() }, 'refunded', { note }, ['refund-owed']);
    return this.get(id);
  }

  get(id: string): JournalEntry {
    const row = this.db.prepare('SELECT * FROM payment_journal WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new JournalError('not-found', `no payment ${id} in the journal`);
    return toEntry(row);
  }

  list(filter: { states?: readonly PaymentState[]; limit?: number } = {}): JournalEntry[] {
    const states = filter.states ?? [];
    const where = states.length ? `WHERE state IN (${states.map(() => '?').join(', ')})` : '';
    const rows = this.db.prepare(`SELECT * FROM payment_journal ${where} ORDER BY seq DESC LIMIT ?`).all(...states, filter.limit ?? 100) as Row[];
    return rows.map(toEntry);
  }

  /** Entries whose money is not settled one way or the other, oldest first. */
  open(): JournalEntry[] {
    return this.list({ states: OPEN_STATES, limit: 10_000 }).reverse();
  }

  /** The payment that paid for an outbox submission, if any. */
  findBySubmission(submissionId: string): JournalEntry | undefined {
    const row = this.db.prepare('SELECT * FROM payment_journal WHERE submission_id = ?').get(submissionId) as Row | undefined;
    return row && toEntry(row);
  }

  /** Whether another entry already owns this terminal transaction (so a replayed receipt is not ours). */
  traceClaimed(trace: number, exceptId: string): boolean {
    return this.db.prepare('SELECT 1 FROM payment_journal WHERE trace = ? AND id != ? LIMIT 1').get(trace, exceptId) !== undefined;
  }

  events(id: string): { at: number; event: string; detail?: Record<string, unknown> }[] {
    const rows = this.db.prepare('SELECT at, event, detail FROM payment_journal_events WHERE payment_id = ? ORDER BY seq').all(id) as { at: number; event: string; detail: string | null }[];
    return rows.map((r) => ({ at: r.at, event: r.event, ...(r.detail && { detail: JSON.parse(r.detail) as Record<string, unknown> }) }));
  }

  counts(): Record<PaymentState, number> {
    const out = Object.fromEntries(Object.keys(NEXT).map((s) => [s, 0])) as Record<PaymentState, number>;
    for (const r of this.db.prepare('SELECT state, count(*) AS n FROM payment_journal GROUP BY state').all() as { state: PaymentState; n: number }[]) out[r.state] = r.n;
    return out;
  }

  private update(id: string, cols: Record<string, unknown>, event: string, detail: Record<string, unknown> | null, from: readonly PaymentState[]): void {
    this.db.transaction(() => {
      const current = this.get(id);
      const to = cols.state as PaymentState | undefined;
      if (!from.includes(current.state) || (to !== undefined && to !== current.state && !NEXT[current.state].includes(to))) {
        throw new JournalError('invalid-transition', `payment ${id} is ${current.state}; cannot record ${event}`);
      }
      const keys = Object.keys(cols);
      const sets = [...keys.map((k) => `${k} = @${k}`), 'updated_at = @updated_at'].join(', ');
      this.db.prepare(`UPDATE payment_journal SET ${sets} WHERE id = @id`).run({ ...cols, updated_at: this.now(), id });
      this.event(id, event, detail);
    })();
  }

  private event(id: string, event: string, detail: Record<string, unknown> | null): void {
    const clean = detail && Object.fromEntries(Object.entries(detail).filter(([, v]) => v !== undefined));
    this.db
      .prepare('INSERT INTO payment_journal_events (payment_id, at, event, detail) VALUES (?, ?, ?, ?)')
      .run(id, this.now(), event, clean && Object.keys(clean).length ? JSON.stringify(clean) : null);
  }
}

function refColumns(ref: TerminalRef): Record<string, unknown> {
  const cols: Record<string, unknown> = {};
  if (ref.resultCode !== undefined) cols.result_code = ref.resultCode;
  if (ref.trace !== undefined) cols.trace = ref.trace;
  if (ref.receiptNo !== undefined) cols.receipt_no = ref.receiptNo;
  if (ref.terminalId !== undefined) cols.terminal_id = ref.terminalId;
  if (ref.authCode !== undefined) cols.auth_code = ref.authCode;
  if (ref.cardType !== undefined) cols.card_type = ref.cardType;
  if (ref.receiptLines !== undefined) cols.receipt_lines = JSON.stringify(ref.receiptLines);
  return cols;
}
