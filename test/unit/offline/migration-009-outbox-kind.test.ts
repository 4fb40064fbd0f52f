import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from '../../../offline-cache';
import { migration009 } from '../../../offline-cache/migrations/009-outbox-kind';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const before009 = MIGRATIONS.filter((m) => m.version < 9);

function insert(db: Database.Database, id: string, kind?: string) {
  const columns = kind ? ', kind' : '';
  const values = kind ? ', ?' : '';
  db.prepare(`INSERT INTO outbox (id, service_id, person_key, payload, payload_format, local_ref, idempotency_key,
    state, next_attempt_at, created_at, updated_at${columns}) VALUES (?, 's', 'p', X'7B7D', 'json', ?, ?, 'queued', 0, 10, 20${values})`).run(id, `K01-20260101-00000${id}`, `key-${id}`, ...(kind ? [kind] : []));
}

describe('migration 009: the outbox entry kind', () => {
  it('makes every existing entry a submission and keeps it', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    migrate(db, before009);
    insert(db, '1');
    expect(migrate(db, [...before009, migration009])).toBe(9);
    expect(db.prepare('SELECT id, kind, idempotency_key FROM outbox').all()).toEqual([{ id: '1', kind: 'submission', idempotency_key: 'key-1' }]);
  });

  it('takes a config report and refuses a kind it does not know', () => {
    const db = new Database(tmp.path());
    tmp.onCleanup(() => db.close());
    migrate(db, [...before009, migration009]);
    insert(db, '1', 'config-report');
    expect(() => insert(db, '2', 'postcard')).toThrow(/CHECK constraint failed/);
    expect(db.prepare('SELECT kind FROM outbox').all()).toEqual([{ kind: 'config-report' }]);
  });
});
