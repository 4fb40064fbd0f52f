import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { KioskSettings } from '../../config';
import { CliError, type CommandSpec, printJson, stringOption, untilSignal } from '../command';
import { processAlive, runUntilStopped } from '../lifecycle';
import { errorCode } from '../../../shared/coded-error';
import { ensureRendererBuilt, rendererDist, repoRoot } from '../paths';
import { cliSettings } from '../settings';
import { recordStart, type StartDecision } from '../../app/start-journal';
import { loadSdNotify, startWatchdog, type Watchdog } from '../../app/watchdog';
import type { Logger } from '../../core/ports';
import { LOG_LINES_PER_SECOND, throttleLog } from '../../app/log-throttle';
import { privateFilesFromNowOn } from '../../app/private-process';
import { LOG_DIR, RotatingLogFile } from '../../app/log-file';
import { RESTART_EXIT_CODE } from '../../app/maintenance';

/**
 * `kioskctl start` runs the kiosk in one of its two shells; `kioskctl lab ...` drives the
 * simulated devices of a running kiosk through its lab server, found via runtime.json.
 */
const RUNTIME_FILE = 'runtime.json';

/**
 * With simulated devices and no technician PIN configured, the lab's technician card opens
 * diagnostics with PIN 135790 (this is its scrypt hash). Never on a kiosk with real devices:
 * there a PIN comes only from KIOSK_TECHNICIAN_PIN_HASH or a signed configuration.
 */
const LAB_TECHNICIAN_PIN_HASH = 'scrypt$16384$8$1$LG4rcVIdg-weCUn8DCOZlg$JPna_SfK0Dri7I5Cz8SSYBIEhOZJMS5OAxA5H_gjYY0';
const Runtime = z.object({ pid: z.number(), kioskUrl: z.string(), labUrl: z.string(), labToken: z.string(), diagUrl: z.string().optional(), diagToken: z.string().optional() });
type Runtime = z.infer<typeof Runtime>;

