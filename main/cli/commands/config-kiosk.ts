import { BundleStore } from '../../config/bundle/store';
import { checkAndRecord, configStatus, type LastCheck, readLastCheck } from '../../config/tuf/status';
import { CliError, type CommandSpec, printJson } from '../command';
import { cliSettings } from '../settings';
import { runningKioskPid } from './kiosk';

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
      const store = new BundleStore(settings.dataDir);
      const pid = runningKioskPid(settings.dataDir);
      // A running kiosk is the store's one writer: ask it to poll now, and read what its check recorded.
      const check = pid ? await signalKiosk(pid, store) : await checkHere(store, url, settings.kioskId);
      if (values.json) printJson(check);
      else (check.outcome === 'failed' ? process.stderr : process.stdout).write(`${describeCheck(check)}\n`);
      if (check.outcome === 'failed') return 1;
      return 0;
    },
  },
];

async function checkHere(store: BundleStore, url: string, kioskId: string): Promise<LastCheck & { downloaded?: string[] }> {
  try {
    const result = await checkAndRecord({ store, url, kioskId });
    return { ...readLastCheck(store)!, ...(result.outcome === 'staged' ? { downloaded: result.downloaded } : {}) };
  } catch {
    return readLastCheck(store)!;
  }
}

async function signalKiosk(pid: number, store: BundleStore): Promise<LastCheck> {
  const before = readLastCheck(store)?.at;
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const last = readLastCheck(store);
    if (last && last.at !== before) return last;
    if (Date.now() > deadline) throw new CliError(`the kiosk (pid ${pid}) did not record a check within 60 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function describeCheck(check: LastCheck): string {
  if (check.outcome === 'staged') return `bundle ${check.version} verified and staged: it is applied at the next idle moment`;
  if (check.outcome === 'current') return `nothing newer for this kiosk (bundle ${check.version} is the newest meant for it)`;
  return `check failed: ${check.code}: ${check.message}`;
}
