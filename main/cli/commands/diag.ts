import { CliError, type CommandSpec, printJson } from '../command';
import { DATA_OPTIONS, databasePath } from '../settings';

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

export const diagCommands: CommandSpec[] = [
  {
    path: ['diag', 'audit'],
    summary: 'print the technician audit log and verify its hash chain (exit 1 naming the first entry that does not hold)',
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
        if (!values.json) process.stderr.write(`audit chain holds: ${verification.entries} entries\n`);
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
