import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { KioskDatabase } from './db';
import { OutboxError } from './errors';
import { AUDIT_OUTBOX_LINE } from './migrations/010-outbox-audit';
import type { Outbox } from './outbox';

/**
 * The technician audit log (migration 008): append-only, each entry chained to the one before
 * by SHA-256, so an entry edited, removed or slipped in afterwards is found by `verify()`, which
 * names the first entry whose chain no longer holds. The hash covers exactly the stored text
 * (seq, time, actor, action and the detail's JSON as written), so verifying needs no
 * canonical form of anything.
 *
 * Given an outbox, every entry is also queued for the gateway (kind `audit-entry`, migration 010)
 * in the transaction that appends it: an entry is in the log and on its way, or neither, whatever
 * moment the kiosk dies at. The queued payload is `chainRecord(entry)`, the chain fields as
 * stored, from which the ministry recomputes every hash.
 *
 * Entries expire (`prune`, migration 014) only from the oldest end, once the gateway acknowledged
 * them and they are older than the retention; the newest one removed stays as the anchor (its
 * seq and hash), from which `verify()` walks the chain as it would from the genesis, and says so.
 */
export type AuditDetail = Record<string, string | number | boolean>;

export interface AuditEntry {
  seq: number;
  /** ms since epoch. */
  at: number;
  /** The technician card's masked id, or `kiosk` / `kioskctl` for what the kiosk did itself. */
  actor: string;
  action: string;
  detail: AuditDetail;
  prevHash: string;
  hash: string;
}

/** Where a walk of the chain starts: the genesis (seq 0), or the newest entry that expired. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

export type AuditVerification =
  | { ok: true; entries: number; head: string; from: AuditAnchor }
  | {
      ok: false;
      entries: number;
      from: AuditAnchor;
      /** The first entry that does not hold, and why. */
      broken: { seq: number; reason: 'hash-mismatch' | 'chain-broken' | 'sequence-gap' | 'detail-unreadable' };
    };

interface AuditRow {
  seq: number;
  at: number;
  actor: string;
  action: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** An entry as the gateway takes it (gateway/schemas.ts AuditEntryRecord): `detail` is the stored JSON text the hash covers. */
interface AuditChainRecord {
  seq: number;
  at: number;
  actor: string;
  action: string;
  detail: string;
  prevHash: string;
  hash: string;
}

/** The chain's anchor: what the first entry names as its predecessor. */
export const AUDIT_GENESIS = '0'.repeat(64);

const ACTION = /^[a-z][a-z0-9-]{0,47}$/;
const MAX_DETAIL = 2048;

export function auditHash(prevHash: string, row: Pick<AuditRow, 'seq' | 'at' | 'actor' | 'action' | 'detail'>): string {
  return createHash('sha256').update([prevHash, row.seq, row.at, row.actor, row.action, row.detail].join('\n')).digest('hex');
}

export class AuditLog {
  private readonly s: Record<'last' | 'insert' | 'all' | 'after' | 'unshipped' | 'ship' | 'count' | 'anchor' | 'expiring' | 'hashOf' | 'setAnchor' | 'dropShipped' | 'drop', Statement>;

  constructor(
    private readonly db: KioskDatabase,
    private readonly opts: { now?: () => number; outbox?: Outbox } = {},
  ) {
    this.s = {
      last: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      insert: db.prepare('INSERT INTO audit_log (seq, at, actor, action, detail, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @detail, @prev_hash, @hash)'),
      all: db.prepare('SELECT * FROM audit_log ORDER BY seq'),
      after: db.prepare('SELECT * FROM audit_log WHERE seq > ? ORDER BY seq DESC LIMIT ?'),
      unshipped: db.prepare('SELECT a.* FROM audit_log a LEFT JOIN audit_shipped s ON s.seq = a.seq WHERE s.seq IS NULL ORDER BY a.seq LIMIT ?'),
      ship: db.prepare('INSERT OR IGNORE INTO audit_shipped (seq, shipped_at) VALUES (?, ?)'),
      count: db.prepare('SELECT COUNT(*) AS n FROM audit_log a LEFT JOIN audit_shipped s ON s.seq = a.seq WHERE s.seq IS NULL'),
      anchor: db.prepare('SELECT seq, hash, pruned FROM audit_anchor WHERE id = 1'),
      // The first entry that must stay: not acknowledged yet, or not old enough.
      expiring: db.prepare(`SELECT MIN(a.seq) AS keep, (SELECT MAX(seq) FROM audit_log) AS newest FROM audit_log a
        LEFT JOIN audit_shipped s ON s.seq = a.seq WHERE s.seq IS NULL OR a.at >= ?`),
      hashOf: db.prepare('SELECT hash FROM audit_log WHERE seq = ?'),
      // What is behind the old anchor is gone already: what is left up to the new one is what goes now.
      setAnchor: db.prepare(`INSERT INTO audit_anchor (id, seq, hash, pruned, pruned_at) VALUES (1, @seq, @hash, (SELECT COUNT(*) FROM audit_log WHERE seq <= @seq), @at)
        ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, pruned = pruned + excluded.pruned, pruned_at = excluded.pruned_at`),
      dropShipped: db.prepare('DELETE FROM audit_shipped WHERE seq <= ?'),
      drop: db.prepare('DELETE FROM audit_log WHERE seq <= ?'),
    };
  }

