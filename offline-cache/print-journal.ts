import { CodedError } from '../shared/coded-error';
import type { Database } from 'better-sqlite3';

/**
 * The print job journal over SQLite (table print_jobs, migration 004). States move
 *   queued -> printing -> printed | failed,   failed -> printing (a reprint a person asked for)
 * and never back from printed. `recoverInterrupted` turns jobs a crash left in 'printing' into
 * 'failed': whether their paper came out is unknown, so only a person may print them again.
 */
export type PrintJobState = 'queued' | 'printing' | 'printed' | 'failed';

/** Same shape as the outbox's PayloadCodec, so the encrypting codec of the kiosk plugs in. */
export interface JournalCodec {
  readonly format: string;
  encode(plain: Buffer, context: string): Buffer;
  decode(stored: Buffer, format: string, context: string): Buffer;
}

const plain: JournalCodec = {
  format: 'plain',
  encode: (b) => b,
  decode(stored, format) {
    if (format !== 'plain') throw new PrintJournalError('corrupt-job', `print job stored as "${format}" needs a codec this kiosk does not have`);
    return stored;
  },
};

export class PrintJournalError extends CodedError<'unknown-job' | 'bad-transition' | 'corrupt-job'> {
  override readonly name = 'PrintJournalError';
}

/** A job as listed: no receipt content, safe for logs and diagnostics. */
export interface PrintJobSummary {
  id: number;
  localRef: string;
  lang: 'ar' | 'en';
  state: PrintJobState;
  attempts: number;
  failureCode: string | null;
  bytes: number | null;
  hasPdf: boolean;
  createdAt: number;
  updatedAt: number;
  printedAt: number | null;
}

interface Row {
  id: number;
  local_ref: string;
  lang: 'ar' | 'en';
  state: PrintJobState;
  receipt: Buffer;
  receipt_format: string;
  pdf: Buffer | null;
  pdf_format: string | null;
  attempts: number;
  failure_code: string | null;
  bytes: number | null;
  created_at: number;
  updated_at: number;
  printed_at: number | null;
}

const SUMMARY = `id, local_ref, lang, state, attempts, failure_code, bytes, pdf IS NOT NULL AS has_pdf,
  created_at, updated_at, printed_at`;

export interface PrintJournalOptions {
  codec?: JournalCodec;
  now?: () => number;
}

export class PrintJournal {
  private readonly codec: JournalCodec;
  private readonly now: () => number;

  constructor(
    private readonly db: Database,
    options: PrintJournalOptions = {},
  ) {
    this.codec = options.codec ?? plain;
    this.now = options.now ?? Date.now;
  }

  /** Records a receipt as 'queued' (durably, before printing); returns its job id. */
  add(input: { localRef: string; lang: 'ar' | 'en'; receipt: unknown; pdf?: Buffer }): number {
    const t = this.now();
    return this.db.transaction(() => {
      const { id } = this.db
        .prepare(`INSERT INTO print_jobs (local_ref, lang, state, receipt, receipt_format, created_at, updated_at)
          VALUES (?, ?, 'queued', x'', ?, ?, ?) RETURNING id`)
        .get(input.localRef, input.lang, this.codec.format, t, t) as { id: number };
      const receipt = this.codec.encode(Buffer.from(JSON.stringify(input.receipt)), context(id, 'receipt'));
      this.db.prepare('UPDATE print_jobs SET receipt = ? WHERE id = ?').run(receipt, id);
      if (input.pdf) this.storePdf(id, input.pdf);
      return id;
    })();
  }

  /** Attaches (or replaces) the job's PDF copy. */
  setPdf(id: number, pdf: Buffer): void {
    this.get(id);
    this.storePdf(id, pdf);
  }

  private storePdf(id: number, pdf: Buffer): void {
    const stored = this.codec.encode(pdf, context(id, 'pdf'));
    this.db.prepare('UPDATE print_jobs SET pdf = ?, pdf_format = ? WHERE id = ?').run(stored, this.codec.format, id);
  }

  /** queued|failed -> printing; counts the attempt. */
  markPrinting(id: number): void {
    this.transition(id, ['queued', 'failed'], `state = 'printing', failure_code = NULL, attempts = attempts + 1`, []);
  }

  markPrinted(id: number, bytes: number): void {
    this.transition(id, ['printing'], `state = 'printed', bytes = ?, printed_at = ?`, [Math.max(0, Math.floor(bytes)), this.now()]);
  }

