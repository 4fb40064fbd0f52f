import { errorCode } from '../shared/coded-error';
import { randomBytes } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Statement } from 'better-sqlite3';
import type { KioskDatabase } from './db';

/**
 * Who is sending an outbox entry. Several processes deliver from one database file (the kiosk,
 * `kioskctl queue drain`, a technician's drain); each claims entries under a sender id and a
 * lease. A sender id names the process well enough to tell, from another process on the same
 * machine, whether it still exists:
 *
 *   <label>@<host>:<pid>/<pid namespace>/<boot>#<nonce>
 *
 * The nonce tells two senders in one process apart (tests, a restarted delivery loop).
 */

/** How long a claim holds without renewal. Senders renew every third of it while sending. */
export const DEFAULT_LEASE_MS = 30_000;

const SENDER_PATTERN = /^([a-z0-9-]{1,32})@([^@/#]*):(\d+)\/(\d*)\/([0-9a-f]*)#([0-9a-f]{8})$/;

interface SenderParts {
  label: string;
  host: string;
  pid: number;
  pidNamespace: string;
  boot: string;
}

function readOr(read: () => string): string {
  try {
    return read();
  } catch {
    return '';
  }
}

/** The pid namespace's inode: two processes compare pids only when they see the same pids. */
const PID_NAMESPACE = readOr(() => /\[(\d+)\]/.exec(readlinkSync('/proc/self/ns/pid'))?.[1] ?? '');
/** A process of an earlier boot cannot be alive, whatever pid it had. */
const BOOT = readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').replace(/[^0-9a-f]/g, '').slice(0, 12));
const HOST = readOr(() => hostname().replace(/[@/#:]/g, '_'));
/** Sender ids this process made: one with our pid but not made here is a dead predecessor's. */
const OURS = new Set<string>();

/** A fresh sender id for this process; `label` says what it is (kiosk, kioskctl-drain). */
export function newSenderId(label: string): string {
  if (!/^[a-z0-9-]{1,32}$/.test(label)) throw new RangeError('sender label must be 1-32 lower-case letters, digits or dashes');
  const id = `${label}@${HOST}:${process.pid}/${PID_NAMESPACE}/${BOOT}#${randomBytes(4).toString('hex')}`;
  OURS.add(id);
  return id;
}

function parseSender(id: string): SenderParts | undefined {
  const m = SENDER_PATTERN.exec(id);
  if (!m) return undefined;
  return { label: m[1]!, host: m[2]!, pid: Number(m[3]), pidNamespace: m[4]!, boot: m[5]! };
}

/** For people: "kioskctl-drain pid 4242 on kiosk-07". */
export function describeSender(id: string | null | undefined): string {
  if (!id) return 'unknown sender';
  const p = parseSender(id);
  return p ? `${p.label} pid ${p.pid} on ${p.host || 'unknown host'}` : id.slice(0, 80);
}

/**
 * True only when the sender provably no longer exists: same machine, same pid namespace, and
 * either another boot, no process with its pid, or our own pid under an id this process never
 * made (a predecessor's). Anything else (another machine, an id this build cannot read, a pid
 * that exists, even if reused) counts as alive: its entries wait for their lease to run out,
 * which is slower but never lets two senders send one entry.
 */
export function senderGone(id: string | null | undefined): boolean {
  if (!id) return true;
  const p = parseSender(id);
  if (!p || !p.host || p.host !== HOST || !p.pidNamespace || p.pidNamespace !== PID_NAMESPACE) return false;
  if (p.boot && BOOT && p.boot !== BOOT) return true;
  if (p.pid === process.pid) return !OURS.has(id);
  try {
    process.kill(p.pid, 0);
    return false;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(err) === 'ESRCH';
  }
}

/** An entry taken back from a sender that is gone, so another can send it. */
export interface ReleasedEntry {
  id: string;
  localRef: string;
  /** Who had it, for people (describeSender). */
  sender: string;
}

interface LeasedRow {
  id: string;
  local_ref: string;
  lease_owner: string | null;
  lease_until: number | null;
}

/** The outbox's leases for one sender: taking back entries of gone senders, renewing its own. */
export class LeaseBook {
  private readonly q: Record<'leased' | 'release' | 'renew', Statement>;

  constructor(
    private readonly db: KioskDatabase,
    private readonly sender: string,
    private readonly leaseMs: number,
  ) {
    this.q = {
      leased: db.prepare(`SELECT id, local_ref, lease_owner, lease_until FROM outbox WHERE state = 'sending'`),
      // Due at once: nobody knows whether the gone sender's request arrived, and the entry's key
      // makes sending it again safe (a replay, or "still being processed": retried later).
      release: db.prepare(`UPDATE outbox SET state = 'queued', next_attempt_at = @now, updated_at = @now,
          lease_owner = NULL, lease_until = NULL, last_error = 'sender-lost'
        WHERE id = @id AND state = 'sending'`),
      renew: db.prepare(`UPDATE outbox SET lease_until = @until WHERE state = 'sending' AND lease_owner = @sender RETURNING id`),
    };
  }

  /**
   * Puts back in the queue every 'sending' entry whose lease ran out (a live sender renews while
   * it sends) or whose sender provably no longer exists (senderGone: a killed drain's entries are
   * taken over at once, not after its lease).
   */
  releaseLost(now: number): ReleasedEntry[] {
    const run = this.db.transaction(() => {
      const verdict = new Map<string | null, boolean>();
      const gone = (owner: string | null) => {
        if (!verdict.has(owner)) verdict.set(owner, senderGone(owner));
        return verdict.get(owner)!;
      };
      const lost = (this.q.leased.all() as LeasedRow[]).filter(
        (r) => r.lease_until === null || r.lease_until <= now || (r.lease_owner !== this.sender && gone(r.lease_owner)),
      );
      for (const r of lost) this.q.release.run({ id: r.id, now });
      return lost.map((r) => ({ id: r.id, localRef: r.local_ref, sender: describeSender(r.lease_owner) }));
    });
    return run.immediate();
  }

  /** Extends every lease this sender holds; returns the ids it still holds. */
  renew(now: number): Set<string> {
    const run = this.db.transaction(() => this.q.renew.all({ sender: this.sender, until: now + this.leaseMs }) as { id: string }[]);
    return new Set(run.immediate().map((r) => r.id));
  }
}
