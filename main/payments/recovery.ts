import type { LastTransaction, PaymentTerminal } from '../../drivers/payment';
import { type JournalEntry, JournalError, type PaymentJournal } from '../../offline-cache/payment-journal';
import { civilDate, zonedInstant } from '../../shared/civil-date';
import { saleRef } from './outcome';
import type { RecoveryReport } from './types';

/** How far the terminal's clock may lag the kiosk's before a replayed receipt is judged older than the intent. */
const CLOCK_SKEW_MS = 10 * 60_000;

export interface RecoveryDeps {
  journal: PaymentJournal;
  terminal: PaymentTerminal;
  now: () => number;
  /** Payments a live session still holds (approved, submission not yet linked): never reversed here. */
  live: ReadonlySet<string>;
  /** Pause between status enquiries while the terminal says "please wait". */
  busyRetryMs?: number;
  onRefundOwed?: (e: JournalEntry) => void;
  /**
   * The outbox submission this payment paid for, when the crash fell between enqueue and
   * markFulfilled: then the submission goes on and the payment is linked, not reversed.
   */
  findSubmission?: (entry: JournalEntry) => string | undefined;
}

/**
 * Settles every open journal entry with the terminal, oldest first:
 * - pending/unknown: asks the terminal for its last transaction (06 20). If it is an approved
 *   sale of this amount, not owned by another entry and not older than the intent, the payment
 *   was taken: it becomes approved (and, with no session left to complete it, is reversed).
 *   Otherwise nothing was charged.
 * - approved but not fulfilled and not held by a live session: if its submission reached the
 *   outbox after all, it is linked and goes on; otherwise the request cannot be completed any
 *   more, so it is reversed the same day, or recorded as a refund owed.
 * - reversal-pending: the reversal is (re)sent; "already reversed" counts as done.
 * Stops at the first entry the terminal cannot answer for: later payments wait for it.
 */
export async function recoverJournal(deps: RecoveryDeps): Promise<RecoveryReport> {
  const { journal, terminal } = deps;
  const report: RecoveryReport = { settled: [], unresolved: [], refundOwed: [] };
  const note = (before: JournalEntry, after: JournalEntry) => {
    if (before.state !== after.state) report.settled.push({ id: after.id, from: before.state, to: after.state });
  };
  const open = journal.open();
  for (let i = 0; i < open.length; i++) {
    let entry = open[i]!;
    if (deps.live.has(entry.id)) continue;
    try {
      if (entry.state === 'pending' || entry.state === 'unknown') {
        const resolved = await resolveUnknown(deps, entry);
        note(entry, resolved);
        entry = resolved;
      }
      const submissionId = entry.state === 'approved' ? deps.findSubmission?.(entry) : undefined;
      if (submissionId !== undefined) {
        const next = journal.markFulfilled(entry.id, submissionId);
        note(entry, next);
        entry = next;
      }
      if (entry.state === 'approved') {
        const next = sameDay(entry.createdAt, deps.now())
          ? journal.markReversalPending(entry.id, 'approved but the request was never recorded (kiosk restarted or session ended)')
          : journal.markRefundOwed(entry.id, 'approved on an earlier day: the terminal can no longer reverse it');
        note(entry, next);
        entry = next;
      }
      if (entry.state === 'reversal-pending') {
        const next = await reverse(journal, terminal, entry);
        note(entry, next);
        entry = next;
      }
      if (entry.state === 'refund-owed') {
        report.refundOwed.push(entry.id);
        if (report.settled.some((s) => s.id === entry.id)) deps.onRefundOwed?.(entry);
      }
    } catch {
      // The terminal did not answer: this entry and everything after it stays open for the next try.
      report.unresolved.push(...open.slice(i).filter((e) => e.state === 'pending' || e.state === 'unknown' || e.state === 'reversal-pending').map((e) => e.id));
      break;
    }
    if (entry.state === 'pending' || entry.state === 'unknown' || entry.state === 'reversal-pending') report.unresolved.push(entry.id);
  }
  return report;
}

/** Asks the terminal what became of a payment whose answer was lost; approved stays approved. */
export async function resolveUnknown(deps: Pick<RecoveryDeps, 'journal' | 'terminal' | 'now' | 'busyRetryMs'>, entry: JournalEntry): Promise<JournalEntry> {
  await waitUntilReady(deps.terminal, deps.busyRetryMs ?? 2000);
  const last = await deps.terminal.lastTransaction();
  return resolveFromLast(deps.journal, entry, last, deps.now());
}

/**
 * Sends an approved (or fulfilled, then rejected) payment back: a reversal the same day, a refund
 * owed after the terminal's day has closed or when it refuses. Without a terminal, or when it does
 * not answer, the entry stays reversal-pending for recover() to retry.
 */
