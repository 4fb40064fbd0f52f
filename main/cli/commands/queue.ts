import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CliError, type CommandSpec, intOption, printJson, stringOption } from '../command';
import { cliSettings, DATA_OPTIONS, databasePath } from '../settings';

const STATES = ['queued', 'sending', 'delivered', 'rejected', 'expired'] as const;
type State = (typeof STATES)[number];

/**
 * Opens the queue read-only: a technician's look must not disturb the running kiosk (no
 * migrations, no recovery of in-flight entries). Payloads are not decoded, so no key is needed.
 */
async function openReader(values: Record<string, unknown>) {
  const path = databasePath(values);
  const { openKioskDb, OutboxReader, plainCodec } = await import('../../../offline-cache');
  const db = openKioskDb(path, { readonly: true });
  return { db, reader: new OutboxReader(db, plainCodec, Date.now) };
}

/**
 * Opens the queue for writing beside a possibly running kiosk: entries it has in flight stay
 * 'sending' (recoverOnOpen false); claims are transactions, so two processes never send the
 * same entry at once. The payload key is the browser host's key file next to the database.
 */
async function openWriter(values: Record<string, unknown>) {
  const path = databasePath(values);
  const { openKioskDb, Outbox, aesGcmCodec, fileKeyProvider, KEY_FILE_NAME } = await import('../../../offline-cache');
  const keyFile = resolve(stringOption(values, 'key-file') ?? join(dirname(path), KEY_FILE_NAME));
  const db = openKioskDb(path);
  const codec = existsSync(keyFile) ? aesGcmCodec(fileKeyProvider(keyFile)) : undefined;
  return { db, keyFile, hasKey: codec !== undefined, outbox: new Outbox(db, { recoverOnOpen: false, ...(codec ? { codec } : {}) }) };
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function stateOption(values: Record<string, unknown>): State | undefined {
  const state = stringOption(values, 'state');
  if (state !== undefined && !(STATES as readonly string[]).includes(state)) throw new CliError(`--state must be one of ${STATES.join(', ')}`, 2);
  return state as State | undefined;
}

export const queueCommands: CommandSpec[] = [
  {
    path: ['queue', 'status'],
    summary: 'count outbox entries per state, and paid dead letters (refund candidates)',
    usage: 'queue status [--db PATH | --data-dir DIR] [--json]',
    options: { ...DATA_OPTIONS, json: { type: 'boolean' } },
    async run({ values }) {
      const { db, reader } = await openReader(values);
      try {
        const s = reader.stats();
        const out = { queued: s.queued, sending: s.sending, delivered: s.delivered, rejected: s.rejected, expired: s.expired, paidDead: s.paidDead, oldestQueuedAt: iso(s.oldestQueuedAt) };
        if (values.json) printJson(out);
        else {
          process.stdout.write(`queued ${s.queued}  sending ${s.sending}  delivered ${s.delivered}  rejected ${s.rejected}  expired ${s.expired}\n`);
          if (s.paidDead > 0) process.stdout.write(`${s.paidDead} paid but not delivered: refund or requeue (queue list --state rejected --paid)\n`);
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
    summary: 'list outbox entries, oldest first, with their payment link (no personal data)',
    usage: 'queue list [--db PATH | --data-dir DIR] [--state queued|sending|delivered|rejected|expired] [--paid] [--limit N] [--json]',
    options: { ...DATA_OPTIONS, state: { type: 'string' }, paid: { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const state = stateOption(values);
      const limit = intOption(values, 'limit', 50);
      const { db, reader } = await openReader(values);
      try {
        // Payloads and person keys stay in the database: this listing may be shown or pasted anywhere.
        const rows = reader.records({ state, limit, ...(values.paid ? { paid: true } : {}) }).map((r) => ({
          id: r.id,
          localRef: r.localRef,
          serviceId: r.serviceId,
          state: r.state,
          attempts: r.attempts,
          createdAt: iso(r.createdAt),
          updatedAt: iso(r.updatedAt),
          nextAttemptAt: iso(r.nextAttemptAt),
          ministryRef: r.ministryRef,
          paymentRef: r.paymentRef,
          rejectCode: r.rejectCode,
          lastError: r.lastError,
          deliveredAt: iso(r.deliveredAt),
        }));
        if (values.json) printJson(rows);
        else
          for (const r of rows) {
            const paid = r.paymentRef ? ` paid ${r.paymentRef}` : '';
            process.stdout.write(`${r.localRef}  ${r.state.padEnd(9)} ${r.serviceId.padEnd(24)} attempts ${r.attempts}${paid}  ${r.ministryRef ?? r.rejectCode ?? r.lastError ?? ''}\n`);
          }
        return 0;
      } finally {
        db.close();
      }
    },
  },
  {
    path: ['queue', 'retry'],
    summary: 'make waiting entries due now; with --id, send a dead letter (rejected/expired) back to the queue',
    usage: 'queue retry [--db PATH | --data-dir DIR] [--id ID] [--json]',
    options: { ...DATA_OPTIONS, id: { type: 'string', multiple: true }, json: { type: 'boolean' } },
    async run({ values }) {
      const ids = values.id as string[] | undefined;
      const { db, outbox } = await openWriter(values);
      try {
        let changed: number;
        try {
          changed = outbox.retry(ids ? { ids } : {});
        } catch (err) {
          if ((err as { code?: string }).code === 'not-found') throw new CliError((err as Error).message);
          throw err;
        }
        if (values.json) printJson({ requeued: changed });
        else process.stdout.write(`${changed} entr${changed === 1 ? 'y' : 'ies'} due now\n`);
        return 0;
      } finally {
        db.close();
      }
    },
  },
  {
    path: ['queue', 'drain'],
    summary: 'deliver what is due to a gateway now, until nothing is due or the time is up',
    usage: 'queue drain --gateway-url URL [--db PATH | --data-dir DIR] [--key-file PATH] [--kiosk-id K01] [--timeout-ms 60000] [--json]',
    options: {
      ...DATA_OPTIONS,
      'gateway-url': { type: 'string' },
      'key-file': { type: 'string' },
      'kiosk-id': { type: 'string' },
      'timeout-ms': { type: 'string' },
      json: { type: 'boolean' },
    },
    async run({ values }) {
      const url = stringOption(values, 'gateway-url', true);
      const timeoutMs = intOption(values, 'timeout-ms', 60_000)!;
      const { db, outbox, keyFile, hasKey } = await openWriter(values);
      if (!hasKey && db.prepare(`SELECT 1 FROM outbox WHERE payload IS NOT NULL AND payload_format != 'json' LIMIT 1`).get()) {
        db.close();
        throw new CliError(`the queued payloads are encrypted and there is no key file at ${keyFile} (an Electron kiosk's key is sealed by its OS keystore: let the kiosk deliver)`);
      }
      const { OutboxDelivery } = await import('../../../offline-cache');
      const { GatewayClient, outboxSender } = await import('../../gateway');
      const client = new GatewayClient({ baseUrl: url, kioskId: cliSettings(values, { flags: { '--kiosk-id': ['kioskId', stringOption(values, 'kiosk-id')] } }).kioskId });
      const counts = { delivered: 0, rejected: 0, expired: 0, retried: 0 };
      const faults: string[] = [];
      const delivery = new OutboxDelivery(outbox, outboxSender(client), { baseDelayMs: 500, maxDelayMs: 5000, pollMs: 200 });
      delivery.on('delivered', () => counts.delivered++);
      delivery.on('rejected', () => counts.rejected++);
      delivery.on('expired', () => counts.expired++);
      delivery.on('retry', () => counts.retried++);
      delivery.on('fault', (e) => faults.push(e.message));
      const started = Date.now();
      try {
        outbox.retry();
        delivery.start();
        // Done when nothing is waiting any more, or what waits is not due before the deadline.
        for (;;) {
          await new Promise((r) => setTimeout(r, 100));
          const s = outbox.stats();
          const due = outbox.nextDueAt();
          if (s.queued + s.sending === 0 || Date.now() - started > timeoutMs) break;
          if (s.sending === 0 && due !== undefined && due > started + timeoutMs) break;
        }
      } finally {
        await delivery.stop();
      }
      const s = outbox.stats();
      db.close();
      const out = { ...counts, remaining: s.queued + s.sending, ms: Date.now() - started, faults: faults.slice(0, 5) };
      if (values.json) printJson(out);
      else process.stdout.write(`delivered ${out.delivered}  rejected ${out.rejected}  expired ${out.expired}  retries ${out.retried}  remaining ${out.remaining}\n`);
      return out.remaining === 0 && faults.length === 0 ? 0 : 1;
    },
  },
];