/** Electron >= 45 downloads its binary on first use; only a binary already on disk counts. */
function electronBinary(): string | undefined {
  const pathFile = join(repoRoot, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(repoRoot, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

async function startElectron(binary: string, settings: KioskSettings): Promise<number> {
  const { execFileSync } = await import('node:child_process');
  ensureRendererBuilt((l) => process.stderr.write(`${l}\n`));
  execFileSync('npm', ['run', '--silent', 'build:electron'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  // The Electron shell reads the same settings; what this command decided (simulation on unless
  // KIOSK_SIMULATE=0, the data folder) is handed over explicitly rather than left to its defaults.
  const env = { ...process.env, KIOSK_SIMULATE: settings.simulate ? '1' : '0', KIOSK_DATA_DIR: settings.dataDir };
  const child = spawn(binary, [join(repoRoot, 'dist', 'electron', 'main.cjs')], { stdio: 'inherit', env });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

/**
 * Opens Chromium on the kiosk page. The launch URL carries a one-time ticket, and every account
 * on the machine can read a process's command line (/proc/PID/cmdline), so the URL is not an
 * argument: it goes into a page in Chromium's own profile folder (0700, made by mkdtemp) that
 * only this user can read, and Chromium is pointed at that file, which forwards to the kiosk.
 */
function openChromium(launchUrl: () => string, host: KioskSettings['host']): (() => void) | undefined {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    process.stderr.write('no display found: open KIOSK_URL in a browser (or run under xvfb-run)\n');
    return undefined;
  }
  if (!existsSync(host.chromiumPath)) {
    process.stderr.write(`Chromium not found at ${host.chromiumPath}: open KIOSK_URL in a browser\n`);
    return undefined;
  }
  const profile = mkdtempSync(join(tmpdir(), 'kiosk-chromium-'));
  const launchPage = join(profile, 'launch.html');
  writeFileSync(launchPage, `<!doctype html><meta charset="utf-8"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="0;url=${launchUrl()}">`, { mode: 0o600 });
  const args = [
    `--app=${pathToFileURL(launchPage).href}`,
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // The page is already in the shopper's language: no translate bubble over the kiosk.
    '--disable-features=Translate',
    '--disable-pinch',
    '--noerrdialogs',
    '--hide-crash-restore-bubble',
    '--overscroll-history-navigation=0',
    '--window-size=1080,1920',
    ...(host.fullscreen ? ['--kiosk'] : []),
    // Chromium refuses its sandbox as root; --test-type hides the warning bar that would cover
    // the top of the kiosk. Production kiosks run Electron as an unprivileged user instead.
    ...(process.getuid?.() === 0 ? ['--no-sandbox', '--test-type'] : []),
  ];
  const child = spawn(host.chromiumPath, args, { stdio: 'ignore' });
  child.on('error', (err) => process.stderr.write(`could not open Chromium: ${err.message}\n`));
  return () => {
    child.kill('SIGTERM');
    rmSync(profile, { recursive: true, force: true });
  };
}

async function startBrowser(settings: KioskSettings): Promise<number> {
  const [{ startKiosk, kioskOptionsFrom }, { startBrowserHost }, { createLogger }] = await Promise.all([
    import('../../app/compose'),
    import('../../browser-host/server'),
    import('../../core/log'),
  ]);
  ensureRendererBuilt((l) => process.stderr.write(`${l}\n`));
  privateFilesFromNowOn();
  const dir = settings.dataDir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const runtimeFile = join(dir, RUNTIME_FILE);
  const other = liveRuntime(runtimeFile);
  if (other) throw new CliError(`a kiosk is already running on ${dir} (pid ${other.pid}); stop it first`);
  const logFile = new RotatingLogFile(join(dir, LOG_DIR), settings.maintenance.logs);
  // No burst of one event (refused upgrades, rejected intents) may flood the journal or the log file.
  const log = throttleLog(
    createLogger('kiosk', (line) => {
      process.stderr.write(line);
      logFile.write(line);
    }),
    { perSecond: LOG_LINES_PER_SECOND },
  );
  // A run that ends without markClean() (a crash, kill -9, the watchdog) counts toward safe mode.
  const run = recordStart(dir, settings.recovery);
  const watchdog = startWatchdog({ log, notify: loadSdNotify(log) });
  if (run.mode === 'safe') return runSafeMode(settings, run, watchdog, log);
  // From here on every way out (a signal, an uncaught failure) runs the same cleanup once; only
  // a stop that was asked for is a clean one.
  const closers: (() => unknown)[] = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await Promise.resolve().then(close).catch(() => undefined);
  };
  const lifecycle = runUntilStopped(
    async ({ failure }) => {
      await closeAll();
      if (!failure) run.markClean();
    },
    { onStop: ({ signal, failure, exitCode }) => (failure ? log.error('kiosk-failed', failureFields(failure)) : log.info('kiosk-stopping', { signal, exitCode })) },
  );
  closers.push(() => rmSync(runtimeFile, { force: true }));
  closers.push(() => watchdog.stop());
  try {
    const kiosk = await startKiosk({ ...kioskOptionsFrom(settings), log, starts: run, logFile, onRestart: () => lifecycle.exit(RESTART_EXIT_CODE) });
    closers.push(() => kiosk.close());
    const host = await startBrowserHost({ core: kiosk.core, log, rendererDir: rendererDist, port: settings.host.port });
    closers.push(() => host.close());
    const runtime: Runtime = { pid: process.pid, kioskUrl: host.url, labUrl: kiosk.lab?.url ?? '', labToken: kiosk.lab?.token ?? '', diagUrl: kiosk.diag.url, diagToken: kiosk.diag.token };
    writeFileSync(runtimeFile, JSON.stringify(runtime), { mode: 0o600 });
    const closeBrowser = settings.host.open ? openChromium(() => host.launchUrl(), settings.host) : undefined;
    if (closeBrowser) closers.push(closeBrowser);
    // A ticket on stdout only when nobody else will use one: stdout may end up in a journal.
    process.stdout.write(`KIOSK_URL=${closeBrowser ? host.url : host.launchUrl()}\n`);
    if (kiosk.lab) process.stdout.write(`LAB_URL=${kiosk.lab.url}?token=${kiosk.lab.token}\n`);
    if (kiosk.telemetry.metricsUrl) process.stdout.write(`METRICS_URL=${kiosk.telemetry.metricsUrl}\n`);
    watchdog.ready('in service');
  } catch (err) {
    lifecycle.release();
    await closeAll();
    throw err;
  }
  return lifecycle.stopped;
}

/** After a crash loop: the out-of-service page, still reporting, for the rule's safe-mode time. */
async function runSafeMode(settings: KioskSettings, run: StartDecision, watchdog: Watchdog, log: Logger): Promise<number> {
  const { startSafeMode } = await import('../../app/safe-mode');
  ensureRendererBuilt((l) => process.stderr.write(`${l}\n`));
  const safe = await startSafeMode({ settings, decision: run, log, rendererDir: rendererDist });
  process.stdout.write(`KIOSK_URL=${safe.url}\nKIOSK_MODE=safe\n`);
  if (safe.telemetry?.metricsUrl) process.stdout.write(`METRICS_URL=${safe.telemetry.metricsUrl}\n`);
  const safeUrl = safe.url;
  const closeBrowser = settings.host.open && safeUrl ? openChromium(() => safeUrl, settings.host) : undefined;
  watchdog.ready(`safe mode: out of service after ${run.recentCrashes} crashes`);
  let timer: NodeJS.Timeout | undefined;
  // Ends cleanly after safeModeMs; the supervisor (Restart=always) starts it again, in service once the crashes aged out.
  await Promise.race([untilSignal(), new Promise((r) => (timer = setTimeout(r, settings.recovery.safeModeMs)))]);
  clearTimeout(timer);
  watchdog.stop();
  closeBrowser?.();
  await safe.close();
  run.markClean();
  return 0;
}

/** What failed and where, without the message: an error's text may carry whatever it was given. */
function failureFields(failure: unknown): Record<string, unknown> {
  if (!(failure instanceof Error)) return { error: typeof failure };
  return { error: failure.name, code: errorCode(failure), at: failure.stack?.split('\n')[1]?.trim() };
}

/** The runtime.json of a kiosk that is still running; a stale one (its process is gone) is removed. */
function liveRuntime(file: string): Runtime | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: ReturnType<typeof Runtime.safeParse>;
  try {
    parsed = Runtime.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    parsed = Runtime.safeParse(undefined);
  }
  if (parsed.success && processAlive(parsed.data.pid)) return parsed.data;
  rmSync(file, { force: true });
  return undefined;
}

/** The pid of the kiosk running on this data folder, if one is (kioskctl config check-now signals it). */
export function runningKioskPid(dataDir: string): number | undefined {
  return liveRuntime(join(dataDir, RUNTIME_FILE))?.pid;
}

/** Where the running kiosk's diagnostics door is (kioskctl diag), and its token. */
export function diagRuntime(values: Record<string, unknown>): { url: string; token: string } {
  const runtime = liveRuntime(join(cliSettings(values).dataDir, RUNTIME_FILE));
  if (!runtime) throw new CliError('no running kiosk found (start one with `npm start` or `kioskctl start`)');
  if (!runtime.diagUrl || !runtime.diagToken) throw new CliError('the running kiosk has no diagnostics door (an older version?)');
  return { url: runtime.diagUrl, token: runtime.diagToken };
}

function readRuntime(values: Record<string, unknown>): Runtime {
  const runtime = liveRuntime(join(cliSettings(values).dataDir, RUNTIME_FILE));
  if (!runtime) throw new CliError('no running kiosk found (start one with `npm start` or `kioskctl start`)');
  if (!runtime.labUrl) throw new CliError('the running kiosk has no lab (it runs without simulators)');
  return runtime;
}

async function labAction(values: Record<string, unknown>, body: Record<string, unknown>): Promise<number> {
  const runtime = readRuntime(values);
  let res: Response;
  try {
    res = await fetch(new URL('action', runtime.labUrl), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${runtime.labToken}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new CliError('the kiosk is not answering (is it still running?)');
  }
  if (!res.ok) {
    const answer = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
    throw new CliError(`lab refused: ${answer.message ?? answer.error ?? res.status}`);
  }
  return 0;
}

const dataDirOption = { 'data-dir': { type: 'string' } } as const;

export const kioskCommands: CommandSpec[] = [
  {
    path: ['start'],
    usage: 'start [--shell auto|electron|browser] [--no-open] [--port N] [--data-dir DIR]',
    summary: 'run the kiosk with simulated devices and the embedded gateway (KIOSK_SIMULATE=0: the configured real devices)',
    options: { shell: { type: 'string' }, 'no-open': { type: 'boolean' }, port: { type: 'string' }, ...dataDirOption },
    async run({ values }) {
      const options = {
        // The developer's command: simulated devices unless KIOSK_SIMULATE=0 says otherwise.
        defaults: { simulate: true },
        flags: {
          '--shell': ['host.shell', stringOption(values, 'shell')],
          '--port': ['host.port', stringOption(values, 'port')],
          '--no-open': ['host.open', values['no-open'] === true ? false : undefined],
        },
      } satisfies Parameters<typeof cliSettings>[1];
      // The signed bundle in force sits between the shipped files and the environment (cliSettings):
      // its device line settings and gateway URL take effect here, at the start.
      const settings = cliSettings(values, options);
      if (settings.simulate && !settings.technician.pinHash) settings.technician.pinHash = LAB_TECHNICIAN_PIN_HASH;
      const shell = settings.host.shell;
      const binary = shell === 'browser' ? undefined : electronBinary();
      if (binary) {
        process.stderr.write('shell: Electron\n');
        return startElectron(binary, settings);
      }
      if (shell === 'electron') throw new CliError('the Electron binary is not installed on this machine (it cannot be downloaded here); use --shell browser');
      process.stderr.write('shell: browser host with system Chromium (the Electron binary is not installed here)\n');
      return startBrowser(settings);
    },
  },
  {
    path: ['lab', 'card', 'insert'],
    usage: 'lab card insert [--variant demo|pin|belpic|expired|technician] [--identity FILE] [--tamper identity|address|chip|cert-expired|untrusted|unsigned]',
    summary: 'insert a simulated ID card into the running kiosk (the pin variant\'s PIN is 1234)',
    options: { identity: { type: 'string' }, variant: { type: 'string' }, tamper: { type: 'string' }, ...dataDirOption },
    async run({ values }) {
      const file = stringOption(values, 'identity');
      let identity: unknown;
      if (file) {
        try {
          identity = JSON.parse(readFileSync(file, 'utf8'));
        } catch (err) {
          throw new CliError(`cannot read identity file ${file}: ${(err as Error).message}`);
        }
      }
      return labAction(values, { action: 'card-insert', identity, variant: stringOption(values, 'variant'), tamper: stringOption(values, 'tamper') });
    },
  },
  {
    path: ['lab', 'card', 'remove'],
    summary: 'remove the simulated ID card',
    options: dataDirOption,
    run: ({ values }) => labAction(values, { action: 'card-remove' }),
  },
  {
    path: ['lab', 'terminal'],
    usage: 'lab terminal --scenario NAME',
    summary: 'choose the simulated terminal’s next outcome',
    options: { scenario: { type: 'string' }, ...dataDirOption },
    run: ({ values }) => labAction(values, { action: 'terminal-scenario', scenario: stringOption(values, 'scenario', true) }),
  },
  {
    path: ['lab', 'gateway'],
    usage: 'lab gateway up|down',
    summary: 'take the embedded gateway simulator down or bring it back',
    options: dataDirOption,
    allowPositionals: true,
    run: ({ values, positionals }) => {
      const [state] = positionals;
      if (state !== 'up' && state !== 'down') throw new CliError('say `lab gateway up` or `lab gateway down`', 2);
      return labAction(values, { action: 'gateway', down: state === 'down' });
    },
  },
  {
    path: ['lab', 'printer'],
    usage: 'lab printer paper-out|paper-in',
    summary: 'run the simulated printer out of paper, or load a new roll',
    options: dataDirOption,
    allowPositionals: true,
    run: ({ values, positionals }) => {
      const [state] = positionals;
      if (state !== 'paper-out' && state !== 'paper-in') throw new CliError('say `lab printer paper-out` or `lab printer paper-in`', 2);
      return labAction(values, { action: 'printer-paper', out: state === 'paper-out' });
    },
  },
  {
    path: ['lab', 'status'],
    summary: 'print the running kiosk’s URLs',
    options: { json: { type: 'boolean' }, ...dataDirOption },
    async run({ values }) {
      const { pid, kioskUrl, labUrl } = readRuntime(values);
      printJson({ pid, kioskUrl, labUrl });
      return 0;
    },
  },
];
