import { describe, expect, it } from 'vitest';
import { openKioskDb, Outbox, OutboxDelivery, type ReleasedEntry, type SendFn } from '../../../offline-cache';
import { goneSenderId } from '../../support/senders';
import { useTempDir } from '../../support/temp-db';
import { errorCode } from '../../../shared/coded-error';

/** The delivery loop and leases: renewal while a slow send is out, takeover, stuck lines. */
const tmp = useTempDir();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function setup(send: SendFn, opts: { leaseMs?: number; sender?: string; stuck?: { attempts: number; afterMs: number } } = {}) {
  const file = tmp.path();
  const db = openKioskDb(file);
  const outbox = new Outbox(db, { leaseMs: opts.leaseMs ?? 30_000, ...(opts.sender && { sender: opts.sender }) });
  const delivery = new OutboxDelivery(outbox, send, { baseDelayMs: 10, maxDelayMs: 40, random: () => 0.5, pollMs: 20, ...(opts.stuck && { stuck: opts.stuck }) });
  tmp.onCleanup(() => db.close());
  tmp.onCleanup(() => void delivery.stop());
  return { file, db, outbox, delivery };
}

/** Another process's view of the same file: its own connection and sender id. */
function otherProcess(file: string, now: () => number = Date.now) {
  const db = openKioskDb(file);
  tmp.onCleanup(() => db.close());
  return new Outbox(db, { now, leaseMs: 300, recoverOnOpen: false });
}

describe('OutboxDelivery and leases', () => {
  it('renews the lease while a slow send is out, so no other process takes the entry over', async () => {
    let release!: () => void;
    const answered = new Promise<void>((r) => (release = r));
    const { file, outbox, delivery } = setup(async () => {
      await answered;
      return { kind: 'delivered', ministryRef: 'MOI-1' };
    }, { leaseMs: 300 });
    const e = outbox.enqueue({ serviceId: 's', personKey: 'p', payload: {} });
    delivery.start();
    while (outbox.get(e.id)!.state !== 'sending') await sleep(10);
    const firstLease = outbox.get(e.id)!.leaseUntil!;
    await sleep(900); // three leases long
    const other = otherProcess(file);
    expect(other.releaseLost()).toEqual([]);
    expect(outbox.get(e.id)!.leaseUntil!).toBeGreaterThan(firstLease + 400);
    const delivered = new Promise((r) => delivery.once('delivered', r));
    release();
    await delivered;
    expect(outbox.get(e.id)).toMatchObject({ state: 'delivered', attempts: 1 });
  });

  it('aborts a send whose lease another process took over (this one had stalled), and leaves the entry to it', async () => {
    const signals: AbortSignal[] = [];
    const { file, outbox, delivery } = setup(
      (_e, signal) =>
        new Promise((_resolve, reject) => {
          signals.push(signal!);
          signal!.addEventListener('abort', () => reject(signal!.reason as Error));
        }),
      { leaseMs: 300 },
    );
    const retries: string[] = [];
    delivery.on('retry', (entry) => retries.push(entry.id));
    const e = outbox.enqueue({ serviceId: 's', personKey: 'p', payload: {} });
    delivery.start();
    while (signals.length === 0) await sleep(10);
    // The other process sees the lease as run out (its clock is ahead) and takes the entry.
    const other = otherProcess(file, () => Date.now() + 10_000);
    expect(other.releaseLost().map((r) => r.id)).toEqual([e.id]);
    expect(other.claimDue(undefined, 10).map((x) => x.id)).toEqual([e.id]);
    while (!signals[0]!.aborted) await sleep(10);
    expect(errorCode(signals[0]!.reason)).toBe('lease-lost');
    await sleep(50);
    expect(retries).toEqual([]); // its own late result was not recorded
    expect(outbox.get(e.id)).toMatchObject({ state: 'sending', leaseOwner: other.sender, attempts: 2 });
  });

  it("takes over at once what a killed process was sending, and says so ('recovered')", async () => {
    const dead = goneSenderId('kioskctl-drain');
    const { file, db } = setup(async () => ({ kind: 'delivered', ministryRef: 'MOI-1' }), { sender: dead });
    const killed = new Outbox(db, { sender: dead, recoverOnOpen: false });
    const e = killed.enqueue({ serviceId: 's', personKey: 'p', payload: {} });
    killed.claimDue(Date.now(), 10);
    const kioskDb = openKioskDb(file);
    tmp.onCleanup(() => kioskDb.close());
    const kiosk = new Outbox(kioskDb, { recoverOnOpen: false });
    const delivery = new OutboxDelivery(kiosk, async () => ({ kind: 'delivered', ministryRef: 'MOI-1' }), { baseDelayMs: 10, maxDelayMs: 40, pollMs: 20 });
    tmp.onCleanup(() => void delivery.stop());
    const recovered = new Promise<ReleasedEntry[]>((r) => delivery.once('recovered', r));
    const delivered = new Promise((r) => delivery.once('delivered', r));
    delivery.start();
    expect(await recovered).toEqual([{ id: e.id, localRef: e.localRef, sender: expect.stringMatching(/^kioskctl-drain pid \d+ on /) }]);
    await delivered;
    expect(kiosk.get(e.id)).toMatchObject({ state: 'delivered', attempts: 2 });
  });

  it("reports a person's first entry as stuck once, while others get through, and keeps its line in order", async () => {
    const sent: string[] = [];
    const { outbox, delivery } = setup(
      async (e) => {
        sent.push(e.id);
        return e.personKey === 'p1' && (e.payload as { n: number }).n === 1 ? { kind: 'retry', reason: 'bad-response' } : { kind: 'delivered', ministryRef: `MOI-${e.localRef}` };
      },
      { stuck: { attempts: 3, afterMs: 0 } },
    );
    const head = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: { n: 1 } });
    const behind = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: { n: 2 } });
    const stuck: string[] = [];
    delivery.on('stuck', (entry) => stuck.push(entry.id));
    delivery.start();
    // Other shoppers keep coming, and their requests get through.
    const others: string[] = [];
    for (let i = 0; outbox.get(head.id)!.attempts < 8; i++) {
      others.push(outbox.enqueue({ serviceId: 's', personKey: `p${i + 2}`, payload: { n: 1 } }).id);
      delivery.kick();
      await sleep(15);
    }
    expect(stuck).toEqual([head.id]);
    expect(others.filter((id) => outbox.get(id)!.state === 'delivered').length).toBeGreaterThan(3);
    expect(sent).not.toContain(behind.id); // order kept: held, and reported
  });

  it('does not call an outage stuck: nothing got through to anyone', async () => {
    const { outbox, delivery } = setup(async () => ({ kind: 'retry', reason: 'unreachable' }), { stuck: { attempts: 2, afterMs: 0 } });
    const stuck: string[] = [];
    delivery.on('stuck', (entry) => stuck.push(entry.id));
    const e = outbox.enqueue({ serviceId: 's', personKey: 'p1', payload: {} });
    delivery.start();
    while (outbox.get(e.id)!.attempts < 5) await sleep(10);
    expect(stuck).toEqual([]);
  });
});
