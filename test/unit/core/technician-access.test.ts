import { describe, expect, it } from 'vitest';
import { hashPin, pinVerifier } from '../../../main/config/pin-hash';
import { TechnicianAccess, type TechnicianPolicy } from '../../../main/core/technician-access';
import { TechnicianLockoutStore } from '../../../offline-cache';
import { useTempDir } from '../../support/temp-db';

const tmp = useTempDir();
const policy: TechnicianPolicy = { maxTries: 3, lockoutMs: 15 * 60_000, minIntervalMs: 1000 };
// A cheap cost keeps the test quick; the kiosk's default is 16384.
const cost = { N: 1024, r: 8, p: 1 };

async function door(path?: string) {
  const file = path ?? tmp.path();
  const { openKioskDb } = await import('../../../offline-cache');
  const db = openKioskDb(file);
  tmp.onCleanup(() => db.open && db.close());
  const clock = { t: 1_700_000_000_000, now: () => clock.t };
  const access = new TechnicianAccess({ store: new TechnicianLockoutStore(db), verifyPin: pinVerifier(await hashPin('246810', cost)), clock, policy });
  return { access, clock, db, file };
}

describe('TechnicianAccess', () => {
  it('lets the right PIN in and counts wrong ones down', async () => {
    const { access, clock } = await door();
    expect(access.status()).toEqual({ triesLeft: 3 });
    expect(await access.check('111111')).toEqual({ result: 'wrong', triesLeft: 2 });
    clock.t += 1000;
    expect(await access.check('246810')).toEqual({ result: 'ok' });
    expect(access.status()).toEqual({ triesLeft: 3 });
  });

  it('locks out after the last try, for the configured time, even for the right PIN', async () => {
    const { access, clock } = await door();
    for (const left of [2, 1]) {
      expect(await access.check('000000')).toEqual({ result: 'wrong', triesLeft: left });
      clock.t += 1000;
    }
    const locked = await access.check('000000');
    expect(locked).toEqual({ result: 'locked-out', until: clock.t + policy.lockoutMs });
    clock.t += policy.lockoutMs - 1;
    expect(await access.check('246810')).toMatchObject({ result: 'locked' });
    clock.t += 1;
    expect(access.status()).toEqual({ triesLeft: 3 });
    expect(await access.check('246810')).toEqual({ result: 'ok' });
  });

  it('keeps the count and the lockout across a restart (a new process on the same file)', async () => {
    const first = await door();
    await first.access.check('000000');
    first.clock.t += 1000;
    await first.access.check('000000');
    first.db.close();
    const second = await door(first.file);
    second.clock.t = first.clock.t + 1000;
    expect(second.access.status()).toEqual({ triesLeft: 1 });
    expect(await second.access.check('000000')).toMatchObject({ result: 'locked-out' });
    second.db.close();
    const third = await door(first.file);
    third.clock.t = second.clock.t + 60_000;
    expect(await third.access.check('246810')).toMatchObject({ result: 'locked' });
  });

  it('refuses a try too soon after a wrong one without counting it', async () => {
    const { access, clock } = await door();
    await access.check('000000');
    clock.t += 200;
    expect(await access.check('000001')).toEqual({ result: 'too-soon' });
    expect(access.status()).toEqual({ triesLeft: 2 });
  });

  it('checks one PIN at a time', async () => {
    const { access } = await door();
    const [a, b] = await Promise.all([access.check('246810'), access.check('246810')]);
    expect([a, b]).toEqual([{ result: 'ok' }, { result: 'too-soon' }]);
  });

  it('lets nobody in when no PIN is configured', async () => {
    const { openKioskDb } = await import('../../../offline-cache');
    const db = openKioskDb(tmp.path());
    tmp.onCleanup(() => db.close());
    const access = new TechnicianAccess({ store: new TechnicianLockoutStore(db), verifyPin: undefined, clock: { now: () => 1 }, policy });
    expect(await access.check('246810')).toEqual({ result: 'not-configured' });
  });
});
