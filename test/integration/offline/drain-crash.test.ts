import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../../gateway/demo-data';
import { aesGcmCodec, fileKeyProvider, KEY_FILE_NAME, openKioskDb, Outbox } from '../../../offline-cache';
import type { QueuedSubmission } from '../../../main/gateway';

/**
 * Crash test of the technician's path (issue #18): a queue of DRAIN_CRASH_N submissions (default
 * 160, from 32 people) delivered by `kioskctl queue drain` (a real child process) to an
 * independent gateway written from gateway/openapi.yaml (fixtures/flaky-gateway.mjs: 503s, TCP
 * resets before and after recording, lost acknowledgements, slow answers that leave the key "in
 * progress"), the drain killed with kill -9 at random moments DRAIN_CRASH_KILLS times (default 6),
 * then one more drain, not killed, must finish alone (taking over at once what the last killed
 * one had in flight): nothing lost, nothing twice, each person's
 * requests in order, and never one entry sent by two live processes at once. A bigger run:
 * DRAIN_CRASH_N=2000 DRAIN_CRASH_KILLS=20.
 */
const N = Number(process.env.DRAIN_CRASH_N ?? 160);
const KILLS = Number(process.env.DRAIN_CRASH_KILLS ?? 6);
const PEOPLE = Number(process.env.DRAIN_CRASH_PEOPLE ?? 32);
const KIOSKCTL = new URL('../../../bin/kioskctl.mjs', import.meta.url).pathname;
const GATEWAY = new URL('./fixtures/flaky-gateway.mjs', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'kiosk-drain-crash-'));
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface GatewayRecord {
  records: { ministryRef: string; idempotencyKey: string; localRef: string; applicant: string }[];
  fates: Record<string, number>;
  maxOverlap: number;
}

async function startGateway(options: Record<string, number>): Promise<{ url: string; record(): Promise<GatewayRecord>; stop(): void }> {
  const child = spawn(process.execPath, [GATEWAY, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`flaky gateway exited with ${code}`)));
  });
  return {
    url,
    record: async () => (await (await fetch(`${url}/_test/record`)).json()) as GatewayRecord,
    stop: () => child.kill('SIGTERM'),
  };
}

const qidOf = (person: number) => `2${String(person).padStart(10, '0')}`;

/** The queue as a kiosk left it while offline: encrypted, key file next to the database. */
function fillQueue(count: number, where = dir): Map<string, number> {
  const db = openKioskDb(join(where, 'kiosk.db'));
  const outbox = new Outbox(db, { kioskId: 'K09', codec: aesGcmCodec(fileKeyProvider(join(where, KEY_FILE_NAME))) });
  const numberOf = new Map<string, number>();
  for (let n = 0; n < count; n++) {
    const person = n % PEOPLE;
    const payload: QueuedSubmission = { serviceId: 'national-address-update', applicant: { idNumber: qidOf(person) }, payload: { n }, submittedAt: new Date().toISOString() };
    numberOf.set(outbox.enqueue({ serviceId: payload.serviceId, personKey: `person-${person}`, payload }).localRef, n);
  }
  db.close();
  return numberOf;
}

/** Entries a killed drain left in 'sending' (read-only look, as a technician's status would). */
function inFlightNow(): number {
  const db = openKioskDb(join(dir, 'kiosk.db'), { readonly: true });
  try {
    return new Outbox(db, { recoverOnOpen: false }).inFlight().length;
  } finally {
    db.close();
  }
}

interface DrainRun {
  killed: boolean;
  code: number | null;
  out?: { delivered: number; remaining: number; takenOver: number; faults: string[] };
}

/** One `kioskctl queue drain`; SIGKILL after `killAfterMs` if it is still running then. */
/**
 * `kill` is a delay in ms, or `'in-flight'`: the moment the drain holds entries in flight (the kill
 * that must leave work behind; on a slow machine every timed kill may land while kioskctl starts).
 */
