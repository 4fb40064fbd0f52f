import type { ZvtPaymentTerminal } from '../../../drivers/payment';
import { CliError, type CommandSpec, intOption, printJson, stringOption, untilSignal } from '../command';
import { cliSettings, DATA_OPTIONS, databasePath } from '../settings';

/** Exit codes of `kioskctl pay`, so scripts can branch without parsing output. */
const EXIT = { approved: 0, declined: 3, aborted: 4, unknown: 5 } as const;

function byteOption(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = typeof raw === 'string' && /^(0x[0-9a-f]{1,2}|\d{1,3})$/i.test(raw) ? Number(raw) : NaN;
  if (!(n >= 0 && n <= 255)) throw new CliError(`--${name} must be a byte (0-255 or 0x00-0xFF), got ${String(raw)}`, 2);
  return n;
}

function stopBitsOption(values: Record<string, unknown>): 1 | 2 {
  const n = intOption(values, 'stop-bits', 2);
  if (n !== 1 && n !== 2) throw new CliError('--stop-bits must be 1 or 2', 2);
  return n;
}

/**
 * The terminal's link: --port, --baud and --stop-bits over the kiosk's own settings
 * (KIOSK_TERMINAL_PORT, _BAUD, _STOP_BITS, config/kiosk.json), so a technician at the kiosk
 * talks to the terminal the kiosk uses without retyping it.
 */
function terminalLink(values: Record<string, unknown>): { path: string; baudRate: number; stopBits: 1 | 2 } {
  const { terminal } = cliSettings(values, {
    flags: {
      '--port': ['devices.terminal.path', stringOption(values, 'port')],
      '--baud': ['devices.terminal.baudRate', stringOption(values, 'baud')],
      '--stop-bits': ['devices.terminal.stopBits', stringOption(values, 'stop-bits')],
    },
  }).devices;
  if (!terminal.path) throw new CliError('missing --port (or set KIOSK_TERMINAL_PORT)', 2);
  return { path: terminal.path, baudRate: terminal.baudRate, stopBits: terminal.stopBits };
}

const pay: CommandSpec = {
  path: ['pay'],
  summary: 'charge an amount on a ZVT terminal (exit 0 approved, 3 declined, 4 aborted, 5 unknown)',
  usage: 'pay [--port PATH] --amount 1.50 [--baud 9600] [--stop-bits 2] [--currency 634] [--no-register] [--json]',
  options: {
    port: { type: 'string' },
    amount: { type: 'string' },
    baud: { type: 'string' },
    'stop-bits': { type: 'string' },
    currency: { type: 'string' },
    'no-register': { type: 'boolean' },
    'timeout-ms': { type: 'string' },
    json: { type: 'boolean' },
  },
  async run({ values }) {
    const link = terminalLink(values);
    const amountText = stringOption(values, 'amount', true);
    const currency = intOption(values, 'currency', 634);
    const masterTimeoutMs = intOption(values, 'timeout-ms', 180_000);
    const json = values.json === true;
    const { openZvtSerial, parseAmount, formatAmount, ZvtError } = await import('../../../drivers/payment');
    let amountCents: number;
    try {
      amountCents = parseAmount(amountText);
    } catch (err) {
      throw new CliError(err instanceof ZvtError ? err.message : String(err), 2);
    }
    const terminal = await openZvtSerial({ ...link, currency, masterTimeoutMs });
    const ctl = new AbortController();
    const onSigint = () => {
      process.stderr.write('cancelling payment…\n');
      ctl.abort();
    };
    process.once('SIGINT', onSigint);
    try {
      if (values['no-register'] !== true) await terminal.register();
      const result = await terminal.sale(amountCents, {
        signal: ctl.signal,
        onProgress: (p) => {
          if (!json) process.stderr.write(`terminal: ${p.prompt}${p.text ? ` (${p.text})` : ''}\n`);
        },
      });
      if (json) printJson(result);
      else if (result.result === 'approved') {
        const card = [result.cardName, result.panMasked].filter(Boolean).join(' ');
        process.stdout.write(`approved ${formatAmount(result.amountCents)} trace ${result.trace ?? '?'} receipt ${result.receiptNo ?? '?'}${card ? ` ${card}` : ''}\n`);
      } else if (result.result === 'declined') process.stdout.write(`declined: ${result.reason} (0x${result.code.toString(16)})\n`);
      else if (result.result === 'aborted') process.stdout.write('aborted\n');
      else process.stdout.write(`UNKNOWN outcome: ${result.reason}; recover it on the terminal before charging again\n`);
      return EXIT[result.result];
    } finally {
      process.off('SIGINT', onSigint);
      await terminal.close().catch(() => undefined);
    }
  },
};

