import { CliError, type CommandSpec, printJson, stringOption } from '../command';
import { askKiosk } from './diag';

/**
 * On-site device settings through the running kiosk (issue 11): what each device runs with,
 * what the configuration gives and the technician's override; a change is checked and kept by
 * the kiosk (audited as `kioskctl`) and takes effect when that device restarts
 * (`diag restart`), without restarting the kiosk.
 */
interface SettingsView {
  settings: { key: string; inForce?: string | number; configured?: string | number; override?: { value: string | number; by: string; at: number } }[];
  pending: string[];
}

const FLAGS = { reader: 'reader', 'printer-port': 'printer-port', 'printer-baud': 'printer-baud', 'terminal-port': 'terminal-port' } as const;
const DEVICES = ['cardReader', 'printer', 'terminal'] as const;

function printSettings(view: SettingsView): void {
  for (const s of view.settings) {
    const override = s.override ? `  override ${s.override.value} (by ${s.override.by}, ${new Date(s.override.at).toISOString()})` : '';
    process.stdout.write(`${s.key.padEnd(14)} in force ${s.inForce ?? '-'}  configured ${s.configured ?? '-'}${override}\n`);
  }
  for (const d of view.pending) process.stdout.write(`${d} runs with older settings: kioskctl diag restart --device ${d}\n`);
}

export const diagDeviceCommands: CommandSpec[] = [
  {
    path: ['diag', 'devices'],
    summary: 'the running kiosk’s on-site device settings: in force, configured, and the technician’s overrides (which win until cleared)',
    usage: 'diag devices [--data-dir DIR] [--json]',
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const view = (await askKiosk(values, 'GET', 'devices')) as SettingsView;
      if (values.json) printJson(view);
      else printSettings(view);
      return 0;
    },
  },
  {
    path: ['diag', 'devices', 'set'],
    summary: 'change device settings on site (checked and kept by the kiosk, audited); each takes effect when its device restarts',
    usage: 'diag devices set [--reader TEXT] [--printer-port PATH] [--printer-baud N] [--terminal-port PATH] [--data-dir DIR] [--json]',
    options: { ...Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }])), 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const changes = Object.keys(FLAGS).flatMap((key) => (values[key] !== undefined ? [{ key, value: stringOption(values, key, true) }] : []));
      if (changes.length === 0) throw new CliError('say what to change: --reader, --printer-port, --printer-baud or --terminal-port', 2);
      const view = (await askKiosk(values, 'POST', 'devices', { changes })) as SettingsView;
      if (values.json) printJson(view);
      else printSettings(view);
      return 0;
    },
  },
  {
    path: ['diag', 'devices', 'clear'],
    summary: 'remove on-site device settings, so the configuration’s values apply again (at the device’s next restart)',
    usage: 'diag devices clear reader|printer-port|printer-baud|terminal-port… [--data-dir DIR]',
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    async run({ values, positionals }) {
      if (positionals.length === 0) throw new CliError('say which settings to clear: reader, printer-port, printer-baud, terminal-port', 2);
      const view = (await askKiosk(values, 'POST', 'devices', { changes: positionals.map((key) => ({ key, value: null })) })) as SettingsView;
      if (values.json) printJson(view);
      else printSettings(view);
      return 0;
    },
  },
  {
    path: ['diag', 'restart'],
    summary: 'restart one device of the running kiosk with the settings kept now (refused while a shopper is served), audited',
    usage: 'diag restart --device cardReader|printer|terminal [--data-dir DIR] [--json]',
    options: { device: { type: 'string' }, 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const device = stringOption(values, 'device', true);
      if (!(DEVICES as readonly string[]).includes(device)) throw new CliError(`--device must be ${DEVICES.join(', ')}`, 2);
      const outcome = (await askKiosk(values, 'POST', 'restart', { device }, 60_000)) as { devices: Record<string, { status: string; reason?: string }> };
      if (values.json) printJson(outcome);
      else process.stdout.write(`${device} restarted: ${outcome.devices[device]?.status ?? 'unknown'}\n`);
      return 0;
    },
  },
];