  /** queued|printing -> failed with a code (paper-out, cover-open, printer-unavailable, ...). */
  markFailed(id: number, code: string): void {
    const safe = code.replace(/[^a-z0-9-]/gi, '').slice(0, 40) || 'printer-error';
    this.transition(id, ['queued', 'printing'], `state = 'failed', failure_code = ?`, [safe]);
  }

  /** After a crash: every 'printing' job becomes 'failed' with code 'interrupted'. Returns their ids. */
  recoverInterrupted(): number[] {
    const rows = this.db
      .prepare(`UPDATE print_jobs SET state = 'failed', failure_code = 'interrupted', updated_at = ? WHERE state = 'printing' RETURNING id`)
      .all(this.now()) as { id: number }[];
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  get(id: number): PrintJobSummary {
    const row = this.db.prepare(`SELECT ${SUMMARY} FROM print_jobs WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
    if (!row) throw new PrintJournalError('unknown-job', `no print job ${id}`);
    return summary(row);
  }

  list(filter: { state?: PrintJobState; limit?: number } = {}): PrintJobSummary[] {
    const limit = Math.min(1000, Math.max(1, filter.limit ?? 100));
    const rows = filter.state
      ? this.db.prepare(`SELECT ${SUMMARY} FROM print_jobs WHERE state = ? ORDER BY id DESC LIMIT ?`).all(filter.state, limit)
      : this.db.prepare(`SELECT ${SUMMARY} FROM print_jobs ORDER BY id DESC LIMIT ?`).all(limit);
    return (rows as Record<string, unknown>[]).map(summary);
  }

  /** The receipt as it was recorded (parse it again before use: it is data from disk). */
  receipt(id: number): unknown {
    const row = this.row(id);
    return JSON.parse(this.codec.decode(row.receipt, row.receipt_format, context(id, 'receipt')).toString('utf8')) as unknown;
  }

  pdf(id: number): Buffer | undefined {
    const row = this.row(id);
    if (!row.pdf || !row.pdf_format) return undefined;
    return this.codec.decode(row.pdf, row.pdf_format, context(id, 'pdf'));
  }

  /**
   * Deletes finished jobs (printed or failed) last touched before `before` (epoch ms): receipts
   * carry the shopper's name, so they are kept only as long as a reprint or export is useful.
   * Returns how many were deleted.
   */
  purge(before: number): number {
    return this.db.prepare(`DELETE FROM print_jobs WHERE state IN ('printed', 'failed') AND updated_at < ?`).run(before).changes;
  }

  /** Deletes the printed jobs of one request (a printed job is never printed again). Returns how many. */
  purgePrinted(localRef: string): number {
    return this.db.prepare(`DELETE FROM print_jobs WHERE state = 'printed' AND local_ref = ?`).run(localRef).changes;
  }

  /** The newest job, for the lab page's "last receipt". */
  latest(): PrintJobSummary | undefined {
    return this.list({ limit: 1 })[0];
  }

  private row(id: number): Row {
    const row = this.db.prepare('SELECT * FROM print_jobs WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new PrintJournalError('unknown-job', `no print job ${id}`);
    return row;
  }

  private transition(id: number, from: PrintJobState[], set: string, params: unknown[]): void {
    const placeholders = from.map(() => '?').join(', ');
    const changed = this.db
      .prepare(`UPDATE print_jobs SET ${set}, updated_at = ? WHERE id = ? AND state IN (${placeholders})`)
      .run(...params, this.now(), id, ...from).changes;
    if (changed === 1) return;
    const current = this.get(id).state; // throws unknown-job
    throw new PrintJournalError('bad-transition', `print job ${id} is ${current}, expected ${from.join(' or ')}`);
  }
}

const context = (id: number, part: string) => `print_jobs:${id}:${part}`;

function summary(r: Record<string, unknown>): PrintJobSummary {
  return {
    id: r.id as number,
    localRef: r.local_ref as string,
    lang: r.lang as 'ar' | 'en',
    state: r.state as PrintJobState,
    attempts: r.attempts as number,
    failureCode: (r.failure_code as string | null) ?? null,
    bytes: (r.bytes as number | null) ?? null,
    hasPdf: Boolean(r.has_pdf),
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    printedAt: (r.printed_at as number | null) ?? null,
  };
}
