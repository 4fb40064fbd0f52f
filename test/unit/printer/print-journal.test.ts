import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { migration004 } from '../../../offline-cache/migrations/004-print-jobs';
import { PrintJournal, type JournalCodec } from '../../../offline-cache/print-journal';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();

function journal(options: ConstructorParameters<typeof PrintJournal>[1] = {}) {
  const path = tmp.path();
  const db = new Database(path);
  tmp.onCleanup(() => db.close());
  migrate(db, MIGRATIONS.filter((m) => m.version < 4));
  if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'print_jobs'`).get()) db.transaction(() => migration004.up(db))();
  let t = 1000;
  return { db, path, j: new PrintJournal(db, { now: () => t++, ...options }) };
}

const receipt = { localRef: 'K01-20261128-000001', person: { nameEn: 'Test Person' } };

describe('PrintJournal (real SQLite file)', () => {
  it('records a job as queued, then printing, then printed with its bytes', () => {
    const { j } = journal();
    const id = j.add({ localRef: receipt.localRef, lang: 'ar', receipt, pdf: Buffer.from('%PDF-1.3') });
    expect(j.get(id)).toMatchObject({ state: 'queued', attempts: 0, hasPdf: true, localRef: receipt.localRef });
    j.markPrinting(id);
    expect(j.get(id)).toMatchObject({ state: 'printing', attempts: 1 });
    j.markPrinted(id, 11570);
    expect(j.get(id)).toMatchObject({ state: 'printed', bytes: 11570, failureCode: null });
    expect(j.get(id).printedAt).toBeGreaterThan(0);
    expect(j.receipt(id)).toEqual(receipt);
    expect(j.pdf(id)?.toString()).toBe('%PDF-1.3');
  });

  it('a failed job can be printed again (a reprint), a printed one cannot', () => {
    const { j } = journal();
    const id = j.add({ localRef: 'K1', lang: 'en', receipt });
    j.markPrinting(id);
    j.markFailed(id, 'paper-out');
    expect(j.get(id)).toMatchObject({ state: 'failed', failureCode: 'paper-out' });
    expect(j.list({ state: 'failed' }).map((x) => x.id)).toEqual([id]);
    j.markPrinting(id);
    expect(j.get(id)).toMatchObject({ state: 'printing', attempts: 2, failureCode: null });
    j.markPrinted(id, 10);
    expect(() => j.markPrinting(id)).toThrow(expect.objectContaining({ code: 'bad-transition' }));
    expect(() => j.markFailed(id, 'paper-out')).toThrow(/is printed/);
    expect(() => j.get(999)).toThrow(expect.objectContaining({ code: 'unknown-job' }));
  });

  it('after a crash, jobs left printing become failed/interrupted and survive reopening the file', () => {
    const { db, path, j } = journal();
    const a = j.add({ localRef: 'K1', lang: 'en', receipt });
    const b = j.add({ localRef: 'K2', lang: 'en', receipt });
    j.markPrinting(a);
    j.markPrinting(b);
    j.markPrinted(b, 5);
    db.close();
    const reopened = new Database(path);
    tmp.onCleanup(() => reopened.close());
    const j2 = new PrintJournal(reopened);
    expect(j2.recoverInterrupted()).toEqual([a]);
    expect(j2.get(a)).toMatchObject({ state: 'failed', failureCode: 'interrupted' });
    expect(j2.get(b).state).toBe('printed');
    expect(j2.latest()?.id).toBe(b);
  });

  it('purge deletes finished jobs older than the cutoff, never queued or printing ones', () => {
    const { j } = journal();
    const old = j.add({ localRef: 'K1', lang: 'en', receipt }); // t = 1000
    j.markPrinting(old);
    j.markPrinted(old, 1);
    const stuck = j.add({ localRef: 'K2', lang: 'en', receipt });
    j.markPrinting(stuck);
    const queued = j.add({ localRef: 'K3', lang: 'en', receipt });
    const recent = j.add({ localRef: 'K4', lang: 'en', receipt });
    j.markFailed(recent, 'paper-out');
    expect(j.purge(j.get(recent).updatedAt)).toBe(1);
    expect(() => j.get(old)).toThrow(/no print job/);
    expect(j.list().map((x) => x.id).sort()).toEqual([stuck, queued, recent].sort());
  });

  it('stores receipt and PDF through the codec, bound to their row, and summaries carry no content', () => {
    const codec: JournalCodec = {
      format: 'xor',
      encode: (b, ctx) => Buffer.concat([Buffer.from(`${ctx}|`), Buffer.from(b.map((x) => x ^ 0x5a))]),
      decode(stored, format, ctx) {
        expect(format).toBe('xor');
        const sep = stored.indexOf('|');
        if (stored.subarray(0, sep).toString() !== ctx) throw new Error('wrong row');
        return Buffer.from(stored.subarray(sep + 1).map((x) => x ^ 0x5a));
      },
    };
    const { db, j } = journal({ codec });
    const id = j.add({ localRef: 'K1', lang: 'ar', receipt, pdf: Buffer.from('pdf') });
    const raw = db.prepare('SELECT receipt FROM print_jobs WHERE id = ?').get(id) as { receipt: Buffer };
    expect(raw.receipt.includes(Buffer.from('Test Person'))).toBe(false);
    expect(j.receipt(id)).toEqual(receipt);
    expect(j.pdf(id)?.toString()).toBe('pdf');
    expect(JSON.stringify(j.list())).not.toContain('Test Person');
  });

  it('a row written by another codec is a typed error, not garbage', () => {
    const { j } = journal();
    const id = j.add({ localRef: 'K1', lang: 'ar', receipt });
    const other = new PrintJournal((j as unknown as { db: Database.Database }).db, {
      codec: { format: 'x', encode: (b) => b, decode: () => { throw new Error('no'); } },
    });
    expect(() => other.receipt(id)).toThrow();
    const { db } = journal();
    db.prepare(`INSERT INTO print_jobs (local_ref, lang, state, receipt, receipt_format, created_at, updated_at) VALUES ('K', 'ar', 'queued', x'00', 'aes', 1, 1)`).run();
    expect(() => new PrintJournal(db).receipt(1)).toThrow(expect.objectContaining({ code: 'corrupt-job' }));
  });
});
