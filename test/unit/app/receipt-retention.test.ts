import { afterEach, describe, expect, it, vi } from 'vitest';
import { PrintJournal } from '../../../offline-cache/print-journal';
import { keepReceiptsBriefly, RECEIPT_PURGE_EVERY_MS, RECEIPT_RETENTION_MS } from '../../../main/app/receipt-retention';
import { useTempDir } from '../../support/temp-db';

/**
 * Issue 16, finding 7: receipts kept for reprint carry the shopper's name, and were purged only
 * when the kiosk started; a kiosk that runs for months kept a month of names. Now they go on a
 * timer, and a printed receipt as soon as the ministry acknowledged its request.
 */
const tmp = useTempDir();
afterEach(() => vi.useRealTimers());

function printedJob(j: PrintJournal, localRef: string): number {
  const id = j.add({ localRef, lang: 'ar', receipt: { localRef, person: { nameEn: 'Test Person' } }, pdf: Buffer.from('%PDF') });
  j.markPrinting(id);
  j.markPrinted(id, 100);
  return id;
}

function failedJob(j: PrintJournal, localRef: string): number {
  const id = j.add({ localRef, lang: 'en', receipt: { localRef } });
  j.markPrinting(id);
  j.markFailed(id, 'paper-out');
  return id;
}

const remaining = (j: PrintJournal) => j.list({ limit: 1000 }).map((x) => x.id).sort((a, b) => a - b);

describe('receipts kept for reprint (real SQLite file)', () => {
  it('are purged on a timer while the kiosk runs, not only at start-up', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const { db } = tmp.db();
    const j = new PrintJournal(db);
    const old = printedJob(j, 'K01-1');
    const oldFailed = failedJob(j, 'K01-2');
    const retention = keepReceiptsBriefly(j, { log: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    try {
      expect(remaining(j)).toEqual([old, oldFailed]);
      vi.setSystemTime(1_000_000 + RECEIPT_RETENTION_MS - RECEIPT_PURGE_EVERY_MS);
      const fresh = printedJob(j, 'K01-3');
      vi.advanceTimersByTime(RECEIPT_PURGE_EVERY_MS);
      // The two older than the retention are gone; the one printed a moment ago stays.
      vi.advanceTimersByTime(RECEIPT_PURGE_EVERY_MS);
      expect(remaining(j)).toEqual([fresh]);
      vi.advanceTimersByTime(RECEIPT_RETENTION_MS);
      expect(remaining(j)).toEqual([]);
    } finally {
      retention.stop();
    }
  });

  it('a printed receipt goes as soon as its request is acknowledged; a failed one waits for a reprint', async () => {
    const { db } = tmp.db();
    const j = new PrintJournal(db);
    const retention = keepReceiptsBriefly(j, { log: { info: () => undefined, warn: () => undefined, error: () => undefined } });
    try {
      const printed = printedJob(j, 'K01-7');
      const failed = failedJob(j, 'K01-8');
      const other = printedJob(j, 'K01-9');
      await retention.acknowledged('K01-7');
      await retention.acknowledged('K01-8');
      expect(remaining(j)).toEqual([failed, other]);
      expect(() => j.get(printed)).toThrow(expect.objectContaining({ code: 'unknown-job' }));
      await retention.printed('K01-9'); // printed, but nobody acknowledged it yet
      expect(remaining(j)).toEqual([failed, other]);
    } finally {
      retention.stop();
    }
  });

  it('an acknowledgement that comes before the printer has finished still takes the receipt, once its PDF copy is stored', async () => {
    const { db } = tmp.db();
    const j = new PrintJournal(db);
    let storeCopy: () => void = () => undefined;
    const copied = () => new Promise<void>((resolve) => (storeCopy = resolve));
    const retention = keepReceiptsBriefly(j, { log: { info: () => undefined, warn: () => undefined, error: () => undefined }, copied });
    try {
      const id = j.add({ localRef: 'K01-5', lang: 'ar', receipt: { localRef: 'K01-5', person: { nameEn: 'Test Person' } } });
      j.markPrinting(id);
      const ack = retention.acknowledged('K01-5'); // the ministry answers while the receipt is printing
      storeCopy();
      await ack;
      expect(remaining(j)).toEqual([id]);
      j.markPrinted(id, 100);
      const gone = retention.printed('K01-5');
      await new Promise((resolve) => setImmediate(resolve));
      expect(remaining(j), 'kept until its PDF copy is stored').toEqual([id]);
      storeCopy();
      await gone;
      expect(remaining(j)).toEqual([]);
    } finally {
      retention.stop();
    }
  });

  it('stops its timer, and a purge that fails is logged, not thrown', () => {
    vi.useFakeTimers({ now: 0 });
    const { db } = tmp.db();
    const j = new PrintJournal(db);
    const errors: string[] = [];
    const retention = keepReceiptsBriefly(j, { log: { info: () => undefined, warn: () => undefined, error: (event) => errors.push(event) } });
    db.close();
    expect(() => vi.advanceTimersByTime(RECEIPT_PURGE_EVERY_MS)).not.toThrow();
    expect(errors).toEqual(['receipt-purge-failed']);
    retention.stop();
    expect(vi.getTimerCount()).toBe(0);
  });
});
