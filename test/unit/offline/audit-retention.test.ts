import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, AuditLog } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

/**
 * Audit entries expire (migration 014): only acknowledged ones, only older than the retention,
 * only from the oldest end and never the newest; the last one removed is the anchor the chain
 * verifies from, and SQLite itself refuses any other removal.
 */
const tmp = useTempDir();
const DAY = 86_400_000;

/** Entries one day apart, the first at day 1. */
function log(n: number) {
  const { db, path } = tmp.db();
  let t = 0;
  const audit = new AuditLog(db, { now: () => (t += DAY) });
  for (let i = 0; i < n; i++) audit.append({ actor: '290••••••77', action: 'selftest', detail: { n: i } });
  return { db, path, audit, now: () => t };
}

describe('audit retention', () => {
  it('removes acknowledged entries older than the retention from the oldest end, and verifies from the anchor', () => {
    const { audit } = log(6);
    const before = audit.entries();
    // 1, 2 and 4 acknowledged: 3 is not, so nothing from 3 on goes, whatever its age.
    audit.markShipped([1, 2, 4]);
    expect(audit.prune(10 * DAY, 100 * DAY)).toEqual({ pruned: 2, from: { seq: 2, hash: before[1]!.hash } });
    expect(audit.entries().map((e) => e.seq)).toEqual([3, 4, 5, 6]);
    expect(audit.verify()).toEqual({ ok: true, entries: 4, head: before[5]!.hash, from: { seq: 2, hash: before[1]!.hash } });
    // Acknowledged, but entry 5 (day 5) is not older than a retention ending at day 5.
    audit.markShipped([3, 5, 6]);
    expect(audit.prune(5 * DAY)).toEqual({ pruned: 2, from: { seq: 4, hash: before[3]!.hash } });
    expect(audit.verify()).toMatchObject({ ok: true, entries: 2, from: { seq: 4 } });
  });

  it('never removes the newest entry, and the next one chains to it', () => {
    const { audit } = log(3);
    audit.markShipped([1, 2, 3]);
    expect(audit.prune(100 * DAY).pruned).toBe(2);
    expect(audit.prune(100 * DAY)).toMatchObject({ pruned: 0, from: { seq: 2 } });
    const next = audit.append({ actor: 'kiosk', action: 'exit' });
    expect(next).toMatchObject({ seq: 4, prevHash: audit.entries()[0]!.hash });
    expect(audit.verify()).toMatchObject({ ok: true, entries: 2, from: { seq: 2 } });
  });

  it('verifies from the genesis while nothing expired, and finds an entry edited behind a prune', () => {
    const { audit, db, path } = log(4);
    expect(audit.verify()).toMatchObject({ ok: true, from: { seq: 0, hash: AUDIT_GENESIS } });
    audit.markShipped([1, 2]);
    audit.prune(100 * DAY);
    db.close();
    const raw = new Database(path);
    raw.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = '{"n":9}' WHERE seq = 3`);
    raw.close();
    expect(new AuditLog(new Database(path, { readonly: true })).verify()).toEqual({ ok: false, entries: 0, from: expect.objectContaining({ seq: 2 }), broken: { seq: 3, reason: 'hash-mismatch' } });
  });

  it('lets SQLite remove nothing ahead of the anchor, and the anchor move only forward to an entry that holds', () => {
    const { audit, db } = log(5);
    audit.markShipped([1, 2, 3]);
    const [, second, third] = audit.entries();
    // Not acknowledged: no anchor over entry 4.
    expect(() => db.prepare(`INSERT INTO audit_anchor (id, seq, hash, pruned, pruned_at) VALUES (1, 4, ?, 1, 0)`).run(audit.entries()[3]!.hash)).toThrow(/acknowledged/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/append-only/);
    audit.prune(100 * DAY);
    expect(audit.anchor()).toEqual({ seq: 3, hash: third!.hash });
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 4').run()).toThrow(/append-only/);
    audit.markShipped([4]);
    expect(() => db.prepare('DELETE FROM audit_shipped WHERE seq = 4').run()).toThrow(/acknowledgement/);
    expect(() => db.prepare('UPDATE audit_anchor SET seq = 2, hash = ?').run(second!.hash)).toThrow(/only forward/);
    expect(() => db.prepare(`UPDATE audit_anchor SET seq = 4, hash = ?`).run('f'.repeat(64))).toThrow(/only forward/);
    expect(() => db.prepare('DELETE FROM audit_anchor').run()).toThrow(/never removed/);
    expect(audit.verify()).toMatchObject({ ok: true, entries: 2, from: { seq: 3 } });
  });
});