const LINK_OPTIONS = {
  port: { type: 'string' },
  baud: { type: 'string' },
  'stop-bits': { type: 'string' },
  currency: { type: 'string' },
  'no-register': { type: 'boolean' },
  'timeout-ms': { type: 'string' },
  json: { type: 'boolean' },
} as const;
const LINK_USAGE = '[--port PATH] [--baud 9600] [--stop-bits 2] [--no-register] [--json]';

/** Opens and (unless --no-register) registers the terminal, runs `fn`, always closes the port. */
async function withTerminal<T>(values: Record<string, unknown>, fn: (t: ZvtPaymentTerminal) => Promise<T>): Promise<T> {
  const { openZvtSerial } = await import('../../../drivers/payment');
  const terminal = await openZvtSerial({
    ...terminalLink(values),
    currency: intOption(values, 'currency', 634),
    masterTimeoutMs: intOption(values, 'timeout-ms', 180_000),
  });
  try {
    if (values['no-register'] !== true) await terminal.register();
    return await fn(terminal);
  } finally {
    await terminal.close().catch(() => undefined);
  }
}

function show(values: Record<string, unknown>, result: unknown, line: string): void {
  if (values.json === true) printJson(result);
  else process.stdout.write(`${line}\n`);
}

const payAbort: CommandSpec = {
  path: ['pay', 'abort'],
  summary: 'ask the terminal to cancel whatever it is doing (06 B0)',
  usage: `pay abort ${LINK_USAGE}`,
  options: LINK_OPTIONS,
  async run({ values }) {
    await withTerminal({ ...values, 'no-register': true }, (t) => t.abort());
    show(values, { ok: true }, 'abort sent');
    return 0;
  },
};

const payStatus: CommandSpec = {
  path: ['pay', 'status'],
  summary: 'terminal status (05 01) and its last transaction (06 20); exit 0 when ready',
  usage: `pay status ${LINK_USAGE}`,
  options: LINK_OPTIONS,
  async run({ values }) {
    const result = await withTerminal(values, async (t) => ({ status: await t.status(), last: await t.lastTransaction() }));
    const last = result.last.found ? `last: ${result.last.kind} trace ${result.last.trace ?? '?'} receipt ${result.last.receiptNo ?? '?'} result 0x${result.last.resultCode.toString(16)}` : 'last: none';
    show(values, result, `terminal ${result.status.text}${result.status.softwareVersion ? ` (${result.status.softwareVersion})` : ''}; ${last}`);
    return result.status.ready ? 0 : 1;
  },
};

const payEndOfDay: CommandSpec = {
  path: ['pay', 'end-of-day'],
  summary: 'close the day\'s batch on the terminal (06 50); after it no reversal of today is possible',
  usage: `pay end-of-day ${LINK_USAGE}`,
  options: LINK_OPTIONS,
  async run({ values }) {
    const { formatAmount } = await import('../../../drivers/payment');
    const r = await withTerminal(values, (t) => t.endOfDay());
    show(values, r, r.ok ? `end of day done${r.totalCents !== undefined ? `, total ${formatAmount(r.totalCents)}` : ''}` : `end of day refused: ${r.reason ?? '?'}`);
    return r.ok ? 0 : 1;
  },
};

