import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, openKioskDb, Outbox, OutboxError } from '../../../offline-cache';
import { aesGcmCodec } from '../../../offline-cache/payload-crypto';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const RAJESH = { id: 'SP-17B14A19', idNumberMasked: '356••••••71' };
const payload = { beneficiary: 'employee', beneficiaryId: RAJESH.id, fields: { years: 'y1' } };
const key = Buffer.alloc(32, 7);

function open() {
  const { db } = tmp.db();
  return { db, outbox: new Outbox(db, { codec: aesGcmCodec({ payloadKey: () => key }) }) };
}

describe('the outbox keeps for whom a submission is', () => {
  it('from enqueue, in clear, past the purge of the payload once the ministry has it', () => {
    const { db, outbox } = open();
    const made = outbox.enqueue({ serviceId: 'renew-residence-permit', personKey: 'p1', payload, beneficiary: RAJESH });
    const own = outbox.enqueue({ serviceId: 'national-address', personKey: 'p1', payload: { beneficiary: 'self', fields: {} } });
    expect(made.beneficiary).toEqual(RAJESH);
    expect(own.beneficiary).toBeUndefined();
    outbox.claimDue();
    const delivered = outbox.markDelivered(made.id, 'MOI-2026-0000001');
    expect(delivered).toMatchObject({ state: 'delivered', payload: undefined, purgedAt: expect.any(Number), beneficiary: RAJESH });
    // Without the payload key (kioskctl beside a sealed kiosk) the records still say for whom.
    expect(outbox.records().map((r) => [r.localRef, r.beneficiary])).toEqual([
      [made.localRef, RAJESH],
      [own.localRef, undefined],
    ]);
    const row = db.prepare('SELECT beneficiary, payload FROM outbox WHERE id = ?').get(made.id) as { beneficiary: string; payload: Buffer | null };
    expect(row).toEqual({ beneficiary: JSON.stringify(RAJESH), payload: null });
  });

  it('a masked number only, an opaque id only: anything else is refused, typed, and nothing is written', () => {
    const { db, outbox } = open();
    const refused = [
      { id: RAJESH.id, idNumberMasked: '35635600871' },
      { id: RAJESH.id, idNumberMasked: '35635•600871' },
      { id: RAJESH.id, idNumberMasked: 'Rajesh Kumar' },
      { id: '356 356 00871 (Rajesh)', idNumberMasked: RAJESH.idNumberMasked },
      { id: '' },
    ];
    for (const beneficiary of refused) {
      let caught: unknown;
      try {
        outbox.enqueue({ serviceId: 'renew-residence-permit', personKey: 'p1', payload, beneficiary });
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(OutboxError);
      expect(caught).toMatchObject({ code: 'invalid-input' });
    }
    expect(db.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
    // A passport shown by its last digits, and an id without a number, are fine.
    expect(outbox.enqueue({ serviceId: 'extend-visit-visa', personKey: 'p1', payload, beneficiary: { id: 'SP-2', idNumberMasked: '••••••67' } }).beneficiary).toEqual({ id: 'SP-2', idNumberMasked: '••••••67' });
    expect(outbox.enqueue({ serviceId: 'extend-visit-visa', personKey: 'p1', payload, beneficiary: { id: 'SP-3' } }).beneficiary).toEqual({ id: 'SP-3' });
  });

  it('a value the kiosk did not write reads as not known, never as someone', () => {
    const { db, outbox } = open();
    const made = outbox.enqueue({ serviceId: 'renew-residence-permit', personKey: 'p1', payload, beneficiary: RAJESH });
    db.prepare('UPDATE outbox SET beneficiary = ? WHERE id = ?').run(JSON.stringify({ id: RAJESH.id, idNumberMasked: '35635600871' }), made.id);
    expect(outbox.get(made.id)!.beneficiary).toEqual({ id: RAJESH.id });
    db.prepare('UPDATE outbox SET beneficiary = ? WHERE id = ?').run(JSON.stringify({ who: 'x' }), made.id);
    expect(outbox.get(made.id)!.beneficiary).toBeUndefined();
    // The column refuses what is not JSON, or too long to be an id and a masked number.
    expect(() => db.prepare('UPDATE outbox SET beneficiary = ? WHERE id = ?').run('Rajesh', made.id)).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE outbox SET beneficiary = ? WHERE id = ?').run(JSON.stringify({ id: 'x'.repeat(200) }), made.id)).toThrow(/CHECK/);
  });

  it('migration 13 adds the column to a database of step 12 and leaves its rows as they were', () => {
    const file = tmp.path();
    const db = new Database(file);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 12));
    db.prepare(
      `INSERT INTO outbox (id, service_id, person_key, payload, payload_format, local_ref, idempotency_key, state, attempts, next_attempt_at, created_at, updated_at)
       VALUES ('e1', 'national-address', 'p', NULL, 'plain', 'K01-20261201-000001', 'k1', 'delivered', 1, 0, 1, 2)`,
    ).run();
    db.close();
    const reopened = openKioskDb(file);
    tmp.onCleanup(() => reopened.open && reopened.close());
    expect(reopened.prepare('SELECT id, state, beneficiary FROM outbox').all()).toEqual([{ id: 'e1', state: 'delivered', beneficiary: null }]);
    expect(new Outbox(reopened).get('e1')!.beneficiary).toBeUndefined();
  });
});
