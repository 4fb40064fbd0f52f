import { createHash } from 'node:crypto';
import { AUDIT_GENESIS_HASH, AuditEntriesRequest, type AuditEntryRecord } from './schemas';
import { parseJson } from './sim-http';

/**
 * The ministry's side of `POST /v1/kiosks/{kioskId}/audit-entries`: it keeps every kiosk's audit
 * chain and checks each entry against it with the documented formula alone (nothing of the
 * kiosk's code), as the ministry would. An entry it already holds is a replay and records
 * nothing; a batch is taken whole or not at all. What it holds is the judge of exactly-once and
 * of continuity in the tests.
 */
export function auditEntryHash(e: Pick<AuditEntryRecord, 'prevHash' | 'seq' | 'at' | 'actor' | 'action' | 'detail'>): string {
  return createHash('sha256').update([e.prevHash, e.seq, e.at, e.actor, e.action, e.detail].join('\n')).digest('hex');
}

/** The chain as the gateway holds it: whole from the first entry, or where it is not. */
export type AuditChainCheck = { ok: true; entries: number; head: string } | { ok: false; entries: number; firstMissing: number };

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export class AuditBook {
  private readonly chains = new Map<string, Map<number, AuditEntryRecord>>();

  receive(kioskId: string, raw: Buffer): Answer {
    const { entries } = parseJson(AuditEntriesRequest, raw);
    const held = this.chains.get(kioskId) ?? new Map<number, AuditEntryRecord>();
    // What the chain would be with this batch, checked before anything is kept.
    const next = new Map(held);
    const results: { seq: number; hash: string; result: 'recorded' | 'replayed' }[] = [];
    for (const entry of entries) {
      if (auditEntryHash(entry) !== entry.hash) return refuse(422, 'hash-mismatch', entry.seq, 'The entry hash does not cover its fields.');
      const same = next.get(entry.seq);
      if (same) {
        if (same.hash !== entry.hash) return refuse(409, 'seq-conflict', entry.seq, 'Another entry with this sequence number is already held for this kiosk.');
        results.push({ seq: entry.seq, hash: entry.hash, result: 'replayed' });
        continue;
      }
      const before = entry.seq === 1 ? { hash: AUDIT_GENESIS_HASH } : next.get(entry.seq - 1);
      const after = next.get(entry.seq + 1);
      if ((before && before.hash !== entry.prevHash) || (after && after.prevHash !== entry.hash)) {
        return refuse(422, 'chain-broken', entry.seq, 'The entry does not link to the entries held beside it.');
      }
      next.set(entry.seq, entry);
      results.push({ seq: entry.seq, hash: entry.hash, result: 'recorded' });
    }
    this.chains.set(kioskId, next);
    const body = { receivedAt: new Date().toISOString(), entries: results };
    return results.some((r) => r.result === 'recorded') ? { status: 201, body } : { status: 200, body, headers: { 'idempotent-replayed': 'true' } };
  }

  /** A kiosk's entries, oldest first. */
  of(kioskId: string): AuditEntryRecord[] {
    return [...(this.chains.get(kioskId)?.values() ?? [])].sort((a, b) => a.seq - b.seq);
  }

  /** Walks a kiosk's chain from the first entry: every link and every hash. */
  verify(kioskId: string): AuditChainCheck {
    let prev = AUDIT_GENESIS_HASH;
    let seq = 1;
    for (const entry of this.of(kioskId)) {
      if (entry.seq !== seq || entry.prevHash !== prev || auditEntryHash(entry) !== entry.hash) return { ok: false, entries: seq - 1, firstMissing: seq };
      prev = entry.hash;
      seq++;
    }
    return { ok: true, entries: seq - 1, head: prev };
  }
}

function refuse(status: number, code: string, seq: number, message: string): Answer {
  return { status, body: { code, message, seq } };
}