const payDiagnosis: CommandSpec = {
  path: ['pay', 'diagnosis'],
  summary: 'terminal self-test and host connection check (06 70)',
  usage: `pay diagnosis ${LINK_USAGE}`,
  options: LINK_OPTIONS,
  async run({ values }) {
    const r = await withTerminal(values, (t) => t.diagnosis());
    show(values, r, r.ok ? 'diagnosis ok' : `diagnosis failed: ${r.reason ?? '?'}`);
    return r.ok ? 0 : 1;
  },
};

const payReverse: CommandSpec = {
  path: ['pay', 'reverse'],
  summary: 'reverse today\'s transaction with this receipt number (06 30)',
  usage: `pay reverse --receipt N ${LINK_USAGE}`,
  options: { ...LINK_OPTIONS, receipt: { type: 'string' } },
  async run({ values }) {
    const receiptNo = intOption(values, 'receipt');
    if (receiptNo === undefined) throw new CliError('missing --receipt', 2);
    const r = await withTerminal(values, (t) => t.reversal({ receiptNo }));
    show(values, r, r.result === 'refused' ? `reversal refused: ${r.reason}` : r.result);
    return r.result === 'reversed' || r.result === 'already-reversed' ? 0 : r.result === 'unknown' ? 5 : 1;
  },
};

