import type { Statement, Transaction } from 'better-sqlite3';
import type { KioskDatabase } from './db';
import { OutboxError } from './errors';

/**
 * How long a used code's row outlives the code. An expired code is refused before this table is
 * read, so the row matters only if the kiosk's clock is set back into the code's validity
 * (further back, before it was issued, the code is refused as not yet valid): pruned at the
 * code's end, it would then open one more visit. A day covers the set-backs that happen by
 * accident soon after a visit: the RTC read as local time instead of UTC (at most 14 hours), a
 * date fixed in the firmware a day wrong, NTP stepping a drifted clock back. A set-back of more
 * than a day, aimed into one code's window, needs root or the kiosk opened up, and either is
 * past what a code guards. The table stays bounded: the codes used here that are still valid
 * (at most `maxMinutes`, 480 by default) or ended less than a day ago, a handful of rows.
 */
export const USED_KEPT_AFTER_EXPIRY_MS = 24 * 60 * 60_000;

/**
 * The work-order codes that opened a visit at this kiosk, kept until a day after they expire
 * (migration 015), so a code is used once, a restart and a clock set back included. Each is
 * kept as the SHA-256 of its signature: nothing names the technician or the card. Whether a
 * code is asked for, and what its reuse costs, is main/core/technician-access.ts's; this only
 * remembers.
 */
export class UsedWorkOrderStore {
  private readonly claimOnce: Transaction<(signatureHash: string, expiresAt: number, now: number) => boolean>;
  private readonly s: Record<'prune' | 'insert', Statement>;

  constructor(db: KioskDatabase) {
    this.s = {
      prune: db.prepare('DELETE FROM work_order_used WHERE expires_at <= ?'),
      insert: db.prepare('INSERT INTO work_order_used (signature_hash, expires_at) VALUES (?, ?) ON CONFLICT (signature_hash) DO NOTHING'),
    };
    this.claimOnce = db.transaction((signatureHash: string, expiresAt: number, now: number) => {
      // Rows go on each use, a margin after their code's end (USED_KEPT_AFTER_EXPIRY_MS).
      this.s.prune.run(now - USED_KEPT_AFTER_EXPIRY_MS);
      return this.s.insert.run(signatureHash, expiresAt).changes === 1;
    });
  }

  /**
   * Records that the code with this signature hash opened a visit; false when it already had.
   * `expiresAt` (ms since epoch) is when the code stops being valid; its row goes a day later.
   */
  claim(signatureHash: string, expiresAt: number, now: number): boolean {
    if (!/^[0-9a-f]{64}$/.test(signatureHash)) throw new OutboxError('invalid-input', 'a used work-order code is kept as the 64 hex digits of its signature’s SHA-256');
    if (!Number.isSafeInteger(expiresAt) || expiresAt <= 0) throw new OutboxError('invalid-input', 'a used work-order code’s expiry is a time in ms since 1970');
    return this.claimOnce(signatureHash, expiresAt, now);
  }
}
