import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CliError, type CommandSpec, intOption, printJson, stringOption } from '../command';

/** Where the kiosk keeps its database unless told otherwise. */
export function defaultDbPath(): string {
  return join(process.env.KIOSK_DATA_DIR ?? './.kiosk-data', 'kiosk.db');
}

const STATES = ['queued', 'sending', 'delivered', 'rejected'] as const;

/**
 * Opens the queue read-only: a technician's look must not disturb the running kiosk (no
 * migrations, no recovery of in-flight entries).
 */
async function openQueue(values: Record<string, unknown>) {
  const path = resolve(stringOption(values, 'db') ?? defaultDbPath());
  if (!existsSync(path)) throw new CliError(`no kiosk database at ${path} (set --db or KIOSK_DATA_DIR)`);
  const { openKioskDb, Outbox } = await import('../../../offline-cache');
  const db = openKioskDb(path, { readonly: true });
  return { db, outbox: new Outbox(db, { recoverOnOpen: false }) };
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export const queueCommands: CommandSpec[] = [
  {
    path: ['queue', 'status'],
    summary: 'count outbox entries per state (queued, sending, delivered, rejected)',
    usage: 'queue status [--db PATH] [--json]',
    options: { db: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const { db, outbox } = await openQueue(values);
      try {
        const s = outbox.stats();
        const out = { queued: s.queued, sending: s.sending, delivered: s.delivered, rejected: s.rejected, oldestQueuedAt: iso(s.oldestQueuedAt) };
        if (values.json) printJson(out);
        else {
          process.stdout.write(`queued ${s.queued}  sending ${s.sending}  delivered ${s.delivered}  rejected ${s.rejected}\n`);
          if (out.oldestQueuedAt) process.stdout.write(`oldest waiting since ${out.oldestQueuedAt}\n`);
        }
        return 0;
      } finally {
        db.close();
      }
    },
  },
  {
    path: ['queue', 'list'],
    summary: 'list outbox entries, oldest first (no personal data)',
    usage: 'queue list [--db PATH] [--state queued|sending|delivered|rejected] [--limit N] [--json]',
    options: { db: { type: 'string' }, state: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const state = stringOption(values, 'state');
      if (state !== undefined && !(STATES as readonly string[]).includes(state)) throw new CliError(`--state must be one of ${STATES.join(', ')}`, 2);
      const limit = intOption(values, 'limit', 50);
      const { db, outbox } = await openQueue(values);
      try {
        // Payloads and person keys stay in the database: this listing may be shown or pasted anywhere.
        const rows = outbox.list({ state: state as (typeof STATES)[number] | undefined, limit }).map((e) => ({
          id: e.id,
          localRef: e.localRef,
          serviceId: e.serviceId,
          state: e.state,
          attempts: e.attempts,
          createdAt: iso(e.createdAt),
          nextAttemptAt: e.state === 'queued' ? iso(e.nextAttemptAt) : undefined,
          ministryRef: e.ministryRef,
          rejectCode: e.rejectCode,
          lastError: e.lastError,
        }));
        if (values.json) printJson(rows);
        else for (const r of rows) process.stdout.write(`${r.localRef}  ${r.state.padEnd(9)} ${r.serviceId.padEnd(24)} attempts ${r.attempts}  ${r.ministryRef ?? r.rejectCode ?? r.lastError ?? ''}\n`);
        return 0;
      } finally {
        db.close();
      }
    },
  },
];
