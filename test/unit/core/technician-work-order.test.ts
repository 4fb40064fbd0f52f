import { createPrivateKey, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPin, pinVerifier } from '../../../main/config/pin-hash';
import { cardBinding, mintWorkOrder, rawPublicKey, verifyWorkOrder, type WorkOrderError, workOrderKeyId } from '../../../main/config/work-order';
import { TechnicianAccess, type TechnicianPolicy, type WorkOrderVerdict } from '../../../main/core/technician-access';
import { TechnicianLockoutStore, UsedWorkOrderStore } from '../../../offline-cache';
import { USED_KEPT_AFTER_EXPIRY_MS } from '../../../offline-cache/work-order-used';
import { useTempDir } from '../../support/temp-db';

/**
 * The second factor at the door: a work-order code after the right PIN, its refusals counted
 * with the wrong PINs toward one lockout (a typo in a block is not), each code good for one
 * visit, on a real SQLite file.
 */
const tmp = useTempDir();
const policy: TechnicianPolicy = { maxTries: 3, lockoutMs: 15 * 60_000, minIntervalMs: 1000 };
const opsKey = createPrivateKey({ key: Buffer.from(`302e020100300506032b657004220420${'42'.repeat(32)}`, 'hex'), format: 'der', type: 'pkcs8' });
const publicKey = rawPublicKey(createPublicKey(opsKey));
const CARD = '28463400001';
const T0 = Date.UTC(2026, 11, 6, 20, 0);

async function door(file = tmp.path()) {
  const { openKioskDb } = await import('../../../offline-cache');
  const db = openKioskDb(file);
  tmp.onCleanup(() => db.open && db.close());
  const clock = { t: T0 + 60_000, now: () => clock.t };
  // As main/app/diagnostics.ts wires it, with this test's clock.
  const verify = (code: string, cardId: string): WorkOrderVerdict => {
    try {
      const o = verifyWorkOrder(code, { kioskId: 'K01', card: cardBinding(cardId), keys: [{ id: workOrderKeyId(publicKey), publicKey }], maxMinutes: 120, now: clock.t });
      return { result: 'ok', order: o.order, keyId: o.keyId, expiresAt: o.issuedAt + o.minutes * 60_000, signatureHash: o.signatureHash };
    } catch (err) {
      const reason = (err as WorkOrderError).code.slice('work-order-'.length) as Extract<WorkOrderVerdict, { result: 'refused' }>['reason'];
      return { result: 'refused', reason, counted: reason !== 'malformed', ...((err as WorkOrderError).block ? { block: (err as WorkOrderError).block } : {}) };
    }
  };
  const access = new TechnicianAccess({ store: new TechnicianLockoutStore(db), verifyPin: pinVerifier(await hashPin('246810', { N: 1024, r: 8, p: 1 })), clock, policy, workOrder: { verify, used: new UsedWorkOrderStore(db) } });
  return { access, clock, db, file };
}

const normalised = (typed: string) => typed.replace(/ /g, '');
const code = (over: Partial<Parameters<typeof mintWorkOrder>[1]> = {}) => mintWorkOrder(opsKey, { kioskId: 'K01', cardId: CARD, order: 4711, issuedAt: new Date(T0), minutes: 60, ...over });