const payJournal: CommandSpec = {
  path: ['pay', 'journal'],
  summary: 'the kiosk\'s payment journal: open payments (unknown, refund owed) first; no card data',
  usage: 'pay journal [--db PATH | --data-dir DIR] [--all] [--limit N] [--json]',
  options: { ...DATA_OPTIONS, all: { type: 'boolean' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  async run({ values }) {
    const path = databasePath(values);
    const { openKioskDb } = await import('../../../offline-cache/db');
    const { PaymentJournal, OPEN_STATES } = await import('../../../offline-cache/payment-journal');
    // Read-only: a technician's look must not disturb a running kiosk.
    const db = openKioskDb(path, { readonly: true });
    try {
      const journal = new PaymentJournal(db);
      const entries = journal.list({ ...(values.all !== true && { states: OPEN_STATES }), limit: intOption(values, 'limit', 100) });
      const rows = entries.map(({ receiptLines: _lines, ...e }) => e);
      if (values.json === true) printJson({ counts: journal.counts(), entries: rows });
      else {
        for (const e of rows) process.stdout.write(`${new Date(e.createdAt).toISOString()} ${e.state.padEnd(16)} ${(e.amountCents / 100).toFixed(2)} ${e.currency} trace ${e.trace ?? '-'} receipt ${e.receiptNo ?? '-'} ${e.reason ?? ''}\n`);
        if (rows.length === 0) process.stdout.write(values.all === true ? 'no payments\n' : 'no open payments\n');
      }
      return entries.some((e) => e.state === 'refund-owed' || e.state === 'unknown') ? 1 : 0;
    } finally {
      db.close();
    }
  },
};

const simTerminal: CommandSpec = {
  path: ['sim', 'terminal'],
  summary: 'run the ZVT payment-terminal simulator on a serial port or pty until Ctrl-C',
  usage: 'sim terminal --port PATH [--scenario NAME] [--ledger FILE] [--baud N] [--delay-ms N] [--ecr-timeout-ms N] (scenarios: kioskctl sim terminal --list)',
  options: {
    port: { type: 'string' },
    scenario: { type: 'string' },
    baud: { type: 'string' },
    'stop-bits': { type: 'string' },
    'delay-ms': { type: 'string' },
    tid: { type: 'string' },
    currency: { type: 'string' },
    'decline-code': { type: 'string' },
    ledger: { type: 'string' },
    'ecr-timeout-ms': { type: 'string' },
    list: { type: 'boolean' },
  },
  async run({ values }) {
    if (values.list === true) {
      const { SCENARIO_HELP } = await import('../../../drivers/payment');
      for (const [name, help] of Object.entries(SCENARIO_HELP)) process.stdout.write(`${name.padEnd(24)}${help}\n`);
      return 0;
    }
    const port = stringOption(values, 'port', true);
    const { openSerial } = await import('../../../drivers/transport/serial');
    const { ZvtTerminalSimulator, SIM_SCENARIOS } = await import('../../../drivers/payment');
    const scenario = stringOption(values, 'scenario') ?? 'approve';
    const known: readonly string[] = SIM_SCENARIOS;
    if (!known.includes(scenario)) throw new CliError(`--scenario must be one of ${SIM_SCENARIOS.join(', ')}`, 2);
    const tid = stringOption(values, 'tid');
    if (tid !== undefined && !/^\d{8}$/.test(tid)) throw new CliError('--tid must be 8 digits', 2);
    const transport = await openSerial({ path: port, baudRate: intOption(values, 'baud', 9600)!, stopBits: stopBitsOption(values) });
    const sim = new ZvtTerminalSimulator(transport, {
      scenario: scenario as (typeof SIM_SCENARIOS)[number],
      stepDelayMs: intOption(values, 'delay-ms', 300),
      ecrTimeoutMs: intOption(values, 'ecr-timeout-ms', 5000),
      ...(stringOption(values, 'ledger') !== undefined && { ledgerPath: stringOption(values, 'ledger') }),
      currency: intOption(values, 'currency', 634),
      ...(tid !== undefined && { terminalId: tid }),
      ...(byteOption(values, 'decline-code') !== undefined && { declineCode: byteOption(values, 'decline-code') }),
    });
    sim.onEvent((e) => {
      if (e.type === 'command') process.stdout.write(`sim terminal: ${e.command}\n`);
      else if (e.type === 'sale-end') process.stdout.write(`sim terminal: sale ${e.outcome}${e.resultCode ? ` (0x${e.resultCode.toString(16)})` : ''}\n`);
      else if (e.type === 'booked') process.stdout.write(`sim terminal: booked ${e.kind} trace ${e.trace} receipt ${e.receiptNo}\n`);
      else process.stdout.write(`sim terminal: link error ${e.code}\n`);
    });
    process.stdout.write(`sim terminal: listening on ${port} (scenario ${scenario})\n`);
    const linkGone = new Promise<void>((resolve) => transport.onClose(() => resolve()));
    await Promise.race([untilSignal(), linkGone]);
    await sim.close().catch(() => undefined);
    return 0;
  },
};

const payRefunded: CommandSpec = {
  path: ['pay', 'journal', 'refunded'],
  summary: 'ops: record that a refund owed was paid back by other means (cash, transfer)',
  usage: 'pay journal refunded --id PAYMENT_ID --note TEXT [--db PATH | --data-dir DIR]',
  options: { ...DATA_OPTIONS, id: { type: 'string' }, note: { type: 'string' } },
  async run({ values }) {
    const path = databasePath(values);
    const id = stringOption(values, 'id', true);
    const note = stringOption(values, 'note', true);
    if (note.length > 200) throw new CliError('--note is at most 200 characters (say how, not who)', 2);
    const { openKioskDb } = await import('../../../offline-cache/db');
    const { PaymentJournal, JournalError } = await import('../../../offline-cache/payment-journal');
    // The kiosk's own opener: same pragmas (WAL, synchronous=FULL, busy timeout) and schema checks.
    const db = openKioskDb(path);
    try {
      new PaymentJournal(db).markRefunded(id, note);
    } catch (err) {
      if (err instanceof JournalError) throw new CliError(err.message);
      throw err;
    } finally {
      db.close();
    }
    process.stdout.write(`payment ${id} recorded as refunded\n`);
    return 0;
  },
};

export const paymentCommands: CommandSpec[] = [pay, payAbort, payStatus, payEndOfDay, payDiagnosis, payReverse, payJournal, payRefunded, simTerminal];
