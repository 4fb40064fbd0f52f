import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AUDIT_GENESIS, AuditLog, Outbox, type PayloadCodec } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();

function withEntries(n: number) {
  const { db, path } = tmp.db();
  let t = 1_000;
  const log = new AuditLog(db, { now: () => (t += 1000) });
  for (let i = 0; i < n; i++) log.append({ actor: '290•••••77', action: i === 0 ? 'enter' : 'selftest', detail: { device: 'printer', result: 'passed', n: i } });
  return { db, path, log };
}

/** Someone with the file and the sqlite3 tool: drops the guard, then edits. */
function tamper(path: string, sql: string): void {
  const raw = new Database(path);
  raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  raw.exec(sql);
  raw.close();
}

describe('AuditLog', () => {
  it('chains each entry to the one before it, from the genesis', () => {
    const { log } = withEntries(3);
    const [a, b, c] = log.entries();
    expect(a!.prevHash).toBe(AUDIT_GENESIS);
    expect(b!.prevHash).toBe(a!.hash);
    expect(c!.prevHash).toBe(b!.hash);
    expect(new Set([a!.hash, b!.hash, c!.hash]).size).toBe(3);
    expect(log.verify()).toEqual({ ok: true, entries: 3, head: c!.hash, from: { seq: 0, hash: AUDIT_GENESIS } });
  });

  it('keeps the detail as given and reads it back', () => {
    const { log } = withEntries(1);
    expect(log.entries()[0]).toMatchObject({ seq: 1, actor: '290•••••77', action: 'enter', detail: { device: 'printer', result: 'passed', n: 0 }, at: 2000 });
  });

  it('names the entry whose content was edited in the file', () => {
    const { path, db } = withEntries(4);
    db.close();
    tamper(path, `UPDATE audit_log SET detail = '{"device":"printer","result":"failed","n":2}' WHERE seq = 3`);
    const verification = new AuditLog(new Database(path, { readonly: true })).verify();
    expect(verification).toEqual({ ok: false, entries: 2, from: { seq: 0, hash: AUDIT_GENESIS }, broken: { seq: 3, reason: 'hash-mismatch' } });
  });

  it('finds an entry removed from the middle', () => {
    const { path, db } = withEntries(4);
    db.close();
    tamper(path, 'DELETE FROM audit_log WHERE seq = 2');
    expect(new AuditLog(new Database(path, { readonly: true })).verify()).toMatchObject({ ok: false, broken: { seq: 3, reason: 'sequence-gap' } });
  });

  it('finds an entry rewritten with a fresh hash of its own: the next one no longer chains', async () => {
    const { path, db, log } = withEntries(3);
    const second = log.entries()[1]!;
    db.close();
    const { auditHash } = await import('../../../offline-cache/audit-log');
    const forged = { ...second, detail: '{"device":"printer","result":"failed","n":1}' };
    const hash = auditHash(second.prevHash, forged);
    tamper(path, `UPDATE audit_log SET detail = '${forged.detail}', hash = '${hash}' WHERE seq = 2`);
    expect(new AuditLog(new Database(path, { readonly: true })).verify()).toMatchObject({ ok: false, entries: 2, broken: { seq: 3, reason: 'chain-broken' } });
  });

  it('lists what the gateway has not acknowledged, and forgets nothing it has', () => {
    const { log } = withEntries(3);
    expect(log.unshippedCount()).toBe(3);
    log.markShipped([1, 2]);
    expect(log.unshipped().map((e) => e.seq)).toEqual([3]);
    log.markShipped([2]);
    expect(log.unshippedCount()).toBe(1);
    expect(log.verify().ok).toBe(true);
  });

  it('refuses an action that is not a code, and a detail too large to be one', () => {
    const { log } = withEntries(0);
    expect(() => log.append({ actor: 'kiosk', action: 'Enter Now' })).toThrow(/lower-case code/);
    expect(() => log.append({ actor: 'kiosk', action: 'enter', detail: { note: 'x'.repeat(3000) } })).toThrow(/at most/);
    expect(log.entries()).toEqual([]);
  });

  it('queues every entry for the gateway in the transaction that appends it, with its chain fields as stored', () => {
    const { db } = tmp.db();
    const outbox = new Outbox(db);
    const log = new AuditLog(db, { outbox, now: () => 5000 });
    const entry = log.append({ actor: '290•••••77', action: 'selftest', detail: { test: 'card', result: 'passed' } });
    const [queued] = outbox.list();
    expect(queued).toMatchObject({ kind: 'audit-entry', localRef: 'AUD-1', personKey: 'kiosk-audit', state: 'queued' });
    expect(queued!.payload).toEqual({ seq: 1, at: 5000, actor: '290•••••77', action: 'selftest', detail: '{"test":"card","result":"passed"}', prevHash: AUDIT_GENESIS, hash: entry.hash });
  });

  it('appends nothing when the outbox cannot take the entry, and nothing is queued without it', () => {
    const { db } = tmp.db();
    const refusing: PayloadCodec = { format: 'broken', encode: () => { throw new Error('disk full'); }, decode: (b) => b };
    const log = new AuditLog(db, { outbox: new Outbox(db, { codec: refusing }) });
    expect(() => log.append({ actor: 'kiosk', action: 'enter' })).toThrow(/disk full/);
    expect(log.entries()).toEqual([]);
    // A later entry takes seq 1: the refused one left no gap and no orphan in the outbox.
    const ok = new AuditLog(db, { outbox: new Outbox(db) });
    expect(ok.append({ actor: 'kiosk', action: 'enter' }).seq).toBe(1);
    expect(new Outbox(db).list().map((e) => e.localRef)).toEqual(['AUD-1']);
  });
});
