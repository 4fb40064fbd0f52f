import type { ParseArgsConfig } from 'node:util';

/**
 * One kioskctl sub-command. `path` is the words that select it (`['card', 'read']`), `options`
 * goes straight to node:util parseArgs. `run` returns the exit code; expected failures throw
 * CliError so the user sees one line and no stack.
 */
export interface CommandSpec {
  path: string[];
  summary: string;
  usage?: string;
  options?: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  run(args: { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] }): Promise<number>;
}

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Reads a string option, failing with a usage line when it is required and absent. */
export function stringOption(values: Record<string, unknown>, name: string, required: true): string;
export function stringOption(values: Record<string, unknown>, name: string, required?: false): string | undefined;
export function stringOption(values: Record<string, unknown>, name: string, required = false): string | undefined {
  const value = values[name];
  if (typeof value === 'string' && value.length > 0) return value;
  if (required) throw new CliError(`missing --${name}`, 2);
  return undefined;
}

export function intOption(values: Record<string, unknown>, name: string, fallback?: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw new CliError(`--${name} must be a whole number, got ${String(raw)}`, 2);
  return n;
}

/** Prints JSON the way every --json command does: one document, two-space indent. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Resolves when the process is asked to stop (Ctrl-C, SIGTERM), for long-running commands. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const done = (sig: NodeJS.Signals) => resolve(sig);
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
