import { errorCode } from '../../shared/coded-error';
import { parseArgs } from 'node:util';
import { ConfigError, loadSettings } from '../config';
import { CliError, type CommandSpec } from './command';
import { allCommands } from './registry';

function usage(commands: CommandSpec[]): string {
  const lines = commands.map((c) => `  kioskctl ${c.usage ?? c.path.join(' ')}\n      ${c.summary}`);
  return `usage:\n${lines.join('\n')}\n`;
}

/** Picks the command whose path matches the most leading words. */
function findCommand(commands: CommandSpec[], argv: string[]): CommandSpec | undefined {
  let best: CommandSpec | undefined;
  for (const c of commands) {
    if (c.path.every((word, i) => argv[i] === word) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best;
}

export async function main(argv: string[]): Promise<number> {
  const commands = allCommands();
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(usage(commands));
    return argv.length === 0 ? 2 : 0;
  }
  const command = findCommand(commands, argv);
  if (!command) {
    process.stderr.write(`kioskctl: unknown command "${argv.join(' ')}"\n${usage(commands)}`);
    return 2;
  }
  try {
    const parsed = parseArgs({
      args: argv.slice(command.path.length),
      options: command.options ?? {},
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
    return await command.run({ values: parsed.values, positionals: parsed.positionals });
  } catch (err) {
    const e = err as Error;
    const code = errorCode(err);
    if (err instanceof CliError) {
      process.stderr.write(`kioskctl ${command.path.join(' ')}: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`kioskctl ${command.path.join(' ')}: ${err.message}\n`);
      return err.fromCommandLine ? 2 : 1;
    }
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`kioskctl ${command.path.join(' ')}: ${e.message}\nusage: kioskctl ${command.usage ?? command.path.join(' ')}\n`);
      return 2;
    }
    // Typed driver/core errors carry a message meant for people; anything else is a bug.
    const expected = code !== undefined || (e.name && e.name !== 'Error' && e.name !== 'TypeError');
    process.stderr.write(`kioskctl ${command.path.join(' ')}: ${e.message}\n`);
    if (!expected || debugWanted()) process.stderr.write(`${e.stack ?? ''}\n`);
    return 1;
  }
}

/** KIOSK_DEBUG, read through the settings; a broken setting already printed its own error. */
function debugWanted(): boolean {
  try {
    return loadSettings().debug;
  } catch {
    return false;
  }
}
