import { describe, expect, it } from 'vitest';
import { openKioskDb } from '../../../offline-cache/db';
import { USED_KEPT_AFTER_EXPIRY_MS, UsedWorkOrderStore } from '../../../offline-cache/work-order-used';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);

describe('the work-order codes used at this kiosk (migration 015)', () => {
  it('takes a code once, and still refuses it after the file is reopened', () => {
    const { db, path } = tmp.db();
    const store = new UsedWorkOrderStore(db);
    expect(store.claim(A, 10_000, 1_000)).toBe(true);
    expect(store.claim(A, 10_000, 2_000)).toBe(false);
    expect(store.claim(B, 10_000, 2_000)).toBe(true);
    db.close();
    const again = openKioskDb(path);
    tmp.onCleanup(() => again.close());
    const reopened = new UsedWorkOrderStore(again);
    expect(reopened.claim(A, 10_000, 3_000)).toBe(false);
    expect(reopened.claim(B, 10_000, 3_000)).toBe(false);
  });

  it('removes the rows of codes a day past their validity whenever a code is used, so the table stays small', () => {
    const { db } = tmp.db();
    const store = new UsedWorkOrderStore(db);
    const DAY = USED_KEPT_AFTER_EXPIRY_MS;
    expect(DAY).toBe(24 * 3_600_000);
    store.claim(A, 5_000, 1_000);
    store.claim(B, 9_000, 1_000);
    const rows = () => db.prepare('SELECT signature_hash AS h FROM work_order_used ORDER BY h').all();
    // Past both codes' ends, but not by a day: both rows stay, for a clock set back.
    expect(store.claim(C, DAY + 20_000, DAY + 4_999)).toBe(true);
    expect(rows()).toEqual([{ h: A }, { h: B }, { h: C }]);
    expect(store.claim(A, 5_000, DAY + 4_999)).toBe(false);
    // A day past A's end: its row goes, B's (ended later) stays.
    expect(store.claim('d'.repeat(64), DAY + 30_000, DAY + 5_000)).toBe(true);
    expect(rows()).toEqual([{ h: B }, { h: C }, { h: 'd'.repeat(64) }]);
    store.claim(A, 2 * DAY + 30_000, DAY + 9_000);
    expect(rows()).toEqual([{ h: A }, { h: C }, { h: 'd'.repeat(64) }]);
  });

  it('refuses what is not a signature hash or an expiry, and keeps nothing of it', () => {
    const { db } = tmp.db();
    const store = new UsedWorkOrderStore(db);
    expect(() => store.claim('28463400001', 10_000, 1)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => store.claim(A.toUpperCase(), 10_000, 1)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(() => store.claim(A, Number.NaN, 1)).toThrow(expect.objectContaining({ code: 'invalid-input' }));
    expect(db.prepare('SELECT count(*) AS n FROM work_order_used').get()).toEqual({ n: 0 });
  });
});