export async function returnPayment(journal: PaymentJournal, terminal: PaymentTerminal | undefined, entry: JournalEntry, reason: string, now: number): Promise<JournalEntry> {
  if (entry.state === 'approved' || entry.state === 'fulfilled') {
    if (!sameDay(entry.createdAt, now)) return journal.markRefundOwed(entry.id, `${reason}; approved on an earlier day`);
    entry = journal.markReversalPending(entry.id, reason);
  }
  if (entry.state !== 'reversal-pending') throw new JournalError('invalid-transition', `payment ${entry.id} is ${entry.state}; it cannot be sent back`);
  if (!terminal) return entry;
  try {
    return await reverse(journal, terminal, entry);
  } catch {
    return journal.get(entry.id);
  }
}

/** Reverses an approved payment; a refusal leaves a refund owed, silence leaves it pending. */
async function reverse(journal: PaymentJournal, terminal: PaymentTerminal, entry: JournalEntry): Promise<JournalEntry> {
  if (entry.receiptNo === undefined) return journal.markRefundOwed(entry.id, 'no receipt number to reverse by');
  const r = await terminal.reversal({ receiptNo: entry.receiptNo });
  switch (r.result) {
    case 'reversed':
      return journal.markReversed(entry.id, r.trace === undefined ? {} : { trace: r.trace });
    case 'already-reversed':
      return journal.markReversed(entry.id);
    case 'refused':
      return journal.markRefundOwed(entry.id, `terminal refused the reversal: ${r.reason}`);
    case 'unknown':
      return journal.get(entry.id);
  }
}

function resolveFromLast(journal: PaymentJournal, entry: JournalEntry, last: LastTransaction, now: number): JournalEntry {
  if (last.found && last.kind === 'reversal' && entry.trace !== undefined && last.originalTrace === entry.trace) {
    // The terminal reversed it on its own (auto-reversal): money went back.
    journal.recordOutcome(entry.id, 'unknown', { reason: 'terminal reversed it by itself' });
    journal.markReversalPending(entry.id, 'terminal reversed it by itself');
    return journal.markReversed(entry.id, last.trace === undefined ? {} : { trace: last.trace });
  }
  if (last.found && isOurs(journal, entry, last, now)) {
    const ref = last.sale && last.sale.result === 'approved' ? saleRef(last.sale) : { trace: last.trace, receiptNo: last.receiptNo, resultCode: 0 };
    return journal.recordOutcome(entry.id, 'approved', { ...ref, reason: 'recovered from the terminal' });
  }
  // The terminal's own status (04 0F) reached the journal before the answer was lost: it is the
  // verdict even when the replay shows something else (a standalone transaction since, a terminal
  // that cannot replay).
  if (entry.resultCode === 0 && entry.trace !== undefined) {
    return journal.recordOutcome(entry.id, 'approved', { reason: 'approval status was journaled before the answer was lost' });
  }
  if (entry.resultCode !== undefined && entry.resultCode !== 0) {
    return journal.recordOutcome(entry.id, 'declined', { reason: 'declined status was journaled before the answer was lost' });
  }
  return journal.recordOutcome(entry.id, 'aborted', { reason: 'not booked on the terminal (recovered)' });
}

function isOurs(journal: PaymentJournal, entry: JournalEntry, last: Extract<LastTransaction, { found: true }>, now: number): boolean {
  if (last.kind !== 'sale' || last.resultCode !== 0 || last.trace === undefined) return false;
  if (last.amountCents !== entry.amountCents) return false;
  // A status we journaled before the crash names the transaction exactly.
  if (entry.trace !== undefined) return entry.trace === last.trace;
  if (journal.traceClaimed(last.trace, entry.id)) return false;
  // The terminal's clock reads Doha's time and names no zone.
  const at = last.dateTime && /^\d{4}-/.test(last.dateTime) ? zonedInstant(last.dateTime) : undefined;
  if (at !== undefined && Number.isFinite(at) && (at < entry.createdAt - CLOCK_SKEW_MS || at > now + CLOCK_SKEW_MS)) return false;
  return true;
}

async function waitUntilReady(terminal: PaymentTerminal, retryMs: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const s = await terminal.status();
    // "Please wait" right after an interrupted sale is normal (ecrterm#2): give it a moment.
    if (s.ready || s.code !== 0x9c || attempt >= 4) return;
    await new Promise((r) => setTimeout(r, retryMs));
  }
}

/** The same day in Doha, where the terminal's day (and its end-of-day batch) is kept. */
function sameDay(a: number, b: number): boolean {
  return civilDate(a) === civilDate(b);
}
