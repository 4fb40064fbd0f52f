import { createHash, randomBytes } from 'node:crypto';

/**
 * Who may hold the browser host's one WebSocket: the kiosk window, and only it (issue 16,
 * finding 2). Another account on the machine can reach 127.0.0.1 and can read every process's
 * command line and, often, environment, so nothing there may open the door.
 *
 * - A **launch ticket** is handed to the window through a channel only the kiosk's user can
 *   read (a 0600 file in a 0700 folder: main/cli/commands/kiosk.ts). It works once, and not at
 *   all after `ticketTtlMs`.
 * - Using it opens a **session**, bound to that one connection: while it is open every other
 *   upgrade is refused (409), ticket or not.
 * - The connection is given a **resume token** (a `session` frame) to come back with after a drop
 *   or a reload. Each admission replaces every token given before; a live connection is given a
 *   fresh one every `rotateEveryMs`, the one before it lapsing soon after; none lives past
 *   `resumeTtlMs`. A token read from a crash dump or a swap file is worthless minutes later.
 *
 * Only SHA-256 digests of tickets and tokens are kept, compared as fixed-length digests.
 */
export interface ScreenSessionOptions {
  now?: () => number;
  /** How long an unused launch ticket stays good (default 10 minutes: a slow first Chromium start). */
  ticketTtlMs?: number;
  /** The longest a resume token is good for (default 10 minutes). */
  resumeTtlMs?: number;
  /** How often a live connection is given a fresh resume token (default half of resumeTtlMs). */
  rotateEveryMs?: number;
}

export type Admission = { ok: true } | { ok: false; status: 403 | 409; reason: 'no-credential' | 'bad-credential' | 'already-connected' };

/** A resume token that was replaced on a live connection stays good this long, for a frame still in flight. */
const ROTATION_OVERLAP_MS = 30_000;

const digest = (secret: string) => createHash('sha256').update(secret).digest('base64url');
const newSecret = () => randomBytes(32).toString('base64url');

export class ScreenSession {
  private readonly now: () => number;
  readonly ticketTtlMs: number;
  readonly resumeTtlMs: number;
  readonly rotateEveryMs: number;
  /** digest → expiry */
  private readonly tickets = new Map<string, number>();
  private readonly resumes = new Map<string, number>();
  private live = false;

  constructor(options: ScreenSessionOptions = {}) {
    this.now = options.now ?? Date.now;
    this.ticketTtlMs = options.ticketTtlMs ?? 10 * 60_000;
    this.resumeTtlMs = options.resumeTtlMs ?? 10 * 60_000;
    this.rotateEveryMs = options.rotateEveryMs ?? this.resumeTtlMs / 2;
  }

  issueTicket(): string {
    this.drop(this.tickets);
    const ticket = newSecret();
    this.tickets.set(digest(ticket), this.now() + this.ticketTtlMs);
    return ticket;
  }

  /** Decides an upgrade; on success the session is live until `ended()`. */
  admit(credential: { ticket?: string | null; resume?: string | null }): Admission {
    if (this.live) return { ok: false, status: 409, reason: 'already-connected' };
    const [store, secret] = credential.ticket ? [this.tickets, credential.ticket] : credential.resume ? [this.resumes, credential.resume] : [undefined, undefined];
    if (!store || !secret) return { ok: false, status: 403, reason: 'no-credential' };
    this.drop(store);
    if (!store.delete(digest(secret))) return { ok: false, status: 403, reason: 'bad-credential' };
    // A new holder: whatever any earlier connection was given is void.
    this.resumes.clear();
    this.live = true;
    return { ok: true };
  }

  /** A fresh resume token for the live connection; the ones before lapse shortly. */
  issueResume(): string {
    const t = this.now();
    for (const [key, expiry] of this.resumes) this.resumes.set(key, Math.min(expiry, t + ROTATION_OVERLAP_MS));
    const token = newSecret();
    this.resumes.set(digest(token), t + this.resumeTtlMs);
    return token;
  }

  /** The bound connection closed: the door opens again, for a resume token or a ticket. */
  ended(): void {
    this.live = false;
  }

  private drop(store: Map<string, number>): void {
    const t = this.now();
    for (const [key, expiry] of store) if (expiry < t) store.delete(key);
  }
}