describe('the work-order code at the technician door', () => {
  it('lets in after the right PIN and a valid code, and only then forgets the wrong tries', async () => {
    const { access, clock } = await door();
    expect(access.workOrderRequired).toBe(true);
    expect(await access.check('000000')).toEqual({ result: 'wrong', triesLeft: 2 });
    clock.t += 1000;
    expect(await access.check('246810')).toEqual({ result: 'ok' });
    // The right PIN alone gave no fresh tries.
    expect(access.status()).toEqual({ triesLeft: 2 });
    expect(access.checkWorkOrder(code(), CARD)).toEqual({ result: 'ok', order: 4711, keyId: workOrderKeyId(publicKey), expiresAt: T0 + 3_600_000 });
    expect(access.status()).toEqual({ triesLeft: 3 });
  });

  it('counts an expired code, another card’s and another kiosk’s like wrong PINs, up to the lockout', async () => {
    const { access, clock } = await door();
    expect(access.checkWorkOrder(code({ issuedAt: new Date(T0 - 3_600_000) }), CARD)).toEqual({ result: 'wrong', reason: 'expired', triesLeft: 2 });
    clock.t += 1000;
    expect(access.checkWorkOrder(code({ cardId: '28463400002' }), CARD)).toEqual({ result: 'wrong', reason: 'invalid', triesLeft: 1 });
    clock.t += 1000;
    expect(access.checkWorkOrder(code({ kioskId: 'K02' }), CARD)).toEqual({ result: 'locked-out', reason: 'other-kiosk', until: clock.t + policy.lockoutMs });
    clock.t += 1000;
    // Locked: even the right code is not looked at, nor the right PIN.
    expect(access.checkWorkOrder(code(), CARD)).toMatchObject({ result: 'locked' });
    expect(await access.check('246810')).toMatchObject({ result: 'locked' });
  });

  it('names a mistyped block without counting it, and takes no try faster than a person types', async () => {
    const { access, clock } = await door();
    const blocks = code().split(' ');
    blocks[9] = `${blocks[9]![0] === '7' ? '8' : '7'}${blocks[9]!.slice(1)}`;
    expect(access.checkWorkOrder(blocks.join(' '), CARD)).toEqual({ result: 'wrong', reason: 'malformed', triesLeft: 3, block: 10 });
    expect(access.checkWorkOrder(code({ minutes: 121 }), CARD)).toEqual({ result: 'wrong', reason: 'too-long', triesLeft: 2 });
    clock.t += 200;
    expect(access.checkWorkOrder(code(), CARD)).toEqual({ result: 'too-soon' });
    expect(access.status()).toEqual({ triesLeft: 2 });
  });

  it('takes a code once: the same code again is refused as used and counted, a new code still opens', async () => {
    const { access, clock } = await door();
    expect(access.checkWorkOrder(code(), CARD)).toMatchObject({ result: 'ok', order: 4711 });
    clock.t += 60_000;
    // Typed differently (lower case, dashes): the same signature, the same code.
    expect(access.checkWorkOrder(code().toLowerCase().replace(/ /g, '-'), CARD)).toEqual({ result: 'wrong', reason: 'used', triesLeft: 2 });
    clock.t += 1000;
    expect(access.checkWorkOrder(code(), CARD)).toEqual({ result: 'wrong', reason: 'used', triesLeft: 1 });
    clock.t += 1000;
    // Ops mint another code for the same order: it is a new signature, and opens.
    expect(access.checkWorkOrder(code({ minutes: 90 }), CARD)).toMatchObject({ result: 'ok', order: 4711 });
    expect(access.status()).toEqual({ triesLeft: 3 });
    clock.t += 1000;
    expect(access.checkWorkOrder(code(), CARD)).toEqual({ result: 'wrong', reason: 'used', triesLeft: 2 });
    clock.t += 1000;
    expect(access.checkWorkOrder(code(), CARD)).toEqual({ result: 'wrong', reason: 'used', triesLeft: 1 });
    clock.t += 1000;
    expect(access.checkWorkOrder(code(), CARD)).toEqual({ result: 'locked-out', reason: 'used', until: clock.t + policy.lockoutMs });
  });

  it('still refuses a used code after a restart (the same file reopened), keeping its hash only', async () => {
    const first = await door();
    expect(first.access.checkWorkOrder(code(), CARD)).toMatchObject({ result: 'ok' });
    first.db.close();
    const second = await door(first.file);
    second.clock.t = first.clock.t + 5 * 60_000;
    expect(second.access.checkWorkOrder(code(), CARD)).toEqual({ result: 'wrong', reason: 'used', triesLeft: 2 });
    // One row: a hash of the signature and the code's end, nothing of the card or the order.
    const rows = second.db.prepare('SELECT * FROM work_order_used').all() as Record<string, unknown>[];
    expect(rows).toEqual([{ signature_hash: expect.stringMatching(/^[0-9a-f]{64}$/), expires_at: T0 + 3_600_000 }]);
    const stored = JSON.stringify(rows);
    for (const secret of [CARD, cardBinding(CARD), normalised(code())]) expect(stored).not.toContain(secret);
  });

  it('still refuses a used code as used when the clock is set back into its validity after it expired', async () => {
    const { access, clock, db } = await door();
    expect(access.checkWorkOrder(code(), CARD)).toMatchObject({ result: 'ok' });
    // An hour past its end another code is used, which prunes: the first one's row stays.
    clock.t = T0 + 2 * 3_600_000;
    expect(access.checkWorkOrder(code(), CARD)).toEqual({ result: 'wrong', reason: 'expired', triesLeft: 2 });
    clock.t += 1000;
    expect(access.checkWorkOrder(code({ issuedAt: new Date(clock.t), order: 4712 }), CARD)).toMatchObject({ result: 'ok', order: 4712 });
    expect(db.prepare('SELECT count(*) AS n FROM work_order_used').get()).toEqual({ n: 2 });
    // The clock set back into the first code's validity: the code is valid again, but used.
    clock.t = T0 + 30 * 60_000;
    expect(access.checkWorkOrder(code(), CARD)).toEqual({ result: 'wrong', reason: 'used', triesLeft: 2 });
  });

  it('forgets a used code a day after it expired: its row goes at the next use, and the code is refused as expired', async () => {
    const { access, clock, db } = await door();
    expect(access.checkWorkOrder(code(), CARD)).toMatchObject({ result: 'ok' });
    clock.t = T0 + 3_600_000 + USED_KEPT_AFTER_EXPIRY_MS + 1000;
    expect(access.checkWorkOrder(code(), CARD)).toEqual({ result: 'wrong', reason: 'expired', triesLeft: 2 });
    clock.t += 1000;
    expect(access.checkWorkOrder(code({ issuedAt: new Date(clock.t), order: 4712 }), CARD)).toMatchObject({ result: 'ok', order: 4712 });
    expect(db.prepare('SELECT expires_at AS e FROM work_order_used').all()).toEqual([{ e: Math.floor(clock.t / 60_000) * 60_000 + 3_600_000 }]);
  });
});
