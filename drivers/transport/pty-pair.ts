import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A linked pair of pseudo-terminals made by socat: what one side writes, the other reads.
 * Stands in for a serial cable between a driver and a device simulator.
 */
export interface PtyPair {
  /** The side a driver opens (the "kiosk" end). */
  hostPath: string;
  /** The side a simulator opens (the "device" end). */
  devicePath: string;
  /** Kills socat: both ends see the link vanish, as with an unplugged cable. */
  close(): Promise<void>;
}

/**
 * util-linux's setpriv asks the kernel to signal socat when the process that started it dies
 * (PR_SET_PDEATHSIG, kept across exec), so even a kiosk killed with SIGKILL leaves no socat
 * behind. Without it (not Linux) socat is only stopped by close().
 */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p));

export async function createPtyPair(dir?: string, timeoutMs = 5000): Promise<PtyPair> {
  const base = dir ?? mkdtempSync(join(tmpdir(), 'kiosk-pty-'));
  const hostPath = join(base, 'host');
  const devicePath = join(base, 'device');
  let child: ChildProcess;
  try {
    const socat = ['socat', '-d', '-d', `pty,raw,echo=0,link=${hostPath}`, `pty,raw,echo=0,link=${devicePath}`];
    const [command, ...args] = SETPRIV ? [SETPRIV, '--pdeathsig', 'SIGTERM', ...socat] : socat;
    child = spawn(command!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    throw new Error(`cannot start socat (apt-get install socat): ${(err as Error).message}`);
  }
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (err) => reject(new Error(`cannot start socat (apt-get install socat): ${err.message}`))),
  );
  const ready = (async () => {
    const deadline = Date.now() + timeoutMs;
    while (!(existsSync(hostPath) && existsSync(devicePath) && stderr.includes('starting data transfer loop'))) {
      if (Date.now() > deadline) throw new Error(`socat did not create ptys in ${timeoutMs} ms: ${stderr.trim()}`);
      if (child.exitCode !== null) throw new Error(`socat exited: ${stderr.trim()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await Promise.race([ready, spawnError]);
  return {
    hostPath,
    devicePath,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      if (!dir) rmSync(base, { recursive: true, force: true });
    },
  };
}
