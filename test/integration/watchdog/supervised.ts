import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * Runs `kioskctl start` under test/integration/watchdog/supervisor.py, which plays systemd's
 * part of the kiosk's unit (Type=notify, WatchdogSec, Restart=always, start limits) on a real
 * unix datagram socket. Its JSON event lines and the kiosk's own stdout lines arrive mixed.
 */
interface SupervisorEvent {
  event: string;
  pid?: number;
  status?: string;
  code?: number | null;
  signal?: number | null;
  start?: number;
}

export interface Supervised {
  events: SupervisorEvent[];
  /** The kiosk's `NAME=value` lines, latest value of each. */
  printed: Record<string, string>;
  until(pred: (events: SupervisorEvent[]) => boolean, what: string, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function supervise(opts: { watchdogSec: number; startLimitBurst?: number; env: NodeJS.ProcessEnv; dataDir: string }): Supervised {
  const args = [
    resolve('test/integration/watchdog/supervisor.py'),
    `--watchdog-sec=${opts.watchdogSec}`,
    `--start-limit-burst=${opts.startLimitBurst ?? 10}`,
    '--start-limit-interval-sec=600',
    '--restart-sec=0.5',
    '--',
    process.execPath,
    resolve('bin/kioskctl.mjs'),
    'start',
    '--shell',
    'browser',
    '--no-open',
    '--port',
    '0',
    '--data-dir',
    opts.dataDir,
  ];
  const child: ChildProcess = spawn('python3', args, { env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: SupervisorEvent[] = [];
  const printed: Record<string, string> = {};
  let buffered = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('{')) events.push(JSON.parse(line) as SupervisorEvent);
      else {
        const m = /^([A-Z_]+)=(.*)$/.exec(line);
        if (m) printed[m[1]!] = m[2]!;
      }
    }
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (c: Buffer) => stderr.push(c.toString()));
  return {
    events,
    printed,
    async until(pred, what, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pred(events)) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`supervisor: no ${what}; events ${JSON.stringify(events.map((e) => e.event))}; stderr ${stderr.join('').slice(-1500)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
