import { errorCode } from '../../../shared/coded-error';
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
 * Opens the queue for writing beside a possibly running kiosk. Entries a live process (the
 * kiosk, another drain) is sending stay its own: claims carry a sender id and a lease, so two
 * processes never send the same entry at once; entries of a sender that is gone (killed, or its
 * lease ran out) are taken over. The payload key is the browser host's key file next to the
 * database.
 */
async function openWriter(values: Record<string, unknown>, label: string) {
  const path = databasePath(values);
  const { openKioskDb, Outbox, aesGcmCodec, fileKeyProvider, KEY_FILE_NAME, newSenderId } = await import('../../../offline-cache');
  const keyFile = resolve(stringOption(values, 'key-file') ?? join(dirname(path), KEY_FILE_NAME));
  const db = openKioskDb(path);
  const codec = existsSync(keyFile) ? aesGcmCodec(fileKeyProvider(keyFile)) : undefined;
  return { db, keyFile, hasKey: codec !== undefined, outbox: new Outbox(db, { sender: newSenderId(label), ...(codec ? { codec } : {}) }) };
}

const seconds = (ms: number) => (ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`);

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

function stateOption(values: Record<string, unknown>): State | undefined {
  const state = stringOption(values, 'state');
  if (state !== undefined && !(STATES as readonly string[]).includes(state)) throw new CliError(`--state must be one of ${STATES.join(', ')}`, 2);
  return state as State | undefined;
}

export const queueCommands: CommandSpec[] = [
  {
    path: ['queue', 'status'],
    summary: 'count outbox entries per state, paid dead letters, what is being sent by whom, the oldest waiting entry and stuck people',
    usage: 'queue status [--db PATH | --data-dir DIR] [--json]',
    options: { ...DATA_OPTIONS, json: { type: 'boolean' } },
    async run({ values }) {
      const { db, reader } = await openReader(values);
      try {
        const s = reader.stats();
        const now = Date.now();
        const health = reader.health(undefined, now);
        const inFlight = reader.inFlight(now);
        const stuck = reader.stuckQueues(undefined, now);
        const out = {
          queued: s.queued,
          sending: s.sending,
          delivered: s.delivered,
          rejected: s.rejected,
          expired: s.expired,
          paidDead: s.paidDead,
          setAside: health.setAside,
          oldestQueuedAt: iso(s.oldestQueuedAt),
          oldestWaitingAgeMs: health.oldestWaitingAgeMs,
          inFlight,
          stuck,
        };
        if (values.json) printJson(out);
        else {
          process.stdout.write(`queued ${s.queued}  sending ${s.sending}  delivered ${s.delivered}  rejected ${s.rejected}  expired ${s.expired}\n`);
          if (s.paidDead > 0) process.stdout.write(`${s.paidDead} paid but not delivered: refund or requeue (queue list --state rejected --paid)\n`);
          if (out.oldestQueuedAt) process.stdout.write(`oldest waiting since ${out.oldestQueuedAt} (${seconds(health.oldestWaitingAgeMs)})\n`);
          for (const f of inFlight) {
            const lease = f.senderGone ? 'its process is gone: the next drain or kiosk start takes it over' : f.leaseLeftMs > 0 ? `lease ${seconds(f.leaseLeftMs)} left` : 'lease ran out: the next round takes it over';
            process.stdout.write(`sending ${f.localRef} for ${seconds(f.ageMs)} by ${f.sender} (attempt ${f.attempts}; ${lease})\n`);
          }
          for (const e of stuck) {
            const why = e.othersDeliveredSince > 0 ? `${e.othersDeliveredSince} other request(s) delivered meanwhile` : 'nothing else delivered meanwhile (gateway down?)';
            process.stdout.write(
              `stuck ${e.localRef} ${e.serviceId}: ${e.attempts} attempts over ${seconds(e.waitingMs)}, last error ${e.lastError ?? 'none'}; holds back ${e.holdingBack} later request(s) of the same person; ${why}\n`,
            );
          }
          if (stuck.length > 0) process.stdout.write('check a stuck request with the ministry, then `queue set-aside --id ID` lets the later ones go\n');
          if (health.setAside > 0) process.stdout.write(`${health.setAside} set aside (queue list --state queued; queue retry --id ID puts one back in line)\n`);
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
          setAsideAt: iso(r.setAsideAt),
        }));
        if (values.json) printJson(rows);
        else
          for (const r of rows) {
            const paid = r.paymentRef ? ` paid ${r.paymentRef}` : '';
            const state = r.setAsideAt ? 'set aside' : r.state;
            process.stdout.write(`${r.localRef}  ${state.padEnd(9)} ${r.serviceId.padEnd(24)} attempts ${r.attempts}${paid}  ${r.ministryRef ?? r.rejectCode ?? r.lastError ?? ''}\n`);
          }
        return 0;
      } finally {
        db.close();
      }
    },
  },
  {
    path: ['queue', 'retry'],
    summary: 'make waiting entries due now; with --id, send a dead letter (rejected/expired) or a set-aside entry back to the queue',
    usage: 'queue retry [--db PATH | --data-dir DIR] [--id ID] [--json]',
    options: { ...DATA_OPTIONS, id: { type: 'string', multiple: true }, json: { type: 'boolean' } },
    async run({ values }) {
      const ids = values.id as string[] | undefined;
      const { db, outbox } = await openWriter(values, 'kioskctl-retry');
      try {
        let changed: number;
        try {
          changed = outbox.retry(ids ? { ids } : {});
        } catch (err) {
          if (errorCode(err) === 'not-found') throw new CliError((err as Error).message);
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
    path: ['queue', 'set-aside'],
    summary: "take a stuck entry out of its person's line so their later requests can go (retry --id puts it back)",
    usage: 'queue set-aside --id ID [--db PATH | --data-dir DIR] [--json]',
    options: { ...DATA_OPTIONS, id: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const id = stringOption(values, 'id', true);
      const { db, outbox } = await openWriter(values, 'kioskctl-set-aside');
      try {
        let entry;
        try {
          entry = outbox.setAside(id);
        } catch (err) {
          const code = errorCode(err);
          if (code === 'not-found' || code === 'invalid-transition') throw new CliError((err as Error).message);
          throw err;
        }
        if (values.json) printJson({ id: entry.id, localRef: entry.localRef, setAsideAt: iso(entry.setAsideAt), paymentRef: entry.paymentRef });
        else process.stdout.write(`${entry.localRef} set aside; the same person's later requests can go now\n`);
        return 0;
      } finally {
        db.close();
      }
    },
  },
  {
    path: ['queue', 'drain'],
    summary: 'deliver what is due to a gateway now, until nothing is due or the time is up',
    usage: 'queue drain [--gateway-url URL] [--db PATH | --data-dir DIR] [--key-file PATH] [--kiosk-id K01] [--timeout-ms 60000] [--request-timeout-ms 10000] [--json]',
    options: {
      ...DATA_OPTIONS,
      'gateway-url': { type: 'string' },
      'key-file': { type: 'string' },
      'kiosk-id': { type: 'string' },
      'timeout-ms': { type: 'string' },
      'request-timeout-ms': { type: 'string' },
      json: { type: 'boolean' },
    },
    async run({ values }) {
      // The gateway and the kiosk id default to the kiosk's own settings (KIOSK_GATEWAY_URL, KIOSK_ID).
      const settings = cliSettings(values, {
        flags: { '--gateway-url': ['devices.gatewayUrl', stringOption(values, 'gateway-url')], '--kiosk-id': ['kioskId', stringOption(values, 'kiosk-id')] },
      });
      const url = settings.devices.gatewayUrl;
      if (!url) throw new CliError('missing --gateway-url (or set KIOSK_GATEWAY_URL)', 2);
      const timeoutMs = intOption(values, 'timeout-ms', 60_000)!;
      const requestTimeoutMs = intOption(values, 'request-timeout-ms', 10_000)!;
      const { db, outbox, keyFile, hasKey } = await openWriter(values, 'kioskctl-drain');
      if (!hasKey && db.prepare(`SELECT 1 FROM outbox WHERE payload IS NOT NULL AND payload_format != 'json' LIMIT 1`).get()) {
        db.close();
        throw new CliError(`the queued payloads are encrypted and there is no key file at ${keyFile} (an Electron kiosk's key is sealed by its OS keystore: let the kiosk deliver)`);
      }
      const { OutboxDelivery } = await import('../../../offline-cache');
      const { GatewayClient, outboxSender, rejectedPaymentReturns } = await import('../../gateway');
      const { gatewayTls } = await import('../../config');
      const client = new GatewayClient({ baseUrl: url, kioskId: settings.kioskId, tls: gatewayTls(settings.devices), timeoutMs: requestTimeoutMs });
      // Taken over: in flight when a sender that is gone (a killed drain or kiosk) stopped.
      const counts = { delivered: 0, rejected: 0, expired: 0, retried: 0, takenOver: outbox.recoveredOnOpen };
      const faults: string[] = [];
      const stuck: string[] = [];
      const delivery = new OutboxDelivery(outbox, outboxSender(client), { baseDelayMs: 500, maxDelayMs: 5000, pollMs: 200 });
      const payments = rejectedPaymentReturns(db);
      delivery.on('delivered', () => counts.delivered++);
      delivery.on('rejected', (entry) => {
        counts.rejected++;
        payments.link(entry);
      });
      delivery.on('expired', () => counts.expired++);
      delivery.on('retry', () => counts.retried++);
      delivery.on('recovered', (entries) => (counts.takenOver += entries.length));
      delivery.on('stuck', (entry) => stuck.push(entry.localRef));
      delivery.on('fault', (e) => faults.push(e.message));
      const started = Date.now();
      try {
        outbox.retry();
        delivery.start();
        // Done when nothing can move any more: nothing waits but set-aside entries, or what
        // waits is not due before the deadline and nothing is in flight (here or elsewhere).
        for (;;) {
          await new Promise((r) => setTimeout(r, 100));
          const h = outbox.health();
          const due = outbox.nextDueAt();
          if (h.waiting - h.setAside === 0 || Date.now() - started > timeoutMs) break;
          if (h.sending === 0 && (due === undefined || due > started + timeoutMs)) break;
        }
      } finally {
        await delivery.stop();
        await payments.settled();
      }
      const h = outbox.health();
      const inFlightElsewhere = outbox.inFlight().map((f) => `${f.localRef} by ${f.sender}`);
      db.close();
      const out = {
        ...counts,
        remaining: h.waiting,
        setAside: h.setAside,
        inFlightElsewhere: inFlightElsewhere.slice(0, 5),
        stuck: stuck.slice(0, 20),
        refundsOwed: payments.linked,
        ms: Date.now() - started,
        faults: faults.slice(0, 5),
      };
      if (values.json) printJson(out);
      else {
        process.stdout.write(`delivered ${out.delivered}  rejected ${out.rejected}  expired ${out.expired}  retries ${out.retried}  taken over ${out.takenOver}  remaining ${out.remaining}\n`);
        for (const f of out.inFlightElsewhere) process.stdout.write(`still being sent: ${f}\n`);
        if (out.stuck.length > 0) process.stdout.write(`stuck (see queue status): ${out.stuck.join(', ')}\n`);
        if (out.refundsOwed > 0) process.stdout.write(`${out.refundsOwed} paid request(s) refused: their payments are marked to be returned (pay journal)\n`);
      }
      return out.remaining === 0 && faults.length === 0 ? 0 : 1;
    },
  },
];