function drain(url: string, kill?: number | 'in-flight', where = dir, requestTimeoutMs = 800): Promise<DrainRun> {
  const args = [KIOSKCTL, 'queue', 'drain', '--db', join(where, 'kiosk.db'), '--gateway-url', url, '--kiosk-id', 'K09', '--timeout-ms', '90000', '--request-timeout-ms', String(requestTimeoutMs), '--json'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  const timer =
    kill === undefined
      ? undefined
      : kill === 'in-flight'
        ? setInterval(() => inFlightNow() > 0 && child.kill('SIGKILL'), 10)
        : setTimeout(() => child.kill('SIGKILL'), kill);
  return new Promise((resolve) =>
    child.once('close', (code, signal) => {
      clearInterval(timer);
      children.delete(child);
      resolve({ killed: signal === 'SIGKILL', code, ...(stdout.trim() && signal === null ? { out: JSON.parse(stdout) as DrainRun['out'] } : {}) });
    }),
  );
}

describe('crash test: kill -9 of kioskctl queue drain against a gateway that loses acknowledgements', () => {
  it(`${N} queued submissions: after ${KILLS} kills, one drain alone delivers the rest; 0 lost, 0 twice, per-person order kept`, { timeout: 300_000 }, async () => {
    const numberOf = fillQueue(N);
    const gw = await startGateway({ seed: 18, unavailable: 0.2, resetBefore: 0.1, lostAck: 0.2, slow: 0.1, slowMinMs: 200, slowMaxMs: 2000 });
    const random = seededRandom(1818);
    let kills = 0;
    let runs = 0;
    let leftSending = 0;
    let leftByLastKill = 0;
    // Kill points spread over a drain's life: while kioskctl starts, mid-claim, mid-send, mid-record.
    // The last kill is one that left entries in flight, so the last drain must take them over.
    while (kills < KILLS || (leftByLastKill === 0 && kills < KILLS + 10)) {
      const run = await drain(gw.url, kills < KILLS ? 300 + Math.floor(random() * 2200) : 'in-flight');
      runs += 1;
      if (!run.killed) break; // finished before its kill: nothing left to kill
      kills += 1;
      leftByLastKill = inFlightNow();
      leftSending += leftByLastKill;
    }
    const before = (await gw.record()).records.length;
    const lastStarted = Date.now();
    const last = await drain(gw.url);
    const lastMs = Date.now() - lastStarted;
    runs += 1;
    const { records, fates, maxOverlap } = await gw.record();
    gw.stop();

    // The last drain alone finished the job.
    expect(last.killed).toBe(false);
    expect(last.out).toMatchObject({ remaining: 0, faults: [] });
    // What the killed drain had in flight was taken over at once (its pid is gone), not after its
    // 30 s lease: the last run started well within it.
    expect(leftByLastKill).toBeGreaterThan(0);
    expect(last.out!.takenOver).toBe(leftByLastKill);
    expect(last.code).toBe(0);
    // Nothing twice: not a local reference, not an idempotency key.
    const byRef = new Map<string, number>();
    for (const r of records) byRef.set(r.localRef, (byRef.get(r.localRef) ?? 0) + 1);
    const duplicates = [...byRef].filter(([, n]) => n > 1);
    expect(duplicates).toEqual([]);
    expect(new Set(records.map((r) => r.idempotencyKey)).size).toBe(records.length);
    // Nothing lost: every queued submission is at the gateway.
    const lost = [...numberOf.keys()].filter((ref) => !byRef.has(ref));
    expect(lost).toEqual([]);
    expect(records).toHaveLength(N);
    // Per person, the gateway received requests in the order they were queued.
    const lastOf = new Map<string, number>();
    for (const r of records) {
      const n = numberOf.get(r.localRef)!;
      expect(n, `${r.localRef} after #${lastOf.get(r.applicant)} of ${r.applicant}`).toBeGreaterThan(lastOf.get(r.applicant) ?? -1);
      lastOf.set(r.applicant, n);
    }
    // Never one entry from two live senders at once.
    expect(maxOverlap).toBe(1);
    // The kiosk's own record agrees: all delivered with the gateway's reference, payloads purged.
    const db = openKioskDb(join(dir, 'kiosk.db'), { readonly: true });
    const local = new Outbox(db, { recoverOnOpen: false }).records();
    db.close();
    const refOf = new Map(records.map((r) => [r.localRef, r.ministryRef]));
    expect(local.filter((e) => e.state !== 'delivered' || e.ministryRef !== refOf.get(e.localRef) || e.purgedAt === undefined)).toEqual([]);
    // The faults were real, and the kills landed mid-work.
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(before).toBeLessThan(N);
    expect(leftSending).toBeGreaterThan(0);
    expect(fates.lostAck).toBeGreaterThan(0);
    expect(fates.resetBefore).toBeGreaterThan(0);
    console.log(
      `drain crash test: ${N} queued, ${runs} kioskctl runs, ${kills} kill -9, ${before} at the gateway before the last run; ` +
        `${leftSending} left in sending by the kills; the last run took ${(lastMs / 1000).toFixed(1)} s; ` +
        `${records.length} delivered, ${lost.length} lost, ${duplicates.length} duplicates; ` +
        `gateway fates ${JSON.stringify(fates)}`,
    );
  });

  it('three drains at once share the queue: each entry sent by one live process at a time, delivered once, in order', { timeout: 120_000 }, async () => {
    const where = join(dir, 'concurrent');
    const count = 120;
    const numberOf = fillQueue(count, where);
    // No client timeouts (answers come within 600 ms, the drains wait 5 s) and no kills: any overlap
    // the gateway sees on one key would be two live senders.
    const gw = await startGateway({ seed: 7, unavailable: 0.2, resetBefore: 0.05, lostAck: 0.1, slow: 0.3, slowMinMs: 100, slowMaxMs: 600 });
    const runs = await Promise.all([0, 1, 2].map(() => drain(gw.url, undefined, where, 5000)));
    const { records, maxOverlap } = await gw.record();
    gw.stop();
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(maxOverlap).toBe(1);
    expect(records).toHaveLength(count);
    expect(new Set(records.map((r) => r.localRef)).size).toBe(count);
    // The work was shared, not done by one while the others waited.
    expect(runs.filter((r) => (r.out?.delivered ?? 0) > 0).length).toBeGreaterThan(1);
    expect(runs.reduce((n, r) => n + (r.out?.delivered ?? 0), 0)).toBe(count);
    const lastOf = new Map<string, number>();
    for (const r of records) {
      const n = numberOf.get(r.localRef)!;
      expect(n).toBeGreaterThan(lastOf.get(r.applicant) ?? -1);
      lastOf.set(r.applicant, n);
    }
  });
});