  /** Appends one entry, committed (synchronous=FULL) before it returns. */
  append(input: { actor: string; action: string; detail?: AuditDetail; at?: number }): AuditEntry {
    if (!ACTION.test(input.action)) throw new OutboxError('invalid-input', 'an audit action is a lower-case code');
    if (input.actor.length === 0 || input.actor.length > 32) throw new OutboxError('invalid-input', 'an audit actor is 1 to 32 characters');
    const detail = JSON.stringify(input.detail ?? {});
    if (detail.length > MAX_DETAIL) throw new OutboxError('invalid-input', `an audit detail is at most ${MAX_DETAIL} characters of JSON`);
    const write = this.db.transaction(() => {
      // Every entry expired: the next one chains to the anchor.
      const last = (this.s.last.get() ?? this.s.anchor.get()) as { seq: number; hash: string } | undefined;
      const row = { seq: (last?.seq ?? 0) + 1, at: input.at ?? (this.opts.now ?? Date.now)(), actor: input.actor, action: input.action, detail, prev_hash: last?.hash ?? AUDIT_GENESIS };
      const hash = auditHash(row.prev_hash, row);
      this.s.insert.run({ ...row, hash });
      // Nested in this transaction (a savepoint): if the outbox refuses it, the entry is not appended either.
      this.opts.outbox?.enqueue({
        kind: 'audit-entry',
        serviceId: 'audit-entry',
        personKey: AUDIT_OUTBOX_LINE,
        payload: chainRecord({ ...row, hash }),
        localRef: `AUD-${row.seq}`,
      });
      return { ...row, hash };
    });
    return toEntry(write.immediate());
  }

  /** Every entry, oldest first. */
  entries(): AuditEntry[] {
    return (this.s.all.all() as AuditRow[]).map(toEntry);
  }

  /** The newest `limit` entries, newest first. */
  recent(limit = 50): AuditEntry[] {
    return (this.s.after.all(0, limit) as AuditRow[]).map(toEntry);
  }

  /** The anchor the chain starts from: the newest expired entry, or the genesis (seq 0). */
  anchor(): AuditAnchor {
    const row = this.s.anchor.get() as { seq: number; hash: string } | undefined;
    return row ? { seq: row.seq, hash: row.hash } : { seq: 0, hash: AUDIT_GENESIS };
  }

  /** Walks the whole chain from its anchor; stops at the first entry that does not hold. */
  verify(): AuditVerification {
    const from = this.anchor();
    let prev = from.hash;
    let expectedSeq = from.seq + 1;
    let entries = 0;
    for (const row of this.s.all.iterate() as Iterable<AuditRow>) {
      if (row.seq !== expectedSeq) return { ok: false, entries, from, broken: { seq: row.seq, reason: 'sequence-gap' } };
      if (row.prev_hash !== prev) return { ok: false, entries, from, broken: { seq: row.seq, reason: 'chain-broken' } };
      if (auditHash(row.prev_hash, row) !== row.hash) return { ok: false, entries, from, broken: { seq: row.seq, reason: 'hash-mismatch' } };
      if (!readDetail(row.detail)) return { ok: false, entries, from, broken: { seq: row.seq, reason: 'detail-unreadable' } };
      prev = row.hash;
      expectedSeq += 1;
      entries += 1;
    }
    return { ok: true, entries, head: prev, from };
  }

  /**
   * Removes the oldest entries that the gateway acknowledged and that were written before
   * `before` (ms since epoch), up to the first that must stay, and never the newest: the last one
   * removed becomes the anchor, in the same transaction. Returns how many went and the anchor.
   */
  prune(before: number, at = (this.opts.now ?? Date.now)()): { pruned: number; from: AuditAnchor } {
    const run = this.db.transaction(() => {
      const { keep, newest } = this.s.expiring.get(before) as { keep: number | null; newest: number | null };
      const from = this.anchor();
      if (newest === null) return { pruned: 0, from };
      // The newest entry always stays: the next one chains to it where anyone can see it.
      const upTo = Math.min(keep ?? newest, newest) - 1;
      if (upTo <= from.seq) return { pruned: 0, from };
      const hash = (this.s.hashOf.get(upTo) as { hash: string }).hash;
      this.s.setAnchor.run({ seq: upTo, hash, at });
      this.s.dropShipped.run(upTo);
      return { pruned: this.s.drop.run(upTo).changes, from: { seq: upTo, hash } };
    });
    return run.immediate();
  }

  /** Entries the gateway has not acknowledged yet, oldest first. */
  unshipped(limit = 100): AuditEntry[] {
    return (this.s.unshipped.all(limit) as AuditRow[]).map(toEntry);
  }

  unshippedCount(): number {
    return (this.s.count.get() as { n: number }).n;
  }

  markShipped(seqs: readonly number[], at = (this.opts.now ?? Date.now)()): void {
    this.db.transaction(() => {
      for (const seq of seqs) this.s.ship.run(seq, at);
    })();
  }
}

function readDetail(text: string): AuditDetail | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as AuditDetail) : undefined;
  } catch {
    return undefined;
  }
}

function chainRecord(row: AuditRow): AuditChainRecord {
  return { seq: row.seq, at: row.at, actor: row.actor, action: row.action, detail: row.detail, prevHash: row.prev_hash, hash: row.hash };
}

function toEntry(row: AuditRow): AuditEntry {
  return { seq: row.seq, at: row.at, actor: row.actor, action: row.action, detail: readDetail(row.detail) ?? {}, prevHash: row.prev_hash, hash: row.hash };
}
