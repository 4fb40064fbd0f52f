import { describe, expect, it } from 'vitest';
import { openKioskDb } from '../../../offline-cache/db';
import { OutOfServiceStore } from '../../../offline-cache/out-of-service-store';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();

describe('the kept out of service (migration 011)', () => {
  it('is nothing on a new database, then what was saved last, across a reopen of the file', () => {
    const { db, path } = tmp.db();
    const store = new OutOfServiceStore(db);
    expect(store.read()).toBeUndefined();
    store.save({ by: 'technician', reason: 'technician', at: 1_000 });
    store.save({ by: 'kioskctl', reason: 'card reader cleaning', at: 2_000 });
    db.close();
    const again = openKioskDb(path);
    tmp.onCleanup(() => again.close());
    expect(new OutOfServiceStore(again).read()).toEqual({ by: 'kioskctl', reason: 'card reader cleaning', at: 2_000 });
    expect(again.prepare('SELECT count(*) AS n FROM out_of_service').get()).toEqual({ n: 1 });
  });

  it('clears the row when turned off, and clearing twice is harmless', () => {
    const { db } = tmp.db();
    const store = new OutOfServiceStore(db);
    store.save({ by: 'kioskctl', reason: 'maintenance', at: 5 });
    store.clear();
    store.clear();
    expect(store.read()).toBeUndefined();
  });

  it('refuses a record the kiosk could not have made, keeping the one before', () => {
    const { db } = tmp.db();
    const store = new OutOfServiceStore(db);
    store.save({ by: 'technician', reason: 'technician', at: 7 });
    expect(() => store.save({ by: 'devices' as 'technician', reason: 'printer', at: 8 })).toThrow(/CHECK constraint/);
    expect(() => store.save({ by: 'kioskctl', reason: '', at: 8 })).toThrow(/CHECK constraint/);
    expect(() => store.save({ by: 'kioskctl', reason: 'x'.repeat(201), at: 8 })).toThrow(/CHECK constraint/);
    expect(() => db.prepare(`INSERT INTO out_of_service (id, reason, set_by, set_at) VALUES (2, 'a', 'kioskctl', 1)`).run()).toThrow(/CHECK constraint/);
    expect(store.read()).toEqual({ by: 'technician', reason: 'technician', at: 7 });
  });
});
