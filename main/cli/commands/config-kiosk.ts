import { BundleStore } from '../../config/bundle/store';
import { checkAndRecord, configStatus } from '../../config/tuf/status';
import { CliError, type CommandSpec, printJson } from '../command';
import { cliSettings } from '../settings';

/** kioskctl config status: what a technician (or an ops script over ssh) asks a kiosk. */
export const configStatusCommands: CommandSpec[] = [
  {
    path: ['config', 'status'],
    summary: 'the configuration in force on this kiosk, what is staged or on probation, what was refused and why, and how fresh the metadata is',
    usage: 'config status [--data-dir DIR] [--json]',
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const settings = cliSettings(values);
      const status = configStatus(new BundleStore(settings.dataDir), { repository: settings.configRepository.url, now: Date.now() });
      if (values.json) {
        printJson(status);
        return 0;
      }
      const line = (text: string) => process.stdout.write(`${text}\n`);
      line(`in force: ${status.version === 0 ? 'the shipped configuration (version 0)' : `bundle ${status.version}`} (${status.rollout})`);
      if (status.lastKnownGood !== undefined) line(`last known-good: ${status.lastKnownGood}`);
      if (status.staged !== undefined) line(`staged: bundle ${status.staged}, applied at the next idle moment`);
      if (status.probation) line(`on probation since ${status.probation.since}: health checks running`);
      for (const r of status.refused) line(`refused: bundle ${r.version} (${r.code}: ${r.reason})`);
      line(`repository: ${status.repository ?? 'none configured (KIOSK_CONFIG_URL)'}; metadata ${status.freshness}${status.metadataExpires ? ` (timestamp expires ${status.metadataExpires})` : ''}`);
      if (status.lastCheck) line(`last check ${status.lastCheck.at}: ${status.lastCheck.outcome}${status.lastCheck.code ? ` (${status.lastCheck.code}: ${status.lastCheck.message})` : ''}`);
      return 0;
    },
  },
  {
    path: ['config', 'check-now'],
    summary: 'ask the configuration repository now instead of at the next poll: verify and stage what is new for this kiosk',
    usage: 'config check-now [--data-dir DIR] [--json]',
    options: { 'data-dir': { type: 'string' }, json: { type: 'boolean' } },
    async run({ values }) {
      const settings = cliSettings(values);
      const url = settings.configRepository.url;
      if (!url) throw new CliError('no configuration repository is configured (KIOSK_CONFIG_URL)');
      const result = await checkAndRecord({ store: new BundleStore(settings.dataDir), url, kioskId: settings.kioskId });
      const summary = result.outcome === 'staged' ? { outcome: result.outcome, version: result.version, downloaded: result.downloaded, reused: result.reused } : result;
      if (values.json) printJson(summary);
      else process.stdout.write(result.outcome === 'staged' ? `bundle ${result.version} verified and staged (downloaded ${result.downloaded.join(', ') || 'nothing'})\n` : `nothing newer for this kiosk (bundle ${result.version} is the newest)\n`);
      return 0;
    },
  },
];
