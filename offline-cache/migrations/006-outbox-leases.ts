import type { Migration } from './types';

/**
 * Outbox step 3: who is sending an entry, and for how long that claim holds.
 *
 * Several processes deliver from the same file (the kiosk, `kioskctl queue drain`, a
 * technician's drain). An entry in 'sending' belongs to `lease_owner` until `lease_until`; the
 * owner renews the lease while its request is out. Any process may take over an entry whose
 * lease ran out, or whose owner is provably gone (same machine, its pid no longer exists), and
 * no process takes over a live owner's entry. `claimed_at` is when the current attempt started
 * (the age `queue status` shows). `set_aside_at` marks a queued entry a technician moved out of
 * its person's line, so the requests behind it can go (see offline-cache/README.md).
 *
 * Plain added columns (no table rebuild): no constraint changes, and rows written before this
 * step read as "no owner", which recovery treats as gone.
 */
export const migration006: Migration = {
  version: 6,
  name: 'outbox-leases',
  up(db) {
    db.exec(`
      ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
      ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
      ALTER TABLE outbox ADD COLUMN claimed_at INTEGER;
      ALTER TABLE outbox ADD COLUMN set_aside_at INTEGER;
      CREATE INDEX outbox_sending ON outbox (lease_until) WHERE state = 'sending';
    `);
  },
};
