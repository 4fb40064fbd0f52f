import type { Statement, Transaction } from 'better-sqlite3';
import type { KioskDatabase } from './db';
import { OutboxError } from './errors';

/**
 * The work-order codes that opened a visit at this kiosk and are still valid (migration 015), so
 * a code is used once, a restart included. Each is kept as the SHA-256 of its signature: nothing
 * names the technician or the card. Whether a code is asked for, and what its reuse costs, is
 * main/core/technician-access.ts's; this only remembers.
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
      // Codes past their validity are refused before anyone looks here: their rows go on each use.
      this.s.prune.run(now);
      return this.s.insert.run(signatureHash, expiresAt).changes === 1;
    });
  }

  /**
   * Records that the code with this signature hash opened a visit; false when it already had.
   * `expiresAt` (ms since epoch) is when the code stops being valid, after which its row goes.
   */
  claim(signatureHash: string, expiresAt: number, now: number): boolean {
    if (!/^[0-9a-f]{64}$/.test(signatureHash)) throw new OutboxError('invalid-input', 'a used work-order code is kept as the 64 hex digits of its signature’s SHA-256');
    if (!Number.isSafeInteger(expiresAt) || expiresAt <= 0) throw new OutboxError('invalid-input', 'a used work-order code’s expiry is a time in ms since 1970');
    return this.claimOnce(signatureHash, expiresAt, now);
  }
}
