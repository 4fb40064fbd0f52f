import { CliError, type CommandSpec, intOption, printJson, stringOption, untilSignal } from '../command';

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

const pay: CommandSpec = {
  path: ['pay'],
  summary: 'charge an amount on a ZVT terminal (exit 0 approved, 3 declined, 4 aborted, 5 unknown)',
  usage: 'pay --port PATH --amount 1.50 [--baud 9600] [--stop-bits 2] [--currency 634] [--no-register] [--json]',
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
    const port = stringOption(values, 'port', true);
    const amountText = stringOption(values, 'amount', true);
    const baudRate = intOption(values, 'baud', 9600);
    const stopBits = stopBitsOption(values);
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
    const terminal = await openZvtSerial({ path: port, baudRate, stopBits, currency, masterTimeoutMs });
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

const simTerminal: CommandSpec = {
  path: ['sim', 'terminal'],
  summary: 'run the ZVT payment-terminal simulator on a serial port or pty until Ctrl-C',
  usage: 'sim terminal --port PATH [--scenario approve|decline|decline-status|abort-by-shopper|silent] [--baud N] [--delay-ms N]',
  options: {
    port: { type: 'string' },
    scenario: { type: 'string' },
    baud: { type: 'string' },
    'stop-bits': { type: 'string' },
    'delay-ms': { type: 'string' },
    tid: { type: 'string' },
    currency: { type: 'string' },
    'decline-code': { type: 'string' },
  },
  async run({ values }) {
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

export const paymentCommands: CommandSpec[] = [pay, simTerminal];
