import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, type CommandSpec, intOption, printJson, stringOption } from '../command';

/**
 * Ops' side of the technician's work-order code (main/config/work-order.ts): make an ops key
 * pair, and mint a code for one kiosk (and one technician card) with it. Runs on ops' machine,
 * not on a kiosk: the private key never goes to one; the kiosk's configuration names only the
 * public key and its id.
 */
async function workOrderModule() {
  return import('../../config/work-order');
}

export const diagWorkOrderCommands: CommandSpec[] = [
  {
    path: ['diag', 'work-order', 'keygen'],
    summary: 'make an ops Ed25519 key for work-order codes: the private key in DIR (0600), and the settings a signed bundle gives the kiosks (technician.workOrder)',
    usage: 'diag work-order keygen --out DIR',
    options: { out: { type: 'string' } },
    async run({ values }) {
      const { rawPublicKey, workOrderKeyId } = await workOrderModule();
      const dir = stringOption(values, 'out', true);
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const hex = rawPublicKey(publicKey);
      const id = workOrderKeyId(hex);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, `work-order-${id}.pem`);
      if (existsSync(file)) throw new CliError(`${file} exists; keys are never overwritten`);
      writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
      process.stderr.write(`private key: ${file} (keep it with ops; it never goes to a kiosk)\n`);
      printJson({ technician: { workOrder: { required: true, keys: [{ id, publicKey: hex }] } } });
      return 0;
    },
  },
  {
    path: ['diag', 'work-order', 'mint'],
    summary: 'mint a work-order code for one kiosk (and, with --card, one technician card), valid for --minutes from --at (now)',
    usage: 'diag work-order mint --key FILE.pem --kiosk ID --order N [--card ID_NUMBER] [--minutes 120] [--at ISO_TIME] [--json]',
    options: { key: { type: 'string' }, kiosk: { type: 'string' }, order: { type: 'string' }, card: { type: 'string' }, minutes: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const { mintWorkOrder, WorkOrderError } = await workOrderModule();
      const { KIOSK_ID_PATTERN } = await import('../../../gateway/schemas');
      const kioskId = stringOption(values, 'kiosk', true);
      if (!KIOSK_ID_PATTERN.test(kioskId)) throw new CliError('--kiosk is a kiosk id: 1 to 12 capital letters or digits', 2);
      const card = stringOption(values, 'card');
      if (card !== undefined && !/^\d{6,20}$/.test(card)) throw new CliError('--card is the technician card’s id number (digits)', 2);
      const at = stringOption(values, 'at');
      const issuedAt = at ? new Date(at) : new Date();
      if (Number.isNaN(issuedAt.getTime())) throw new CliError('--at is an ISO time, e.g. 2026-12-06T20:00:00Z', 2);
      const minutes = intOption(values, 'minutes', 120)!;
      const order = intOption(values, 'order')!;
      if (order === undefined) throw new CliError('missing --order', 2);
      let pem: string;
      try {
        pem = readFileSync(stringOption(values, 'key', true), 'utf8');
      } catch (err) {
        throw new CliError(`cannot read --key: ${(err as Error).message}`, 2);
      }
      let code: string;
      try {
        code = mintWorkOrder(pem, { kioskId, ...(card ? { cardId: card } : {}), order, issuedAt, minutes });
      } catch (err) {
        if (err instanceof WorkOrderError) throw new CliError(err.message, 2);
        throw new CliError(`--key is not an Ed25519 private key: ${(err as Error).message}`, 2);
      }
      const until = new Date(Math.floor(issuedAt.getTime() / 60_000) * 60_000 + minutes * 60_000).toISOString();
      if (values.json) printJson({ code, kioskId, order, cardBound: card !== undefined, validUntil: until });
      else {
        process.stdout.write(`${code}\n`);
        process.stderr.write(`work order ${order} for kiosk ${kioskId}${card ? ' and that card' : ''}, valid until ${until}\n`);
      }
      return 0;
    },
  },
];
