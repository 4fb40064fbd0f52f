import { CodedError } from '../../shared/coded-error';

/**
 * A setting that cannot be used, named the way the person set it (the variable, the flag or the
 * file) with the value they gave, so the fix is obvious. The kiosk refuses to start on one rather
 * than fall back to a default the operator did not choose.
 */
export class ConfigError extends CodedError<'invalid-config'> {
  override readonly name = 'ConfigError';
  constructor(
    /** The setting, as a path in KioskSettings: `devices.terminal.baudRate`. */
    readonly key: string,
    /** Where it was set: `KIOSK_TERMINAL_BAUD`, `--port`, `config/kiosk.json`, `built-in`. */
    readonly source: string,
    /** What was given, as text (undefined when the setting is missing). */
    readonly value: string | undefined,
    reason: string,
    message = value === undefined ? `${source}: ${key} ${reason}` : `${source}=${value} is not a valid ${key}: ${reason}`,
  ) {
    super('invalid-config', message);
  }

  /** Set on the command line: a usage error (kioskctl exits 2). */
  get fromCommandLine(): boolean {
    return this.source.startsWith('--');
  }
}
