import { CliError, type CommandSpec, printJson, stringOption } from '../command';
import { DATA_OPTIONS, databasePath } from '../settings';
import { diagRuntime } from './kiosk';

/**
 * Technician diagnostics from the command line (issue 11). `diag audit` reads the audit log
 * straight from the kiosk's database, read-only, so it works whether the kiosk runs or not,
 * and verifies the hash chain: exit 0 when every entry holds, 1 naming the first that does not.
 */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Asks the running kiosk's diagnostics door; a refusal is one line naming why. */
export async function askKiosk(values: Record<string, unknown>, method: 'GET' | 'POST', path: string, body?: unknown, timeoutMs = 10_000): Promise<unknown> {
  const { url, token } = diagRuntime(values);
  let res: Response;
  try {
    res = await fetch(new URL(path, url), {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new CliError('the kiosk is not answering (is it still running?)');
  }
  const answer = (await res.json().catch(() => ({}))) as { message?: string };
  if (!res.ok) throw new CliError(`the kiosk refused: ${answer.message ?? res.status}`);
  return answer;
}

interface Status {
  mode: string;
  outOfService: boolean;
  by?: string;
  reason?: string;
  technicianPresent: boolean;
  devices: Record<string, { status: string; reason?: string }>;
  /** The devices the rules in force need to offer every service: kioskNeeds and paidNeeds. */
  critical: string[];
  audit: { ok: boolean };
}

/**
 * Why the kiosk is not healthy, in one line; undefined when it is. Healthy for ops means every
 * service can be offered: the devices nobody can be served without and those a paid service
 * needs, by the rules in force (main/core/availability.ts, which a bundle may change). A kiosk
 * without its terminal is still in service with free services only, but not healthy.
 */
function unhealthy(status: Status): string | undefined {
  const failing = status.critical.filter((d) => !['online', 'busy'].includes(status.devices[d]?.status ?? 'unknown'));
  if (failing.length) return `not healthy: ${failing.map((d) => `${d} ${status.devices[d]?.status}${status.devices[d]?.reason ? ` (${status.devices[d]?.reason})` : ''}`).join(', ')}`;
  if (status.outOfService) return `out of service (by ${status.by ?? 'unknown'}: ${status.reason ?? 'no reason given'})`;
  if (!status.audit.ok) return 'the audit log does not verify (run kioskctl diag audit)';
  return undefined;
}

interface Overview {
  counts: Record<'queued' | 'sending' | 'delivered' | 'rejected' | 'expired' | 'setAside' | 'paidDead', number>;
  oldestWaitingAgeMs: number;
  deadLetters: { id: string; localRef: string; serviceId: string; state: string; attempts: number; rejectCode?: string; payment?: { id: string; state: string; amountCents: number; currency: string } }[];
  deadLettersMore: number;
  payments: { id: string; state: string; amountCents: number; currency: string; trace?: number; receiptNo?: number; localRef?: string }[];
  paymentsMore: number;
}

const money = (p: { amountCents: number; currency: string }) => `${(p.amountCents / 100).toFixed(2)} ${p.currency}`;

function printOverview(o: Overview): void {
  const c = o.counts;
  process.stdout.write(`queued ${c.queued}  sending ${c.sending}  delivered ${c.delivered}  rejected ${c.rejected}  expired ${c.expired}  set aside ${c.setAside}\n`);
  for (const d of o.deadLetters) {
    const paid = d.payment ? `  paid ${money(d.payment)} (${d.payment.state}, payment ${d.payment.id})` : '';
    process.stdout.write(`dead ${d.localRef}  ${d.state} ${d.rejectCode ?? ''}  ${d.serviceId}  attempts ${d.attempts}  id ${d.id}${paid}\n`);
  }
  if (o.deadLettersMore > 0) process.stdout.write(`… and ${o.deadLettersMore} older dead letter(s) (queue list --state rejected)\n`);
  for (const p of o.payments) process.stdout.write(`payment ${p.id}  ${p.state.padEnd(16)} ${money(p)}  trace ${p.trace ?? '-'} receipt ${p.receiptNo ?? '-'}${p.localRef ? `  for ${p.localRef}` : ''}\n`);
  if (o.paymentsMore > 0) process.stdout.write(`… and ${o.paymentsMore} more open payment(s) (pay journal)\n`);
}

/** What needs a person in the queue and money, in one line; undefined when nothing does. */
function needsAttention(o: Overview): string | undefined {
  const owed = o.payments.filter((p) => p.state === 'refund-owed').length;
  const unknown = o.payments.filter((p) => p.state === 'unknown').length;
  const parts = [
    o.counts.paidDead ? `${o.counts.paidDead} paid request(s) not delivered` : '',
    owed ? `${owed} refund(s) owed` : '',
    unknown ? `${unknown} payment(s) with an unknown outcome` : '',
  ].filter(Boolean);
  return parts.length ? `needs attention: ${parts.join(', ')}` : undefined;
}

interface Logs {
  device?: string;
  lines: { seq: number; at: number; level: string; source: string; event: string; fields: Record<string, string | number | boolean> }[];
  more: number;
  counters: Record<string, { warnings: number; errors: number }>;
  since: number;
}

const LOG_DEVICES = ['card', 'printer', 'terminal', 'gateway'];

/** Oldest first, as a log file reads; then what each source counted since start. */
function printLogs(logs: Logs): void {
  if (logs.more > 0) process.stdout.write(`… ${logs.more} older line(s) kept but not listed\n`);
  for (const l of [...logs.lines].reverse()) {
    const fields = Object.entries(l.fields).map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : String(v)}`);
    process.stdout.write(`${new Date(l.at).toISOString()}  ${l.level.padEnd(5)}  ${l.source.padEnd(8)}  ${l.event}${fields.length ? `  ${fields.join(' ')}` : ''}\n`);
  }
  const counts = Object.entries(logs.counters).map(([source, c]) => `${source} ${c.warnings} warning(s) ${c.errors} error(s)`);
  process.stdout.write(`since ${new Date(logs.since).toISOString()}: ${counts.join(', ')}\n`);
}

export const diagCommands: CommandSpec[] = [
  {
    path: ['diag', 'status'],
    summary: 'the running kiosk’s device-state model, mode and out-of-service state (exit 1 with a one-line reason unless healthy and in service)',
    usage: 'diag status [--data-dir DIR] [--json]',
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const status = (await askKiosk(values, 'GET', 'status')) as Status;
      if (values.json) printJson(status);
      else for (const [id, d] of Object.entries(status.devices)) process.stdout.write(`${id}\t${d.status}${d.reason ? `\t${d.reason}` : ''}\n`);
      const why = unhealthy(status);
      if (why) throw new CliError(why);
      return 0;
    },
  },
  {
    path: ['diag', 'selftest'],
    summary: 'run one self-test on the running kiosk’s real device, recorded in the audit log (exit 1 naming why it failed)',
    usage: 'diag selftest --device card|printer|terminal|gateway [--data-dir DIR] [--json]',
    options: { device: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const device = stringOption(values, 'device', true);
      if (!['card', 'printer', 'terminal', 'gateway'].includes(device)) throw new CliError('--device must be card, printer, terminal or gateway', 2);
      const outcome = (await askKiosk(values, 'POST', 'selftest', { device }, 90_000)) as { result: string; code?: string; details?: Record<string, unknown> };
      if (values.json) printJson(outcome);
      else process.stdout.write(`${device}: ${outcome.result}${outcome.details ? ` ${JSON.stringify(outcome.details)}` : ''}\n`);
      if (outcome.result !== 'passed') throw new CliError(`${device} self-test failed: ${outcome.code ?? 'no reason given'}`);
      return 0;
    },
  },
  {
    path: ['diag', 'out-of-service'],
    summary: 'take the running kiosk out of service (shoppers see where else to go) or put it back; recorded in the audit log',
    usage: 'diag out-of-service on|off --reason TEXT [--data-dir DIR]',
    options: { reason: { type: 'string' }, 'data-dir': { type: 'string' } },
    allowPositionals: true,
    async run({ values, positionals }) {
      const [state] = positionals;
      if (state !== 'on' && state !== 'off') throw new CliError('say `diag out-of-service on` or `diag out-of-service off`', 2);
      const reason = stringOption(values, 'reason', true);
      const status = (await askKiosk(values, 'POST', 'out-of-service', { on: state === 'on', reason })) as { outOfService: boolean };
      process.stdout.write(status.outOfService ? 'out of service\n' : 'in service\n');
      return 0;
    },
  },
  {
    path: ['diag', 'queue'],
    summary: 'the running kiosk’s outbox counts, dead letters with their payments, open payments and refunds owed (exit 1 naming what needs attention)',
    usage: 'diag queue [--data-dir DIR] [--json]',
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const overview = (await askKiosk(values, 'GET', 'queue')) as Overview;
      if (values.json) printJson(overview);
      else printOverview(overview);
      const why = needsAttention(overview);
      if (why) throw new CliError(why);
      return 0;
    },
  },
  {
    path: ['diag', 'retry'],
    summary: 'through the running kiosk: send one dead letter back to the queue (--id), or make every waiting entry due now; audited',
    usage: 'diag retry [--id ENTRY_ID] [--data-dir DIR] [--json]',
    options: { id: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const id = stringOption(values, 'id');
      const view = (await askKiosk(values, 'POST', 'retry', id ? { id } : {})) as { count?: number };
      if (values.json) printJson(view);
      else process.stdout.write(`${view.count ?? 0} entr${view.count === 1 ? 'y' : 'ies'} due now\n`);
      return 0;
    },
  },
  {
    path: ['diag', 'drain'],
    summary: 'through the running kiosk: everything waiting due now and its delivery loop woken (see diag queue for how it went); audited',
    usage: 'diag drain [--data-dir DIR] [--json]',
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const view = (await askKiosk(values, 'POST', 'drain', {})) as { count?: number };
      if (values.json) printJson(view);
      else process.stdout.write(`${view.count ?? 0} waiting entr${view.count === 1 ? 'y is' : 'ies are'} being delivered\n`);
      return 0;
    },
  },
  {
    path: ['diag', 'refunded'],
    summary: 'through the running kiosk: record that a refund owed was paid back (how, not who), audited',
    usage: 'diag refunded --id PAYMENT_ID --note TEXT [--data-dir DIR]',
    options: { id: { type: 'string' }, note: { type: 'string' }, 'data-dir': { type: 'string' } },
    async run({ values }) {
      const id = stringOption(values, 'id', true);
      const note = stringOption(values, 'note', true);
      if (note.length > 200) throw new CliError('--note is at most 200 characters (say how, not who)', 2);
      await askKiosk(values, 'POST', 'refunded', { id, note });
      process.stdout.write(`payment ${id} recorded as refunded\n`);
      return 0;
    },
  },
  {
    path: ['diag', 'logs'],
    summary: 'the running kiosk’s recent log lines (free of personal data), of one device or all, and the warnings and errors each part logged since start',
    usage: 'diag logs [--device card|printer|terminal|gateway] [--data-dir DIR] [--json]',
    options: { device: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const device = stringOption(values, 'device');
      if (device !== undefined && !LOG_DEVICES.includes(device)) throw new CliError(`--device must be ${LOG_DEVICES.join(', ')}`, 2);
      const logs = (await askKiosk(values, 'GET', device ? `logs?device=${device}` : 'logs')) as Logs;
      if (values.json) printJson(logs);
      else printLogs(logs);
      return 0;
    },
  },
  {
    path: ['diag', 'audit'],
    summary: 'print the technician audit log and verify its hash chain from the genesis or the anchor entries expired behind (exit 1 naming the first entry that does not hold)',
    usage: 'diag audit [--db PATH | --data-dir DIR] [--json]',
    options: { ...DATA_OPTIONS, json: { type: 'boolean' } },
    async run({ values }) {
      const { openKioskDb, AuditLog } = await import('../../../offline-cache');
      const db = openKioskDb(databasePath(values), { readonly: true });
      try {
        const log = new AuditLog(db);
        const verification = log.verify();
        const entries = log.entries().map((e) => ({ ...e, at: new Date(e.at).toISOString() }));
        if (values.json) printJson({ verification, entries });
        else for (const e of entries) process.stdout.write(`${e.seq}\t${e.at}\t${e.actor}\t${e.action}\t${JSON.stringify(e.detail)}\n`);
        if (!verification.ok) throw new CliError(`audit chain broken at entry ${verification.broken.seq} (${verification.broken.reason}): the log was changed after it was written`);
        const from = verification.from.seq === 0 ? 'from the genesis' : `from the anchor at entry ${verification.from.seq} (${verification.from.hash.slice(0, 16)}…), the last that expired`;
        if (!values.json) process.stderr.write(`audit chain holds: ${verification.entries} entries ${from}\n`);
        return 0;
      } finally {
        db.close();
      }
    },
  },
  {
    path: ['diag', 'pin-hash'],
    summary: 'read a technician PIN on stdin and print its scrypt hash for KIOSK_TECHNICIAN_PIN_HASH (the PIN is never an argument)',
    usage: 'diag pin-hash < pin.txt',
    async run() {
      const { hashPin, PinHashError } = await import('../../config/pin-hash');
      const pin = (await readStdin()).trim();
      try {
        process.stdout.write(`${await hashPin(pin)}\n`);
      } catch (err) {
        if (err instanceof PinHashError) throw new CliError(err.message, 2);
        throw err;
      }
      return 0;
    },
  },
];
